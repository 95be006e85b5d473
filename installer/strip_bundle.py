"""Strips the symbol tables from a built Linux bundle's shared libraries.

Wheels ship many libraries with their symbol tables (numpy's OpenBLAS, cryptography's
Rust core, Qt's ICU, the Python extension modules): nothing reads them at run time.
But `strip` corrupts some libraries that patchelf rewrote (auditwheel, PySide6's
wheel): Qt's libavformat then fails to load ("ELF load command address/offset not
page-aligned") and the bundle silently loses its Qt Multimedia player. So each library
is stripped into a copy, the copy is loaded (dlopen, its dependencies from the bundle),
and it replaces the original only if it loads.

Usage: strip_bundle.py <bundle>/_internal   (prints what it stripped, kept and saved)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED_OBJECT = re.compile(r"\.so(\.[0-9.]+)?$")
LOADS = "import ctypes, sys; ctypes.CDLL(sys.argv[1])"


def has_symbol_table(path: Path) -> bool:
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return " .symtab " in sections


def loads(path: Path, library_path: str) -> bool:
    env = {**os.environ, "LD_LIBRARY_PATH": library_path}
    result = subprocess.run(
        [sys.executable, "-c", LOADS, str(path)], capture_output=True, env=env, check=False
    )
    return result.returncode == 0


def main() -> int:
    internal = Path(sys.argv[1]).resolve()
    libraries = sorted(
        path
        for path in internal.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and SHARED_OBJECT.search(path.name)
        and has_symbol_table(path)
    )
    folders = sorted({str(path.parent) for path in internal.rglob("*.so*")})
    saved, kept = 0, []
    with tempfile.TemporaryDirectory() as scratch:
        for path in libraries:
            copy = Path(scratch) / path.name
            done = subprocess.run(
                ["strip", "--strip-unneeded", "-o", str(copy), str(path)],
                capture_output=True,
                check=False,
            )
            # The copy loads with the original's folder first, as $ORIGIN would give it.
            library_path = ":".join([str(path.parent), *folders])
            if done.returncode != 0 or not loads(copy, library_path):
                kept.append(path.name)
                continue
            saved += path.stat().st_size - copy.stat().st_size
            shutil.copymode(path, copy)
            shutil.move(str(copy), path)
    print(
        f"strip: {len(libraries) - len(kept)} libraries stripped, {saved / 2**20:.1f} MB;"
        f" left as they were (they would not load stripped): {' '.join(kept) or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
