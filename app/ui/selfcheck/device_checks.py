"""设备检测 (device self-check; API.md `cedu --self-check`): is this PC ready to study?

Each check returns a plain dict: the API.md fields, a `message` in plain Chinese (what
was found and what to do) and its own `ok`. The camera, server and disk checks are plain
Python and run on worker threads; the video, display and font checks need the Qt GUI
thread. `run_cli` prints the whole report as one JSON object; the self-check screen
(selfcheck_dialog.py) shows the same checks one line each, as they finish.

Camera frames stay in memory and are dropped after detection (FACE-7).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module
from pathlib import Path
from typing import Any

import app as cedu
from app.core.support import SUPPORT_CLIENT
from app.ui.kit.bundled_server import BundledServer, BundledServerError
from app.ui.kit.camera_names import qt_camera_names
from app.ui.kit.i18n import translate
from app.ui.kit.options import ClientOptions
from app.ui.kit.resources import resource_path

log = logging.getLogger(__name__)
Report = dict[str, Any]

# A short H.264 clip shipped with the client (resources/selfcheck/), played for real.
CLIP = resource_path("selfcheck", "clip.mp4")
CAMERA_TIMEOUT_S = 10.0
# Lessons are downloaded to the data folder; below this a course may not fit.
MIN_FREE_DISK_MB = 1024
# The client corrects for the server's clock, but beyond this the PC's clock is wrong
# enough to be worth fixing (certificates, the trainee's own sense of deadlines).
CLOCK_WARN_S = 300.0
# The order the checks are shown and reported in.
CHECK_ORDER = ("camera", "video", "server", "displays", "disk", "font")


def check_title(name: str) -> str:
    """The line's name on the self-check screen and in the report."""
    titles = {
        "camera": translate("SelfCheck", "摄像头"),
        "video": translate("SelfCheck", "视频播放"),
        "server": translate("SelfCheck", "服务器连接"),
        "displays": translate("SelfCheck", "显示器"),
        "disk": translate("SelfCheck", "磁盘空间"),
        "font": translate("SelfCheck", "中文字体"),
    }
    return titles[name]


def _reinstall() -> str:
    return translate("SelfCheck", "请重新安装本软件；仍有问题请致电 {line}。").format(
        line=SUPPORT_CLIENT
    )


# ---------------------------------------------------------------- camera (worker thread)
def camera_spec_with_frames(options: ClientOptions) -> str | int:
    """A file camera limited to `options.camera_frames` ("clip.mp4#82-210")."""
    spec = options.camera
    if (
        options.camera_frames
        and isinstance(spec, str)
        and "://" not in spec
        and "#" not in spec
    ):
        first, last = options.camera_frames
        return f"{spec}#{first}-{last}"
    return spec


def _camera_name(spec: str | int, device_names: list[str]) -> str:
    if isinstance(spec, int):
        return device_names[spec] if spec < len(device_names) else f"摄像头 {spec}"
    return str(spec)


def check_camera(
    options: ClientOptions,
    timeout_s: float = CAMERA_TIMEOUT_S,
    device_names: list[str] | None = None,
) -> Report:
    """Load the face models, then read frames until one shows a face they can use.

    `device_names`: the webcams in index order, from Qt on the GUI thread (run_checks).
    """
    from app.proctor.camera import is_virtual_camera
    from app.proctor.detect import default_engine
    from app.proctor.face_probe import EngineLoadError, find_usable_face, load_face_models
    from app.proctor.identity import default_embedder
    from app.ui.kit.camera import open_source

    names = device_names or []
    spec = camera_spec_with_frames(options)
    name = _camera_name(spec, names)
    result: Report = {"found": False, "face_seen": False, "name": name, "reason": None}
    if isinstance(spec, int) and is_virtual_camera(name):
        # FACE-3: a driver that feeds a video must not pass a face check.
        result.update(found=True, virtual=True, reason="virtual_camera", ok=False)
        result["message"] = translate(
            "SelfCheck", "这是虚拟摄像头（{name}），人脸识别时不能使用，请接上真实的摄像头。"
        ).format(name=name)
        return result
    engine, embedder = default_engine(), default_embedder()
    try:
        load_face_models(engine, embedder)
    except EngineLoadError as problem:  # a broken install: the reason goes to the log
        log.error("self-check: the face engine cannot load: %s", problem)
        result.update(engine="failed", reason=f"engine_failed: {problem}", ok=False)
        result["message"] = translate("SelfCheck", "人脸识别组件无法运行。") + _reinstall()
        return result
    result["engine"] = "ok"
    try:
        source = open_source(spec, loop=options.camera_loop, device_names=names)
    except Exception as problem:
        log.warning("self-check: camera failed to open: %s", problem)
        result.update(reason=f"camera_failed: {problem}", ok=False)
        result["message"] = _camera_message(result)
        return result
    try:
        probe = find_usable_face(source, engine, embedder, timeout_s)
    except Exception as problem:
        log.exception("self-check: camera")
        result.update(reason=f"camera_failed: {problem}", ok=False)
        result["message"] = _camera_message(result)
        return result
    finally:
        source.stop()
    result.update(found=probe.frames > 0, face_seen=probe.face_seen, frames=probe.frames)
    result.update(usable_face=probe.usable, reason=probe.reason, ok=probe.usable)
    result["message"] = _camera_message(result)
    return result


def _camera_message(result: Report) -> str:
    if not result["found"]:
        return translate("SelfCheck", "未找到摄像头，请检查摄像头是否插好，或是否被其他程序占用。")
    if not result.get("usable_face"):
        return translate("SelfCheck", "摄像头正常，但没有看清您的脸：请正对摄像头，保持光线充足。")
    return translate("SelfCheck", "摄像头正常，已看清您的脸。")


# ---------------------------------------------------------------- server (worker thread)
def check_server(url: str | None, *, bundled: bool = False, error: str | None = None) -> Report:
    """Health and clock offset; `error` is why the bundled server did not start."""
    from app.sync.api import ApiClient
    from app.sync.errors import ApiError

    result: Report = {"url": url, "reachable": False, "bundled": bundled}
    offset: float | None = None
    if url is not None:
        client = ApiClient(url, retries=0, timeout=(3.0, 10.0))
        try:
            result["server_version"] = client.health().get("version")
            result["reachable"] = True
            offset = round(client.measure_clock_offset(), 3)
        except ApiError as problem:
            result["reason"] = problem.code
        finally:
            client.close()
    result["clock_offset_s"] = offset
    result["ok"] = bool(result["reachable"])
    if error is not None:
        result["reason"] = "bundled_server_failed"
        result["message"] = error
    elif not result["reachable"]:
        result["message"] = translate("SelfCheck", "无法连接服务器，请检查网络连接后重新检测。")
    elif offset is not None and abs(offset) >= CLOCK_WARN_S:
        result["message"] = translate(
            "SelfCheck",
            "服务器连接正常，但电脑时间与服务器相差约 {minutes} 分钟，请把电脑时间设为自动同步。",
        ).format(minutes=round(abs(offset) / 60))
    else:
        result["message"] = translate("SelfCheck", "服务器连接正常。")
    return result


# ---------------------------------------------------------------- disk (worker thread)
def check_disk(folder: Path) -> Report:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    free_mb = shutil.disk_usage(existing).free // (1024 * 1024)
    ok = free_mb >= MIN_FREE_DISK_MB
    message = (
        translate("SelfCheck", "磁盘空间充足（剩余 {free} MB）。")
        if ok
        else translate("SelfCheck", "磁盘空间不足（剩余 {free} MB），请清理磁盘，至少留出 1 GB。")
    ).format(free=free_mb)
    return {"free_mb": int(free_mb), "path": str(existing), "ok": ok, "message": message}


# ---------------------------------------------------------------- Qt checks (GUI thread)
def _vlc_source() -> str | None:
    """Where the libvlc in use came from: the bundle's own copy or the system's."""
    vlc = sys.modules.get("vlc")
    library = str(getattr(getattr(vlc, "dll", None), "_name", "") or "")
    bundle = getattr(sys, "_MEIPASS", None)
    if not library:
        return None
    return "bundled" if bundle and library.startswith(str(bundle)) else "system"


def check_video(clip: Path = CLIP) -> Report:
    from app.player.factory import BACKEND_ENV
    from app.player.self_check import check_playback

    result: Report = dict(check_playback(clip))
    if result["backend"] == "vlc":
        result["source"] = _vlc_source()
    else:
        forced = os.environ.get(BACKEND_ENV) == "qt"
        result["fallback_reason"] = "forced" if forced else "libvlc_unavailable"
    result["ok"] = bool(result["played"])
    if not result["played"]:
        result["message"] = translate("SelfCheck", "视频无法播放。") + _reinstall()
    elif result["backend"] == "vlc":
        result["message"] = translate("SelfCheck", "视频播放正常。")
    else:
        result["message"] = translate(
            "SelfCheck", "视频播放正常（未找到 VLC 播放组件，已改用系统自带的播放组件）。"
        )
    return result


def check_displays() -> Report:
    from app.qt import QGuiApplication

    screens = [
        {"name": screen.name(), "width": screen.size().width(), "height": screen.size().height()}
        for screen in QGuiApplication.screens()
    ]
    count = len(screens)
    if count == 0:
        message = translate("SelfCheck", "未检测到显示器。")
    elif count == 1:
        message = translate("SelfCheck", "显示器正常。")
    else:
        # EXAM-7: the exam refuses to start with more than one display.
        message = translate(
            "SelfCheck", "连接了 {count} 个显示器。考试时只能使用一个，请在考试前拔掉多余的显示器。"
        ).format(count=count)
    return {"count": count, "screens": screens, "ok": count >= 1, "message": message}


def check_font() -> Report:
    from app.qt import QFontDatabase

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    ok = bool(families)
    message = (
        translate("SelfCheck", "中文字体正常。")
        if ok
        else translate("SelfCheck", "缺少中文字体，界面文字可能显示为方框，请安装中文字体。")
    )
    return {"cjk": ok, "family": families[0] if families else None, "ok": ok, "message": message}


# ---------------------------------------------------------------- the whole report
def background_checks(
    options: ClientOptions, server_url: str | None, device_names: list[str] | None = None
) -> dict[str, Callable[[], Report]]:
    """The checks that may run on worker threads, by name."""

    def server() -> Report:
        if server_url is not None:
            return check_server(server_url)
        bundled = BundledServer(options.server_data_dir)
        try:
            url = bundled.start()
        except BundledServerError as problem:
            return check_server(None, bundled=True, error=str(problem))
        try:
            return check_server(url, bundled=True)
        finally:
            bundled.stop()

    return {
        "camera": lambda: check_camera(options, device_names=device_names),
        "server": server,
        "disk": lambda: check_disk(options.data_dir),
    }


def gui_checks() -> dict[str, Callable[[], Report]]:
    """The checks that must run on the Qt GUI thread, by name.

    Call before starting the worker checks: it imports the Qt modules these need on this
    thread first. Qt modules are loaded on first use (app.qt), and a Qt module imported
    here while a worker imports mediapipe's extension modules deadlocked both (seen in
    the dialog test, PySide6 6.11 on Python 3.11).
    """
    import_module("app.player.factory")
    import_module("app.player.self_check")
    from app.qt import QFontDatabase, QGuiApplication

    del QFontDatabase, QGuiApplication  # imported for their side effect only
    return {"video": check_video, "displays": check_displays, "font": check_font}


def failed_check(name: str, problem: BaseException) -> Report:
    """A check that raised: reported as failed, never a crash of the self-check."""
    log.error("self-check %s failed", name, exc_info=problem)
    return {"ok": False, "reason": f"{type(problem).__name__}: {problem}",
            "message": translate("SelfCheck", "检测时出错。") + _reinstall()}


def build_report(results: dict[str, Report]) -> Report:
    """The API.md object from the checks' results (fields added, never renamed)."""
    camera = results["camera"]
    video = results["video"]
    server = results["server"]
    checks = [
        {"name": name, "title": check_title(name), "ok": bool(results[name].get("ok")),
         "message": results[name].get("message", "")}
        for name in CHECK_ORDER
    ]
    return {
        "ok": all(check["ok"] for check in checks),
        "version": cedu.__version__,
        "camera": {"found": bool(camera.get("found")), "face_seen": bool(camera.get("face_seen")),
                   **camera},
        "video": {"backend": video.get("backend"), "played": bool(video.get("played")), **video},
        "server": {"url": server.get("url"), "reachable": bool(server.get("reachable")),
                   **server},
        "clock_offset_s": server.get("clock_offset_s"),
        "displays": results["displays"].get("count", 0),
        "screens": results["displays"].get("screens", []),
        "free_disk_mb": results["disk"].get("free_mb"),
        "cjk_font": results["font"],
        "checks": checks,
    }


def run_checks(options: ClientOptions, server_url: str | None) -> Report:
    """Every check: the worker ones on threads while the GUI ones run here."""
    results: dict[str, Report] = {}
    on_gui_thread = gui_checks()  # first: its imports must not race the workers' (above)
    workers = background_checks(options, server_url, qt_camera_names())
    with ThreadPoolExecutor(max_workers=len(workers), thread_name_prefix="selfcheck") as pool:
        futures = {name: pool.submit(check) for name, check in workers.items()}
        for name, check in on_gui_thread.items():
            try:
                results[name] = check()
            except Exception as problem:
                results[name] = failed_check(name, problem)
        for name, future in futures.items():
            try:
                results[name] = future.result()
            except Exception as problem:
                results[name] = failed_check(name, problem)
    return build_report(results)


def run_cli(options: ClientOptions) -> int:
    """`cedu --self-check`: one JSON object on stdout; exit 0 when all is well, else 1."""
    from app.qt import QApplication

    application = QApplication.instance() or QApplication([sys.argv[0]])
    report = run_checks(options, options.server_url)
    sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    del application
    return 0 if report["ok"] else 1
