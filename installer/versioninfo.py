"""The version has one source, pyproject.toml; the build reads it here.

`python installer/versioninfo.py` prints it (the build scripts name the tarball and the
Inno Setup installer with it); `write_version_file(path)` writes PyInstaller's Windows
version resource (the exe's Properties > Details tab) from it.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PUBLISHER = "cedu team"
PRODUCT = "cedu 建设行业继续教育"


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """"0.1.0" -> (0, 1, 0, 0); a suffix such as "rc1" or "+local" is dropped."""
    numbers: list[int] = []
    for part in version.split("+")[0].split(".")[:4]:
        leading = re.match(r"\d*", part)
        numbers.append(int(leading.group() or 0) if leading else 0)
    while len(numbers) < 4:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_file_text(version: str) -> str:
    numbers = version_tuple(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": PRODUCT,
        "FileVersion": version,
        "InternalName": "cedu",
        "LegalCopyright": f"© {PUBLISHER}",
        "OriginalFilename": "cedu.exe",
        "ProductName": PRODUCT,
        "ProductVersion": version,
    }
    entries = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
{entries}
    ])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def write_version_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_file_text(project_version()), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(project_version() + "\n")
