#!/usr/bin/env bash
# Builds the Linux bundle (one folder, PyInstaller) and its tarball:
#   build/installer/dist/cedu/            the bundle (run ./cedu)
#   dist/cedu-<version>-linux-x86_64.tar.gz
# Optional: CEDU_VLC_DIR=<folder with libvlc.so.5, libvlccore.so.9 and plugins/ or
# vlc/plugins/> bundles that VLC (e.g. CEDU_VLC_DIR=/usr/lib/x86_64-linux-gnu); unset,
# the bundle uses the system's VLC or falls back to Qt Multimedia.
# Prints the build time and the unpacked size, and writes them to
# build/installer/metrics.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/pyinstaller ] || bash scripts/setup
PY=.venv/bin/python
VERSION="$($PY installer/versioninfo.py)"
WORK=build/installer
BUNDLE="$WORK/dist/cedu"
TARBALL="dist/cedu-$VERSION-linux-x86_64.tar.gz"
mkdir -p "$WORK" dist

started=$(date +%s)
# No --clean: PyInstaller's binary cache (~/.cache/pyinstaller) makes a rebuild quicker.
.venv/bin/pyinstaller --noconfirm --log-level WARN \
  --distpath "$WORK/dist" --workpath "$WORK/work" installer/cedu.spec

# Symbols nobody reads: libpython and mediapipe ship theirs (about 25 MB). Only these,
# not every library: strip can corrupt the ones auditwheel rewrote with patchelf.
find "$BUNDLE/_internal" -maxdepth 3 \( -name 'libpython3*.so*' \
  -o -name '_framework_bindings*.so' -o -name '_cext*.so' \) -type f \
  -exec strip --strip-unneeded {} +

# Links to libraries the spec left out (unused Qt parts) would dangle: drop them.
find "$BUNDLE" -xtype l -delete

if [ -n "${CEDU_VLC_DIR:-}" ]; then
  # The plugin cache names each plugin's path and timestamp: a copied one is stale, and
  # libvlc would rescan every plugin at each start (seconds on a slow PC).
  cache_gen=""
  for candidate in "$CEDU_VLC_DIR/vlc-cache-gen" "$CEDU_VLC_DIR/vlc/vlc-cache-gen" \
                   /usr/lib/x86_64-linux-gnu/vlc/vlc-cache-gen; do
    [ -x "$candidate" ] && { cache_gen="$candidate"; break; }
  done
  [ -n "$cache_gen" ] || { echo "build: vlc-cache-gen not found" >&2; exit 1; }
  "$cache_gen" "$BUNDLE/_internal/vlc/plugins"
fi
built=$(date +%s)

tar -C "$WORK/dist" -czf "$TARBALL" cedu
finished=$(date +%s)

size_mb=$(du -sm "$BUNDLE" | cut -f1)
vlc_mb=0
[ -d "$BUNDLE/_internal/vlc" ] && vlc_mb=$(du -sm "$BUNDLE/_internal/vlc" | cut -f1)
tar_mb=$(du -sm "$TARBALL" | cut -f1)
{
  echo "version=$VERSION"
  echo "pyinstaller_s=$((built - started))"
  echo "tarball_s=$((finished - built))"
  echo "bundle_mb=$size_mb"
  echo "bundled_vlc_plugins_mb=$vlc_mb"
  echo "tarball_mb=$tar_mb"
} | tee "$WORK/metrics.txt"
echo "build: $BUNDLE ($size_mb MB unpacked), $TARBALL ($tar_mb MB)"
