"""Replaces OpenCV's own OpenBLAS in a built Linux bundle by an adapter onto numpy's.

OpenCV's wheel ships OpenBLAS 0.3.3 with libgfortran (38 MB) for the BLAS and LAPACK
routines cv2 calls; numpy's wheel ships OpenBLAS 0.3.23 (ILP64, "64_" names). The
adapter (blas_lp64_on_ilp64.c) gets the OpenCV copy's file name and soname and passes
each call on to numpy's copy. The build stops if cv2 imports a routine from OpenBLAS that
the adapter does not define (a newer OpenCV), and check_opencv_lapack.py (run by
check_bundle.sh) compares cv2's results through the adapter with numpy's.

Usage: make_blas_adapter.py <bundle>/_internal <scratch folder>
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def needed(path: Path) -> list[str]:
    dynamic = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic)


def symbols(path: Path, defined: bool) -> set[str]:
    which = "--defined-only" if defined else "--undefined-only"
    listing = subprocess.run(
        ["nm", "-D", which, str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {line.split()[-1].split("@")[0] for line in listing.splitlines() if line.strip()}


def main() -> int:
    internal, scratch = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    cv2_module = next(internal.glob("cv2/cv2*.so"))
    opencv_blas = [internal / name for name in needed(cv2_module) if "openblas" in name]
    numpy_blas = sorted(internal.glob("numpy.libs/libopenblas64_*.so"))
    if len(opencv_blas) != 1 or len(numpy_blas) != 1:
        raise SystemExit(f"blas: expected one OpenBLAS each, got {opencv_blas} {numpy_blas}")
    old, target = opencv_blas[0], numpy_blas[0]
    if not old.is_file():
        raise SystemExit(f"blas: {old} is not in the bundle")

    scratch.mkdir(parents=True, exist_ok=True)
    adapter = scratch / old.name
    subprocess.run(
        ["gcc", "-O2", "-shared", "-fPIC", "-s", "-o", str(adapter),
         str(HERE / "blas_lp64_on_ilp64.c"), f"-Wl,-soname,{old.name}",
         f"-L{target.parent}", f"-l:{target.name}",
         f"-Wl,-rpath,$ORIGIN/{target.parent.relative_to(internal)}"],
        check=True,
    )
    wanted = symbols(cv2_module, defined=False) & symbols(old, defined=True)
    missing = wanted - symbols(adapter, defined=True)
    if missing:
        raise SystemExit(f"blas: cv2 calls {sorted(missing)}, which the adapter lacks")
    unresolved = {name + "64_" for name in wanted if name.startswith("cblas_")}
    unresolved |= {name + "64_" for name in wanted if not name.startswith("cblas_")}
    absent = unresolved - symbols(target, defined=True)
    if absent:
        raise SystemExit(f"blas: numpy's OpenBLAS lacks {sorted(absent)}")

    old_size = old.stat().st_size
    old_needs = needed(old)
    adapter.replace(old)
    # OpenCV's OpenBLAS brought libgfortran (and what it needs): gone unless still needed.
    still_needed = {
        name
        for path in internal.rglob("*.so*")
        if path.is_file() and not path.is_symlink()
        for name in needed(path)
    }
    dropped = [internal / name for name in old_needs if name not in still_needed]
    freed = old_size - old.stat().st_size
    for path in dropped:
        if path.is_file():
            freed += path.stat().st_size
            path.unlink()
    print(
        f"blas: {old.name} is now an adapter onto {target.name} for {len(wanted)} routines;"
        f" {freed / 2**20:.1f} MB freed (also {' '.join(p.name for p in dropped) or 'nothing'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
