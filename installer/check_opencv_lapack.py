"""Checks the bundle's cv2 against numpy on every BLAS and LAPACK routine it calls.

cv2's matrix routines go to OpenBLAS through the adapter make_blas_adapter.py builds
(32-bit integers widened for numpy's 64-bit OpenBLAS). Each routine cv2 imports is run
here through the OpenCV call that uses it, on matrices above OpenCV's "small matrix"
thresholds (below them OpenCV uses its own code), and compared with numpy.linalg; dgeev
and dgeqrf, which no cv2 call here reaches, are called through the adapter directly.

Usage: LD_LIBRARY_PATH=<bundle>/_internal python check_opencv_lapack.py <bundle>
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[Any]


def load_bundle_cv2(internal: Path) -> types.ModuleType:
    path = next(internal.glob("cv2/cv2*.so"))
    loader = importlib.machinery.ExtensionFileLoader("cv2", str(path))
    spec = importlib.util.spec_from_file_location("cv2", path, loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def mapped(fragment: str) -> list[str]:
    lines = Path("/proc/self/maps").read_text().splitlines()
    return sorted({line.split()[-1] for line in lines if fragment in line})


def main() -> int:
    internal = Path(sys.argv[1]).resolve() / "_internal"
    cv2 = load_bundle_cv2(internal)
    rng = np.random.default_rng(8)
    problems: list[str] = []

    def close(what: str, got: Matrix, wanted: Matrix, tolerance: float) -> None:
        error = float(np.max(np.abs(np.asarray(got) - np.asarray(wanted))))
        scale = float(np.max(np.abs(wanted))) or 1.0
        if not error <= tolerance * scale:
            problems.append(f"{what}: off by {error:.3g} (scale {scale:.3g})")

    n = 160  # above OpenCV's LAPACK thresholds (25 for SVD, 30 for QR, 100 for the rest)
    real_types: tuple[tuple[Any, float], ...] = ((np.float32, 2e-3), (np.float64, 1e-9))
    for dtype, tol in real_types:
        name = np.dtype(dtype).name
        a: Matrix = rng.standard_normal((n, n)).astype(dtype)
        b: Matrix = rng.standard_normal((n, 3)).astype(dtype)
        spd = (a.astype(np.float64) @ a.T + n * np.eye(n)).astype(dtype)
        wide = a.astype(np.float64)
        close(f"gemm {name}", cv2.gemm(a, a, 1.0, None, 0.0), wide @ wide, tol)
        exact: Matrix = np.linalg.solve(wide, b)
        for flag, label in (
            (cv2.DECOMP_LU, "LU (gesv)"),
            (cv2.DECOMP_QR, "QR (gels)"),
            (cv2.DECOMP_SVD, "SVD (gesdd)"),
        ):
            ok, x = cv2.solve(a, b, flags=flag)
            close(f"solve {label} {name}", x if ok else np.zeros_like(exact), exact, tol * 10)
        ok, x = cv2.solve(spd, b, flags=cv2.DECOMP_CHOLESKY)
        wanted: Matrix = np.linalg.solve(spd.astype(np.float64), b)
        close(f"solve Cholesky (posv) {name}", x if ok else np.zeros_like(wanted), wanted, tol)
        near_identity = (np.eye(n) + 0.02 * rng.standard_normal((n, n))).astype(dtype)
        close(
            f"determinant (getrf) {name}",
            np.array(cv2.determinant(near_identity)),
            np.array(np.linalg.det(near_identity.astype(np.float64))),
            tol,
        )
        w = cv2.SVDecomp(a)[0]
        close(f"SVDecomp (gesdd) {name}", w.ravel(), np.linalg.svd(wide, compute_uv=False), tol)
        inverse = cv2.invert(spd, flags=cv2.DECOMP_CHOLESKY)[1].astype(np.float64)
        close(f"invert Cholesky (potrf) {name}", inverse @ spd, np.eye(n), tol * 10)
        inverse = cv2.invert(a, flags=cv2.DECOMP_LU)[1].astype(np.float64)
        close(f"invert LU (getrf) {name}", inverse @ wide, np.eye(n), tol * 100)

    complex_types: tuple[tuple[Any, float], ...] = ((np.complex64, 2e-3), (np.complex128, 1e-9))
    for dtype, tol in complex_types:
        z: Matrix = (rng.standard_normal((n, n)) + 1j * rng.standard_normal((n, n))).astype(dtype)
        real = np.float32 if dtype == np.complex64 else np.float64
        two_channel = np.ascontiguousarray(z).view(real).reshape(n, n, 2)
        product = cv2.gemm(two_channel, two_channel, 1.0, None, 0.0)
        got = product[..., 0] + 1j * product[..., 1]
        close(f"gemm {np.dtype(dtype).name}", got, z.astype(np.complex128) @ z, tol)

    # dgeev and dgeqrf, which no cv2 call here reaches, straight through the adapter, with
    # 32-bit integers as cv2 passes them.
    blas = next(path for path in mapped("openblas-r0") if path.startswith(str(internal)))
    adapter = ctypes.CDLL(blas)
    ref = ctypes.byref

    def as_c(array: Matrix) -> ctypes.c_void_p:
        return array.ctypes.data_as(ctypes.c_void_p)

    m = 50
    g = rng.standard_normal((m, m))
    work_a = np.asfortranarray(g.copy())
    wr, wi, vr, work = np.zeros(m), np.zeros(m), np.zeros((m, m), order="F"), np.zeros(8 * m)
    info, dim, one, lwork = (ctypes.c_int(v) for v in (0, m, 1, 8 * m))
    adapter.dgeev_(
        ctypes.c_char_p(b"N"), ctypes.c_char_p(b"V"), ref(dim), as_c(work_a), ref(dim),
        as_c(wr), as_c(wi), as_c(np.zeros(1)), ref(one), as_c(vr), ref(dim), as_c(work),
        ref(lwork), ref(info),
    )
    close("dgeev eigenvalues", np.sort_complex(wr + 1j * wi),
          np.sort_complex(np.linalg.eigvals(g)), 1e-9)
    if info.value != 0:
        problems.append(f"dgeev info {info.value}")
    work_a, tau = np.asfortranarray(g.copy()), np.zeros(m)
    adapter.dgeqrf_(ref(dim), ref(dim), as_c(work_a), ref(dim), as_c(tau), as_c(work),
                    ref(lwork), ref(info))
    close("dgeqrf R", np.abs(np.diag(work_a)), np.abs(np.diag(np.linalg.qr(g)[1])), 1e-9)

    # The bundle's OpenCV OpenBLAS must be the adapter (tens of KB), not the 37 MB library.
    if Path(blas).stat().st_size > 2**20:
        problems.append(f"{blas} is OpenCV's own OpenBLAS, not the adapter")
    if problems:
        print("check_opencv_lapack: FAIL\n  " + "\n  ".join(problems))
        return 1
    print(
        "check_opencv_lapack: cv2.gemm (float32/64, complex64/128), solve (LU, QR, SVD,"
        " Cholesky), determinant, invert (LU, Cholesky), SVDecomp, and dgeev/dgeqrf called"
        f" directly agree with numpy, through {Path(blas).name}"
        f" ({Path(blas).stat().st_size // 1024} KB adapter)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
