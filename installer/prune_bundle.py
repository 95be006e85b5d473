"""Removes from a built Linux bundle the system libraries a Linux desktop always has.

1. The base libraries of every desktop (BASE_SYSTEM, after AppImage's excludelist: glibc,
   libstdc++, X11 and xcb, OpenGL, fontconfig and freetype, glib and D-Bus, CUPS and its
   gnutls/Kerberos stack, the PulseAudio client, ALSA, OpenSSL 3...), and the libraries
   only they link. PyInstaller copies them from the build machine, and the bundle puts its own
   library folder first on LD_LIBRARY_PATH: the system's VLC and its plugins, and the
   system's GTK, would then run on the build machine's copies (wrong versions on another
   distribution). Without them, everything uses the system's own, as a program the
   distribution packaged would. What stays: libpython, SQLite and the wheels' own
   libraries (OpenCV's FFmpeg and OpenBLAS, numpy's OpenBLAS...).

2. The libraries only Qt's GTK theme needs. Qt's GTK 3 platform theme
   (PySide6/Qt/plugins/platformthemes/libqgtk3.so, native file dialogs on GNOME) links
   libgtk-3, which PyInstaller never bundles: the plugin only loads where the system has
   GTK 3, and there the system also has everything GTK 3 stands on. PyInstaller still
   copies the rest of that stack from the build machine (pango, cairo, gdk-pixbuf...).

A library goes when it is a base one, or when nothing left in the bundle reaches it
through DT_NEEDED (readelf -d).

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
# File-name stems (before ".so"), as regular expressions. Debian 12 / Ubuntu 22.04 desktop
# packages all of these (scripts/setup's X11 list names the few xcb ones a minimal system
# may lack). OpenSSL 3 too: the bundle needs glibc 2.34 anyway (PySide6 6.11's wheels are
# manylinux_2_34), and every distribution that new ships libssl3 (Debian 12, Ubuntu
# 22.04, RHEL 9, Fedora 35). Not here, so still bundled: libpython, libsqlite3, the
# wheels' own copies (hashed names: OpenCV's OpenSSL 1.1, numpy's libgfortran...).
BASE_SYSTEM = (
    # glibc (PyInstaller leaves most out already), the C++ runtime
    r"ld-linux-x86-64", r"libc", r"libm", r"libdl", r"libpthread", r"librt", r"libutil",
    r"libresolv", r"libanl", r"libmvec", r"libnss_\w+", r"libthread_db", r"libBrokenLocale",
    r"libstdc\+\+", r"libgcc_s",
    # compression
    r"libz", r"libbz2", r"liblzma", r"libzstd", r"liblz4", r"libbrotli(common|dec|enc)",
    # X11, xcb, OpenGL
    r"libX11(-xcb)?", r"libX(ext|render|randr|au|dmcp|i|fixes|cursor|inerama)", r"libICE",
    r"libSM", r"libxcb(-[a-z0-9-]+)?", r"libxkbcommon(-x11)?", r"libEGL", r"libGL",
    r"libGLX", r"libGLdispatch", r"libOpenGL", r"libglapi", r"libdrm", r"libgbm",
    # fonts and text
    r"libfontconfig", r"libfreetype", r"libharfbuzz", r"libfribidi", r"libthai",
    r"libdatrie", r"libexpat", r"libpng16", r"libgraphite2",
    # glib, D-Bus, systemd and what they stand on
    r"libglib-2\.0", r"libgthread-2\.0", r"libgobject-2\.0", r"libgio-2\.0",
    r"libgmodule-2\.0", r"libpcre2-8", r"libffi", r"libdbus-1", r"libsystemd", r"libcap",
    r"libgcrypt", r"libgpg-error", r"libmd", r"libbsd", r"libuuid", r"libblkid",
    r"libmount", r"libselinux",
    # CUPS (Qt's print support) and its TLS / Kerberos / Avahi stack
    r"libcups", r"libgnutls", r"libp11-kit", r"libtasn1", r"libnettle", r"libhogweed",
    r"libgmp", r"libidn2?", r"libunistring", r"libkrb5(support)?", r"libk5crypto",
    r"libgssapi_krb5", r"libcom_err", r"libkeyutils", r"libavahi-(client|common)",
    # sound: ALSA, the PulseAudio client Qt Multimedia links, and its codecs
    r"libasound", r"libpulse(common-[0-9.]+)?", r"libpulse-simple", r"libsndfile",
    r"libFLAC", r"libvorbis(enc|file)?", r"libogg", r"libopus", r"libmpg123",
    r"libmp3lame", r"libasyncns", r"libjack",
    # the terminal (Python's readline module)
    r"libreadline", r"libtinfo", r"libncursesw",
    # OpenSSL 3 (Python's ssl and hashlib, Qt's TLS plugin and its FFmpeg)
    r"libssl", r"libcrypto",
)
BASE_SYSTEM_NAME = re.compile(rf"({'|'.join(BASE_SYSTEM)})\.so(\.[0-9]+)*")


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
    base = {path for path in system if BASE_SYSTEM_NAME.fullmatch(path.name)}
    roots = [path for path in objects if path not in system and path.name != THEME_PLUGIN]
    with_base = reached(roots)
    # Without the base libraries, the system's copies bring their own dependencies.
    for path in base:
        by_name[path.name].remove(path)
    without_base = reached(roots)
    only_for_base = system & with_base - without_base
    with_theme = reached([path for path in objects if path.name == THEME_PLUGIN])
    only_for_theme = system & with_theme - with_base
    return sorted(base | only_for_base | only_for_theme)


def main() -> int:
    internal = Path(sys.argv[1])
    gone = removable(internal)
    saved = sum(path.stat().st_size for path in gone)
    for path in gone:
        path.unlink()
    names = " ".join(path.name for path in gone)
    print(f"prune: {len(gone)} system libraries, {saved / 2**20:.1f} MB: {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
