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
# The spoken prompts (espeak-ng, sox): build output in resources/prompts, bundled from there.
$PY scripts/make_prompts.py
VERSION="$($PY installer/versioninfo.py)"
WORK=build/installer
BUNDLE="$WORK/dist/cedu"
TARBALL="dist/cedu-$VERSION-linux-x86_64.tar.gz"
mkdir -p "$WORK" dist

started=$(date +%s)
# OpenCV without its GUI: the environment's opencv-contrib-python carries highgui's Qt 5
# and X11 libraries (~35 MB; cv2.abi3.so links them, so they cannot just be left out).
# cedu calls core, imgproc, imgcodecs, videoio and contrib's img_hash (the server's replay
# fingerprints, app/server/services/face_replays.py); mediapipe's C++ does not use
# Python's cv2. So the bundle takes the headless contrib wheel of the same version,
# unpacked into an overlay that comes first on PYTHONPATH for PyInstaller only (never
# installed beside the other: both write cv2/).
OPENCV_VERSION="$($PY -c 'from importlib.metadata import version; print(version("opencv-contrib-python"))')"
OVERLAY="$WORK/opencv-contrib-headless-$OPENCV_VERSION"
if [ ! -d "$OVERLAY/cv2" ]; then
  rm -rf "$WORK"/opencv-headless-* "$WORK"/opencv-python-headless-* "$WORK"/opencv-contrib-headless-*
  $PY -m pip install -q --disable-pip-version-check --no-deps --target "$OVERLAY" \
    "opencv-contrib-python-headless==$OPENCV_VERSION"
fi
PYTHONPATH="$OVERLAY" $PY -c 'import cv2, sys; sys.exit(cv2.__file__.find("opencv-contrib-headless") < 0 or not hasattr(cv2, "img_hash"))' \
  || { echo "build: cv2 does not come from $OVERLAY" >&2; exit 1; }

# No --clean: PyInstaller's binary cache (~/.cache/pyinstaller) makes a rebuild quicker.
PYTHONPATH="$OVERLAY" .venv/bin/pyinstaller --noconfirm --log-level WARN \
  --distpath "$WORK/dist" --workpath "$WORK/work" installer/cedu.spec
if compgen -G "$BUNDLE/_internal/opencv_*python*.libs/libQt5*" >/dev/null; then
  echo "build: OpenCV's GUI libraries are in the bundle (not the headless wheel)" >&2; exit 1
fi

slimming_started=$(date +%s)
# OpenCV's own OpenBLAS (37 MB + libgfortran) replaced by a small adapter onto numpy's
# (blas_lp64_on_ilp64.c; check_bundle.sh compares cv2's results with numpy's).
$PY installer/make_blas_adapter.py "$BUNDLE/_internal" "$WORK/blas"

# The base system libraries every Linux desktop has (AppImage's excludelist: glibc, X11
# and xcb, fontconfig, glib, libstdc++, gnutls, PulseAudio's client...) and what only they
# need; and the system libraries only Qt's GTK theme needs.
$PY installer/prune_bundle.py "$BUNDLE/_internal"

# Qt's ICU data (31 MB) cut to what Qt calls ICU for, in Chinese and English: collation,
# time-zone names, case mapping, and the Chinese and Western text converters.
$PY installer/icu_data.py "$BUNDLE/_internal" "$WORK/icu"

# Symbols nobody reads (about 50 MB): every library that still has its symbol table,
# each kept stripped only if it still loads (strip breaks some patchelf-rewritten ones,
# such as Qt's libavformat).
$PY installer/strip_bundle.py "$BUNDLE/_internal"

slimmed=$(date +%s)

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

# MB of 10^6 bytes, apparent size (the figure check_bundle.sh holds under 400), and MiB
# of disk blocks (du -sm).
size_mb=$(du -s --apparent-size -B1000000 "$BUNDLE" | cut -f1)
size_mib=$(du -sm "$BUNDLE" | cut -f1)
vlc_mb=0
[ -d "$BUNDLE/_internal/vlc" ] && vlc_mb=$(du -sm "$BUNDLE/_internal/vlc" | cut -f1)
tar_mb=$(du -sm "$TARBALL" | cut -f1)
{
  echo "version=$VERSION"
  echo "pyinstaller_s=$((built - started))"
  echo "slimming_s=$((slimmed - slimming_started))"
  echo "tarball_s=$((finished - built))"
  echo "bundle_mb=$size_mb"
  echo "bundle_mib=$size_mib"
  echo "bundled_vlc_plugins_mb=$vlc_mb"
  echo "tarball_mb=$tar_mb"
} | tee "$WORK/metrics.txt"
echo "build: $BUNDLE ($size_mb MB = $size_mib MiB unpacked), $TARBALL ($tar_mb MiB)"
