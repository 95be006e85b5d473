"""Removes from a built Linux bundle the system libraries that only Qt's GTK theme needs.

Qt's GTK 3 platform theme (PySide6/Qt/plugins/platformthemes/libqgtk3.so, native file
dialogs on GNOME) links libgtk-3, which PyInstaller never bundles: the plugin only loads
where the system has GTK 3, and there the system also has everything GTK 3 stands on.
PyInstaller still copies the rest of that stack from the build machine (pango, cairo,
gdk-pixbuf, gio, harfbuzz...: about 8 MB), and the bundle's library path would then
hand the system's GTK these older or newer copies. A library goes when nothing in the
bundle but that plugin reaches it through DT_NEEDED (readelf -d).

Usage: prune_bundle.py <bundle>/_internal   (prints what it removed and the MB saved)
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

THEME_PLUGIN = "libqgtk3.so"
SHARED_OBJECT = re.compile(r"\.so(\.[0-9.]+)?$")


def needed(path: Path) -> list[str]:
    dynamic = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic)


def removable(internal: Path) -> list[Path]:
    objects = [
        path
        for path in internal.rglob("*")
        if path.is_file() and not path.is_symlink() and SHARED_OBJECT.search(path.name)
    ]
    by_name: dict[str, list[Path]] = defaultdict(list)
    for path in objects:
        by_name[path.name].append(path)
    links = {path: needed(path) for path in objects}

    def reached(roots: list[Path]) -> set[Path]:
        seen: set[Path] = set()
        stack = list(roots)
        while stack:
            path = stack.pop()
            if path not in seen:
                seen.add(path)
                stack.extend(q for name in links[path] for q in by_name.get(name, []))
        return seen

    # System libraries sit at the top of _internal; everything else (Python modules, Qt's
    # libraries and plugins, wheels' own libraries) is what the program loads itself.
    system = {path for path in objects if path.parent == internal and path.name.startswith("lib")}
    without_theme = reached(
        [path for path in objects if path not in system and path.name != THEME_PLUGIN]
    )
    with_theme = reached([path for path in objects if path.name == THEME_PLUGIN])
    return sorted(path for path in system & with_theme if path not in without_theme)


def main() -> int:
    internal = Path(sys.argv[1])
    gone = removable(internal)
    saved = sum(path.stat().st_size for path in gone)
    for path in gone:
        path.unlink()
    names = " ".join(path.name for path in gone)
    print(f"prune: {len(gone)} libraries only the GTK theme needs, {saved / 2**20:.1f} MB: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
