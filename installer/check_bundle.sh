#!/usr/bin/env bash
# Checks the built Linux bundle (installer/build_linux.sh) the way a training centre
# would use it, with nothing from the source tree on the path:
#  1. `cedu --version` says pyproject.toml's version;
#  2. `cedu --serve --demo` (the bundle's own server) answers /health and logs 张三 in
#     over HTTP;
#  3. `cedu --self-check` against that server, under Xvfb, with the shared face video as
#     the camera, exits 0 with face_seen and played true; again with the Qt Multimedia
#     player, and with the bundle's own server;
#  4. nothing that must not ship is in it: test data or face photos, the 68-point
#     model, tests or their .pyc (on disk or inside the PYZ archive); nor the parts left
#     out for size (OpenCV's Qt 5 GUI, matplotlib, Qt's other catalogues);
#  5. the cut ICU data still does what Qt asks ICU for, in Chinese (check_icu.py); cv2's
#     linear algebra through the BLAS adapter agrees with numpy (check_opencv_lapack.py);
#     the base system libraries stayed out;
#  6. the bundle is under 400 MB unpacked (10^6 bytes, apparent size).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
BUNDLE=build/installer/dist/cedu
CEDU="$BUNDLE/cedu"
FACE_VIDEO=../shared/testdata/faces/_video/short_hamilton_clip.mp4
VERSION="$($PY installer/versioninfo.py)"
TMP="$(mktemp -d /tmp/cedu-bundle-check.XXXXXX)"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$TMP/xdg}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "check_bundle: FAIL: $*" >&2; exit 1; }
[ -x "$CEDU" ] || fail "no bundle at $CEDU (run installer/build_linux.sh)"

echo "== 1. version"
reported="$("$CEDU" --version)"
[ "$reported" = "cedu $VERSION" ] || fail "cedu --version said '$reported', pyproject says $VERSION"
echo "$reported"

echo "== 2. the bundle's server"
port="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
# Short demo lessons: this checks the bundle, not the encoder (a full first start
# makes ~90 s of video on this kind of machine).
CEDU_DEMO_LESSON_SECONDS=8 "$CEDU" --serve --demo --data-dir "$TMP/server" --port "$port" >"$TMP/server.log" 2>&1 </dev/null &
server_pid=$!
# Over HTTP with the project's Python (requests), not curl: one tool less to install.
$PY - "$url" "$server_pid" "$TMP/server.log" <<'EOF' || fail "the bundle's server"
import sys, time
import requests

url, pid, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]
started = time.monotonic()
while True:
    try:
        health = requests.get(url + "/api/v1/health", timeout=2)
        if health.ok:
            break
    except requests.RequestException:
        pass
    try:  # gone, or a zombie waiting for this shell to reap it
        exited = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        exited = True
    if exited:
        sys.exit("server exited:\n" + open(log, encoding="utf-8", errors="replace").read()[-3000:])
    if time.monotonic() - started > 300:
        sys.exit("no /health after 300 s")
    time.sleep(0.5)
print(f"health: {health.json()} (up in {time.monotonic() - started:.0f} s)")
login = requests.post(url + "/api/v1/auth/login", timeout=30, json={
    "id_number": "530102198001010015", "password": "12345678", "agree": True,
    "device": {"kind": "desktop", "name": "bundle-check"},
})
body = login.json()
assert login.status_code == 200 and body.get("token"), (login.status_code, body)
print("login 张三: 200, token issued, must_change_password =", body.get("must_change_password"))
# The staff console's templates and the offline docs' files are in the bundle.
console = requests.get(url + "/console/login", timeout=30)
assert console.status_code == 200 and "工作人员登录" in console.text, console.status_code
swagger = requests.get(url + "/console/static/docs/swagger-ui-bundle.js", timeout=30)
assert swagger.status_code == 200 and len(swagger.content) > 100_000, swagger.status_code
print("console sign-in page: 200; offline Swagger UI files: 200")
EOF

echo "== 3. self-check under Xvfb"
[ -f "$FACE_VIDEO" ] || fail "face video missing: $FACE_VIDEO"
set +e
CEDU_CAMERA_FRAMES=82-210 xvfb-run -a -s "-screen 0 1280x800x24" \
  "$CEDU" --self-check --camera "$FACE_VIDEO" --server "$url" --data-dir "$TMP/client" \
  >"$TMP/selfcheck.out" 2>"$TMP/selfcheck.err"
code=$?
set -e
$PY - "$TMP/selfcheck.out" "$code" <<'EOF' || { tail -40 "$TMP/selfcheck.err"; fail "self-check"; }
import json, sys
lines = [line for line in open(sys.argv[1], encoding="utf-8") if line.startswith("{")]
report = json.loads(lines[-1])
video, camera, server = report["video"], report["camera"], report["server"]
print(f"exit {sys.argv[2]}; ok={report['ok']} camera.face_seen={camera['face_seen']} "
      f"video.backend={video['backend']} ({video.get('source') or video.get('fallback_reason')}) "
      f"played={video['played']} server.reachable={server['reachable']} "
      f"clock_offset_s={report['clock_offset_s']} displays={report['displays']}")
assert sys.argv[2] == "0", "exit code"
assert report["ok"] and camera["face_seen"] and video["played"] and server["reachable"], report
EOF

echo "== 3a. self-check with the Qt Multimedia player (a PC without VLC)"
# The fallback's FFmpeg plugin loads only if every library it links is intact (a stripped
# libavformat once left the bundle with no Qt player at all): ~10 s.
set +e
CEDU_PLAYER_BACKEND=qt CEDU_CAMERA_FRAMES=82-210 xvfb-run -a -s "-screen 0 1280x800x24" \
  "$CEDU" --self-check --camera "$FACE_VIDEO" --server "$url" --data-dir "$TMP/client-qt" \
  >"$TMP/qt.out" 2>"$TMP/qt.err"
code=$?
set -e
$PY - "$TMP/qt.out" "$code" <<'EOF' || { tail -40 "$TMP/qt.err"; fail "self-check with Qt Multimedia"; }
import json, sys
report = json.loads([line for line in open(sys.argv[1], encoding="utf-8") if line.startswith("{")][-1])
video = report["video"]
print(f"exit {sys.argv[2]}; video.backend={video['backend']} played={video['played']}")
assert sys.argv[2] == "0" and video["backend"] == "qt" and video["played"], report
EOF

echo "== 3b. self-check with the bundle's own server (the client's default: no --server)"
# The frozen executable starts itself as `cedu --serve` and must stop it afterwards.
CEDU_DEMO_LESSON_SECONDS=8 CEDU_CAMERA_FRAMES=82-210 xvfb-run -a -s "-screen 0 1280x800x24" \
  "$CEDU" --self-check --camera "$FACE_VIDEO" --data-dir "$TMP/client-bundled" \
  >"$TMP/bundled.out" 2>"$TMP/bundled.err" || { tail -40 "$TMP/bundled.err"; fail "self-check with the bundled server"; }
$PY - "$TMP/bundled.out" <<'EOF'
import json, sys
report = json.loads([line for line in open(sys.argv[1], encoding="utf-8") if line.startswith("{")][-1])
server = report["server"]
assert report["ok"] and server["bundled"] and server["reachable"], report
print(f"ok; bundled server at {server['url']} answered, version {server['server_version']}")
EOF
if pgrep -f -- "--data-dir $TMP/client-bundled/server" >/dev/null; then
  fail "the bundled server outlived the self-check"
fi

echo "== 4. nothing that must not ship"
bad=0
# Face photos and test data: by content, so a renamed copy is caught too.
if [ -d ../shared/testdata ]; then
  find ../shared/testdata -type f -exec sha256sum {} + | cut -d' ' -f1 | sort -u >"$TMP/testdata.sha"
  find "$BUNDLE" -type f -size +1k -exec sha256sum {} + | sort >"$TMP/bundle.sha"
  if join <(cut -d' ' -f1 "$TMP/bundle.sha" | sort -u) "$TMP/testdata.sha" | grep -q .; then
    echo "test data inside the bundle:"; grep -F -f "$TMP/testdata.sha" "$TMP/bundle.sha"; bad=1
  fi
fi
found="$(find "$BUNDLE" \( -name 'shape_predictor_68_face_landmarks.dat' -o -name 'mmod_human_face_detector.dat' \
  -o -iname '*.jpg' -o -iname '*.jpeg' -o -path '*sample_data*' -o -path '*/tests/*' -o -path '*/testdata/*' \
  -o -name 'test_*.py*' -o -name '*_test.py*' -o -name 'conftest.py*' \) -print)"
[ -z "$found" ] || { echo "forbidden files:"; echo "$found"; bad=1; }
modules="$(.venv/bin/pyi-archive_viewer -l -r -b "$CEDU" 2>/dev/null \
  | grep -E '^ (tests|.*\.tests?)(\.|$)|^ .*(^|\.)(test_[a-z0-9_]+|[a-z0-9_]+_test|conftest)$' \
  | grep -vxF ' jinja2.tests' || true)"  # Jinja's own `is defined` tests (the console), not a test suite
[ -z "$modules" ] || { echo "test modules inside the PYZ:"; echo "$modules"; bad=1; }
# What build_linux.sh and the spec cut to keep the bundle small must stay out: OpenCV's
# GUI (Qt 5) from the non-headless wheel, matplotlib (only mediapipe's drawing helpers
# want it), Qt catalogues of other languages.
heavy="$(find "$BUNDLE" \( -name 'libQt5*' -o -path '*/matplotlib/*' -o -path '*/PySide6/Qt/qml/*' \
  -o \( -path '*/PySide6/Qt/translations/*' -not -name 'qtbase_zh_CN.qm' -not -name 'qtbase_en.qm' \) \) -print)"
[ -z "$heavy" ] || { echo "left-out parts are back:"; echo "$heavy" | head -20; bad=1; }
[ "$bad" = 0 ] || fail "forbidden content"
echo "no test data, face photos, 68-point model or tests; no OpenCV GUI, matplotlib or other Qt catalogues"

echo "== 5. ICU data, OpenCV's linear algebra, system libraries"
# The project's PySide6 bindings over the bundle's own Qt and ICU libraries (they come
# first on the library path; check_icu.py refuses to pass on another libicudata): ~2 s.
LD_LIBRARY_PATH="$BUNDLE/_internal/PySide6/Qt/lib" QT_QPA_PLATFORM=offscreen \
  $PY installer/check_icu.py "$BUNDLE" || fail "ICU data"
# cv2's BLAS and LAPACK calls through the adapter onto numpy's OpenBLAS: ~3 s.
LD_LIBRARY_PATH="$BUNDLE/_internal" $PY installer/check_opencv_lapack.py "$BUNDLE" \
  || fail "OpenCV's linear algebra through the BLAS adapter"
base="$(find "$BUNDLE/_internal" -maxdepth 1 \( -name 'libstdc++.so*' -o -name 'libX11.so*' \
  -o -name 'libglib-2.0.so*' -o -name 'libgnutls.so*' -o -name 'libfontconfig.so*' \
  -o -name 'libxcb.so*' -o -name 'libpulse.so*' \) -print)"
[ -z "$base" ] || fail "base system libraries are back in the bundle (prune_bundle.py): $base"
echo "no base system libraries (libstdc++, X11, glib, gnutls, fontconfig, PulseAudio)"

echo "== 6. size"
# The limit is on MB of 10^6 bytes, apparent size (what the files hold, whatever the file
# system's blocks): the stricter of the two figures; MiB of disk blocks (du -sm) beside it.
size_mb="$(du -s --apparent-size -B1000000 "$BUNDLE" | cut -f1)"
size_mib="$(du -sm "$BUNDLE" | cut -f1)"
echo "unpacked size: $size_mb MB (10^6 bytes, apparent), $size_mib MiB (du -sm)"
[ "$size_mb" -lt 400 ] || fail "the bundle is $size_mb MB unpacked: the limit is 400 MB"

[ -f build/installer/metrics.txt ] && { echo "== build figures"; cat build/installer/metrics.txt; }
echo "check_bundle: all checks passed"
