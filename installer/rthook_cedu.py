"""PyInstaller runtime hook: runs in the frozen cedu before any of its code.

- The server's demo recipes are read from `CEDU_RESOURCES_DIR` (app/server/demo/content.py):
  point it at the bundle's resources/.
- When the build bundled libvlc (CEDU_VLC_DIR at build time), python-vlc must load that
  copy and its plugins, not look for a system VLC: PYTHON_VLC_LIB_PATH and
  PYTHON_VLC_MODULE_PATH are python-vlc's own overrides. Without a bundled copy nothing
  is set, and python-vlc finds the system's VLC or the player falls back to Qt Multimedia.
"""

import os
import sys
from pathlib import Path


def _configure() -> None:
    bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    os.environ.setdefault("CEDU_RESOURCES_DIR", str(bundle / "resources"))
    plugins = bundle / "vlc" / "plugins"
    if not plugins.is_dir():
        return
    names = ("libvlc.dll",) if sys.platform == "win32" else ("libvlc.so.5", "libvlc.so")
    for name in names:
        library = bundle / name
        if library.is_file():
            os.environ["PYTHON_VLC_LIB_PATH"] = str(library)
            os.environ["PYTHON_VLC_MODULE_PATH"] = str(plugins)
            os.environ["VLC_PLUGIN_PATH"] = str(plugins)
            if sys.platform == "win32":
                os.add_dll_directory(str(bundle))  # libvlc.dll needs libvlccore.dll beside it
            return


_configure()
