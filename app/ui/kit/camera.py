"""The one camera of the app (FACE-3, FACE-5, FACE-7): a worker thread that reads the
webcam (or the file/URL given with `--camera`), sends a small mirrored preview to the
screens about ten times a second, and hands every frame to the checks that asked for
frames (face checks, the presence watch) on that same thread, so no inference ever runs
on the GUI thread.

The camera runs while anyone holds it (`acquire`/`release`); when the last holder lets
go it stays open a few seconds more, so a face check that leads straight into a lesson
does not close and reopen the webcam. Frames live only in memory (FACE-7): the preview
is a scaled copy, and `still()` gives the newest frame to the photo screen.

Signals are emitted on the camera thread; connect them to bound methods of QObjects
(slots), so Qt queues them to the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

import cv2

from app.proctor.arrays import Array
from app.proctor.camera import CameraSource, Frame, VirtualCameraError, open_camera
from app.qt import QImage, QObject, Signal, import_deferred
from app.ui.kit.camera_names import qt_camera_names
from app.ui.kit.errors import Problem
from app.ui.kit.i18n import translate

if TYPE_CHECKING:
    from app.ui.kit.options import ClientOptions

log = logging.getLogger(__name__)

PREVIEW_EVERY_S = 0.1  # about 10 fps on screen; checks still see every frame
PREVIEW_WIDTH = 640
RELEASE_GRACE_S = 3.0
READ_TIMEOUT_S = 0.25


class HasOptions(Protocol):
    """Whoever owns the camera (the AppContext): the camera reads the options afresh at
    each start, so a changed camera setting applies. A protocol, so that the camera does
    not import the context that makes it."""

    @property
    def options(self) -> ClientOptions: ...


class FrameConsumer(Protocol):
    """Something that looks at camera frames. Both calls come on the camera thread."""

    def on_frame(self, frame: Frame) -> None: ...

    def on_idle(self) -> None:
        """No frame came for a moment (or the camera failed): apply deadlines."""
        ...


def camera_problem(code: str, detail: str | None = None) -> Problem:
    """Plain words, with what to do, for a camera that cannot be used."""
    from app.core import support

    if code == "virtual_camera":
        text = translate(
            "Camera",
            "检测到虚拟摄像头（%1），人脸识别不能使用虚拟摄像头。请关闭虚拟摄像头软件，"
            "接上真实的摄像头后重试。",
        ).replace("%1", detail or "")
    elif code == "camera_lost":
        text = translate(
            "Camera",
            "摄像头断开了。请检查摄像头的连接线，或关闭正在使用摄像头的其他软件，然后重试。",
        )
    else:
        code = "no_camera"
        text = translate(
            "Camera",
            "没有找到可用的摄像头。请接上摄像头，并关闭正在使用摄像头的其他软件（如视频聊天），"
            "然后重试。",
        )
    return Problem(code, text, support.SUPPORT_CLIENT)


def preview_image(image_bgr: Array, width: int = PREVIEW_WIDTH) -> QImage:
    """A mirrored (like a mirror, as people expect), scaled RGB copy for the screen."""
    height, source_width = image_bgr.shape[:2]
    if source_width > width:
        scaled_height = max(1, round(height * width / source_width))
        image_bgr = cv2.resize(image_bgr, (width, scaled_height), interpolation=cv2.INTER_AREA)
    rgb = cv2.cvtColor(cv2.flip(image_bgr, 1), cv2.COLOR_BGR2RGB)
    rows, columns = rgb.shape[:2]
    # QImage only borrows the buffer: copy, so the picture outlives the array.
    return QImage(rgb.data, columns, rows, 3 * columns, QImage.Format.Format_RGB888).copy()


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
STILL_FPS = 25.0


class StillImageCamera(CameraSource):
    """A picture file shown as a camera that never moves (`--camera photo.png`): what a
    printed photo held still to the webcam looks like. OpenCV cannot rewind a single
    image, so it is read once and repeated."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path

    def _open(self) -> Any:
        return cv2.VideoCapture(self.path)

    def _run(self, capture: Any) -> None:
        ok, image = capture.read()
        if not ok or image is None:
            self._set_state("error", "video_unreadable")
            return
        number = 0
        while not self._stop.is_set():
            self._push(Frame(image.copy(), number, time.monotonic()))
            number += 1
            self._stop.wait(1.0 / STILL_FPS)


def open_source(
    spec: str | int, *, loop: bool, device_names: list[str] | None = None
) -> CameraSource:
    """`device_names`: the webcams in index order (qt_camera_names, made on the GUI thread)."""
    if isinstance(spec, str) and spec.lower().endswith(IMAGE_SUFFIXES):
        return StillImageCamera(spec).start()
    names = None if device_names is None else (lambda: device_names)
    return open_camera(spec, loop=loop, names=names)


class CameraWorker(QObject):
    preview = Signal(QImage)
    problem = Signal(object)  # app.ui.kit.errors.Problem
    running_changed = Signal(bool)

    def __init__(self, ctx: HasOptions) -> None:
        super().__init__()
        self.ctx = ctx
        self._lock = threading.Lock()
        self._holders: set[int] = set()
        self._consumers: list[FrameConsumer] = []
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._released_at: float | None = None
        self._latest: Array | None = None
        self.last_problem: Problem | None = None
        self.frames_seen = 0
        self._device_names: list[str] | None = None

    # ------------------------------------------------------------------ holders
    def acquire(self, user: object) -> None:
        """Keep the camera running for `user`; (re)starts it when it is not running."""
        with self._lock:
            self._holders.add(id(user))
            self._released_at = None
        self._ensure_running()

    def release(self, user: object) -> None:
        with self._lock:
            self._holders.discard(id(user))
            if not self._holders:
                self._released_at = time.monotonic()

    def shutdown(self) -> None:
        """Stop everything now (logout, quit): holders and consumers are forgotten."""
        with self._lock:
            self._holders.clear()
            self._consumers.clear()
            thread = self._thread
        self._stop.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(3.0)
        with self._lock:
            self._latest = None

    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    # ------------------------------------------------------------------ consumers
    def add_consumer(self, consumer: FrameConsumer) -> None:
        """`consumer.on_frame` gets every frame from now on, on the camera thread."""
        with self._lock:
            if consumer not in self._consumers:
                self._consumers.append(consumer)

    def remove_consumer(self, consumer: FrameConsumer) -> None:
        with self._lock:
            if consumer in self._consumers:
                self._consumers.remove(consumer)

    def still(self) -> Array | None:
        """A copy of the newest frame (BGR, unmirrored), in memory only (FACE-7)."""
        with self._lock:
            return None if self._latest is None else self._latest.copy()

    # ------------------------------------------------------------------ the thread
    def camera_spec(self) -> str | int:
        options = self.ctx.options
        spec = options.camera
        is_file = isinstance(spec, str) and not spec.isdigit() and "://" not in spec
        is_file = is_file and not str(spec).lower().endswith(IMAGE_SUFFIXES)
        if is_file and options.camera_frames is not None and "#" not in str(spec):
            first, last = options.camera_frames
            spec = f"{spec}#{first}-{last}"
        return spec

    def _ensure_running(self) -> None:
        import_deferred()  # no Qt import may race mediapipe's on the camera thread (app.qt)
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._device_names = qt_camera_names()  # here, on the GUI thread
            self._stop = threading.Event()
            self._thread = threading.Thread(
                target=self._run, args=(self._stop,), name="cedu camera", daemon=True
            )
            self._thread.start()

    def _open(self) -> CameraSource | None:
        try:
            return open_source(
                self.camera_spec(),
                loop=self.ctx.options.camera_loop,
                device_names=self._device_names,
            )
        except VirtualCameraError as exc:
            self._report(camera_problem("virtual_camera", exc.name))
        except Exception as exc:  # a driver can throw anything: a plain message, no trace
            log.warning("camera failed to open: %s", exc)
            self._report(camera_problem("no_camera"))
        return None

    def _report(self, problem: Problem) -> None:
        self.last_problem = problem
        self.problem.emit(problem)

    def _idle_consumers(self) -> None:
        with self._lock:
            consumers = list(self._consumers)
        for consumer in consumers:
            try:
                consumer.on_idle()
            except Exception:
                log.exception("frame consumer failed while idle")

    def _should_stop(self, stop: threading.Event) -> bool:
        if stop.is_set():
            return True
        with self._lock:
            released = self._released_at
            nobody = not self._holders
        return nobody and (released is None or time.monotonic() - released > RELEASE_GRACE_S)

    def _run(self, stop: threading.Event) -> None:
        source = self._open()
        if source is None:
            self._idle_consumers()
            return
        self.last_problem = None
        self.running_changed.emit(True)
        last_preview = 0.0
        had_frames = False
        released = False
        try:
            while not (released := self._should_stop(stop)):
                frame = source.read(READ_TIMEOUT_S)
                if frame is None:
                    if not source.alive:
                        lost = had_frames or source.error == "camera_lost"
                        log.info("camera ended: %s %s", source.state, source.error)
                        self._report(camera_problem("camera_lost" if lost else "no_camera"))
                        break
                    self._idle_consumers()
                    continue
                had_frames = True
                self.frames_seen += 1
                with self._lock:
                    self._latest = frame.image
                    consumers = list(self._consumers)
                now = time.monotonic()
                if now - last_preview >= PREVIEW_EVERY_S:
                    last_preview = now
                    self.preview.emit(preview_image(frame.image))
                for consumer in consumers:
                    try:
                        consumer.on_frame(frame)
                    except Exception:
                        log.exception("frame consumer failed")
        finally:
            source.stop()
            with self._lock:
                self._latest = None
            self._idle_consumers()
            self.running_changed.emit(False)
            if released:
                self._restart_if_held_again(stop)

    def _restart_if_held_again(self, stop: threading.Event) -> None:
        """Someone acquired the camera while this thread was stopping it (the grace had
        run out): `_ensure_running` saw this thread alive and started none, so start one."""
        with self._lock:
            wanted = bool(self._holders) and not stop.is_set()
            if self._thread is threading.current_thread():
                self._thread = None
        if wanted:
            self._ensure_running()
