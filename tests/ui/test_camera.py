"""The camera worker: preview off the GUI thread, frames to consumers, and camera
problems in plain words (no camera, lost), never a stack trace."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from app.proctor.camera import Frame

CHINESE_SENTENCE_END = "。"


class Counter:
    def __init__(self) -> None:
        self.frames = 0
        self.idle = 0

    def on_frame(self, frame: Frame) -> None:
        self.frames += 1

    def on_idle(self) -> None:
        self.idle += 1


def make_context(tmp_path: Path, **options: Any) -> Any:
    from app.ui.kit.context import AppContext
    from app.ui.kit.options import ClientOptions

    base = ClientOptions(data_dir=tmp_path / "client")
    return AppContext(dataclasses.replace(base, **options))


def test_preview_and_frames_flow_while_held_and_stop_after_release(
    qapp: Any, qtbot: Any, tmp_path: Path, face_video: Path, monkeypatch: Any
) -> None:
    import app.ui.kit.camera as camera_module

    monkeypatch.setattr(camera_module, "RELEASE_GRACE_S", 0.3)
    ctx = make_context(tmp_path, camera=str(face_video), camera_frames=(82, 210))
    camera = ctx.camera()
    counter = Counter()
    camera.add_consumer(counter)
    holder = object()
    try:
        with qtbot.waitSignal(camera.preview, timeout=20_000) as shown:
            camera.acquire(holder)
        image = shown.args[0]
        assert image.width() <= 640 and not image.isNull()
        qtbot.waitUntil(lambda: counter.frames >= 10, timeout=20_000)
        assert camera.still() is not None  # newest frame, in memory
        camera.release(holder)
        qtbot.waitUntil(lambda: not camera.running, timeout=10_000)
        assert camera.still() is None  # nothing of the webcam kept (FACE-7)
    finally:
        ctx.shutdown()


def test_no_camera_and_a_lost_camera_are_told_in_plain_words(
    qapp: Any, qtbot: Any, tmp_path: Path, face_video: Path
) -> None:
    missing = make_context(tmp_path, camera=str(tmp_path / "no-such-camera.mp4"))
    try:
        with qtbot.waitSignal(missing.camera().problem, timeout=20_000) as told:
            missing.camera().acquire(object())
        problem = told.args[0]
        assert problem.code == "no_camera" and "摄像头" in problem.message
        assert "Traceback" not in problem.message and problem.support == "0871-63122229"
    finally:
        missing.shutdown()
    # A clip that ends (not looped) is a camera that went away mid-check.
    ending = make_context(
        tmp_path, camera=str(face_video), camera_frames=(82, 100), camera_loop=False
    )
    try:
        with qtbot.waitSignal(ending.camera().problem, timeout=20_000) as told:
            ending.camera().acquire(object())
        assert told.args[0].code == "camera_lost"
        assert told.args[0].message.endswith(CHINESE_SENTENCE_END)
    finally:
        ending.shutdown()


def test_a_virtual_camera_driver_is_refused_with_what_to_do() -> None:
    from app.ui.kit.camera import camera_problem

    problem = camera_problem("virtual_camera", "OBS Virtual Camera")
    assert problem.code == "virtual_camera"
    assert "OBS Virtual Camera" in problem.message and "真实的摄像头" in problem.message


def test_the_face_check_dialog_explains_a_missing_camera_and_offers_retry(
    styled_app: Any, qtbot: Any, tmp_path: Path
) -> None:
    from app.ui.face.face_check import FaceCheckDialog

    ctx = make_context(tmp_path, camera=str(tmp_path / "no-such-camera.mp4"))
    try:
        dialog = FaceCheckDialog(ctx, "lesson_start")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.retry_button.isVisible(), timeout=20_000)
        assert "没有找到可用的摄像头" in dialog.result_label.text()
        assert dialog.prompt.text() == "摄像头不能使用" and dialog.outcome is None
        dialog.reject()
    finally:
        ctx.shutdown()


def test_held_again_while_stopping_the_camera_starts_again(
    qapp: Any, qtbot: Any, tmp_path: Path, face_video: Path, monkeypatch: Any
) -> None:
    """Closing the photo dialog and starting a lesson a few seconds later: the second
    holder comes while the first thread is still closing the camera."""
    import threading

    import app.ui.kit.camera as camera_module

    monkeypatch.setattr(camera_module, "RELEASE_GRACE_S", 0.2)
    stopping = threading.Event()
    opened = camera_module.open_source

    def slow_to_close(spec: Any, *, loop: bool, **kwargs: Any) -> Any:
        source = opened(spec, loop=loop, **kwargs)
        stop = source.stop

        def stop_slowly(*args: Any, **kwargs: Any) -> None:
            stopping.set()
            threading.Event().wait(1.0)  # a driver taking its time
            stop(*args, **kwargs)

        source.stop = stop_slowly
        return source

    monkeypatch.setattr(camera_module, "open_source", slow_to_close)
    ctx = make_context(tmp_path, camera=str(face_video), camera_frames=(82, 210))
    camera = ctx.camera()
    counter = Counter()
    camera.add_consumer(counter)
    first, second = object(), object()
    try:
        camera.acquire(first)
        qtbot.waitUntil(lambda: counter.frames >= 5, timeout=20_000)
        camera.release(first)
        qtbot.waitUntil(stopping.is_set, timeout=10_000)
        camera.acquire(second)  # the old thread is still closing the camera
        seen = counter.frames
        qtbot.waitUntil(lambda: counter.frames >= seen + 10, timeout=20_000)
        camera.release(second)
    finally:
        ctx.shutdown()


class _FakeCameraDevice:
    """What QMediaDevices.videoInputs() gives: the boundary faked (no webcam here)."""

    def __init__(self, description: str) -> None:
        self._description = description

    def description(self) -> str:
        return self._description


# RULES: FACE-3
def test_a_virtual_camera_named_by_qt_is_refused(
    qapp: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Camera names come from Qt Multimedia (every platform, no ffmpeg): the drivers
    trainees in China meet are refused by name; the real webcam beside them is not."""
    from app.proctor.camera import is_virtual_camera
    from app.qt import QMediaDevices
    from app.ui.kit.camera_names import qt_camera_names

    drivers = [
        "OBS Virtual Camera", "ManyCam Virtual Webcam", "DroidCam Source 3", "iVCam",
        "e2eSoft VCam", "XSplit VCam", "Snap Camera", "NVIDIA Broadcast",
        "WeMeet Virtual Camera", "腾讯会议虚拟摄像头", "DingTalk Virtual Camera", "钉钉虚拟摄像头",
    ]
    listed = ["Integrated Webcam", "USB2.0 HD UVC WebCam", *drivers]
    monkeypatch.setattr(
        QMediaDevices, "videoInputs", staticmethod(lambda: [_FakeCameraDevice(n) for n in listed])
    )
    assert qt_camera_names() == listed
    assert [name for name in listed if is_virtual_camera(name)] == drivers

    ctx = make_context(tmp_path, camera=listed.index("腾讯会议虚拟摄像头"))
    camera = ctx.camera()
    try:
        with qtbot.waitSignal(camera.problem, timeout=20_000) as refused:
            camera.acquire(object())
        problem = refused.args[0]
        assert problem.code == "virtual_camera"
        assert "虚拟摄像头（腾讯会议虚拟摄像头）" in problem.message
    finally:
        ctx.shutdown()
