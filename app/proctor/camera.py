"""Camera sources: a device index, a video file (tests, demos, `--camera FILE`) or a
stream URL, each read on its own worker thread into a small bounded queue.

The queue drops its oldest frame when full: a slow consumer (an embedding takes ~75 ms)
must never stall the camera, and the newest frame is the one worth analysing. A camera
that cannot be opened or disappears mid-way ends in state `error` with a reason; nothing
raises into the caller's thread. Frames live only in memory here (FACE-7).

`open_camera` takes what `--camera` takes: "0" (device index), a path, "clip.mp4#82-210"
(a frame range of a file), or a URL (rtsp://, http://...).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import cv2

from app.core.errors import DomainError
from app.proctor.arrays import Array

QUEUE_SIZE = 2
CameraState = Literal["opening", "running", "ended", "error", "stopped"]

# Drivers that feed a picture or a video instead of a camera (FACE-3: a replayed video
# must not pass a check). Matched case-insensitively as substrings of the device name.
VIRTUAL_CAMERA_NAMES = (
    "obs virtual camera",
    "obs-camera",
    "obs camera",
    "manycam",
    "e2esoft",
    "vcam",
    "xsplit",
    "snap camera",
    "droidcam",
    "splitcam",
    "youcam",
    "camtwist",
    "virtual camera",
    "virtualcam",
    "v4l2loopback",
    "dummy video device",
    "iriun",
    "epoccam",
    "nvidia broadcast",
    "chromacam",
    "mmhmm",
    "camo",
    "ivcam",
    "e2esoft vcam",
    # The meeting apps trainees in China have installed: each adds its own virtual camera.
    "wemeet",
    "voov",
    "腾讯会议",
    "tencent meeting",
    "dingtalk",
    "钉钉",
    "阿里钉钉",
)


class VirtualCameraError(DomainError):
    """A webcam index whose device the platform names as a virtual camera driver."""

    def __init__(self, name: str) -> None:
        super().__init__(
            "virtual_camera",
            name,
            f"这是虚拟摄像头（{name}），人脸识别时不能使用，请接上真实的摄像头。",
        )
        self.name = name


def is_virtual_camera(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in VIRTUAL_CAMERA_NAMES)


@dataclass(frozen=True)
class Frame:
    image: Array  # BGR
    index: int  # frame number in the source (file frame number for files)
    timestamp: float  # time.monotonic() when read


class CameraSource:
    """Base: a worker thread reading frames into a drop-oldest queue."""

    def __init__(self, description: str, queue_size: int = QUEUE_SIZE) -> None:
        self.description = description
        self.state: CameraState = "opening"
        self.error: str | None = None
        self.dropped = 0
        self.delivered = 0
        self._frames: deque[Frame] = deque()
        self._queue_size = queue_size
        self._ready = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- for subclasses
    def _open(self) -> Any:
        raise NotImplementedError

    def _run(self, capture: Any) -> None:
        raise NotImplementedError

    def _push(self, frame: Frame) -> None:
        with self._ready:
            if len(self._frames) >= self._queue_size:
                self._frames.popleft()
                self.dropped += 1
            self._frames.append(frame)
            self._ready.notify_all()

    def _set_state(self, state: CameraState, error: str | None = None) -> None:
        with self._ready:
            self.state = state
            self.error = error
            self._ready.notify_all()

    # -- for callers
    def start(self) -> CameraSource:
        self._thread = threading.Thread(
            target=self._work, name=f"camera {self.description}", daemon=True
        )
        self._thread.start()
        return self

    def _work(self) -> None:
        capture = None
        try:
            capture = self._open()
            if capture is None or not capture.isOpened():
                self._set_state("error", "camera_unavailable")
                return
            self._set_state("running")
            self._run(capture)
        except Exception as problem:  # a driver may throw anything; report, never crash
            self._set_state("error", f"camera_failed: {problem}")
        finally:
            if capture is not None:
                capture.release()

    def read(self, timeout: float | None = 1.0) -> Frame | None:
        """The oldest queued frame, waiting up to `timeout`; None when none came (see
        `state` and `error` for why)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._ready:
            while not self._frames:
                if self.state in ("ended", "error", "stopped"):
                    return None
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._ready.wait(remaining)
            self.delivered += 1
            return self._frames.popleft()

    def frames(self, timeout: float = 2.0) -> Any:
        """Iterate frames until the source ends, fails, or stays silent for `timeout`."""
        while True:
            frame = self.read(timeout)
            if frame is None:
                return
            yield frame

    @property
    def alive(self) -> bool:
        return self.state in ("opening", "running")

    def stop(self, join_timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(join_timeout)
        if self.state in ("opening", "running"):
            self._set_state("stopped")

    def __enter__(self) -> CameraSource:
        return self if self._thread else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class DeviceCamera(CameraSource):
    """A webcam by index; losing it mid-way (unplugged, taken by another app) is an error."""

    def __init__(self, index: int, queue_size: int = QUEUE_SIZE, max_failed_reads: int = 30):
        super().__init__(f"device {index}", queue_size)
        self.index = index
        self.max_failed_reads = max_failed_reads

    def _open(self) -> Any:
        backend = cv2.CAP_DSHOW if sys.platform == "win32" else cv2.CAP_ANY
        return cv2.VideoCapture(self.index, backend)

    def _run(self, capture: Any) -> None:
        failures, number = 0, 0
        while not self._stop.is_set():
            ok, image = capture.read()
            if not ok or image is None:
                failures += 1
                if failures >= self.max_failed_reads:
                    self._set_state("error", "camera_lost")
                    return
                time.sleep(0.03)
                continue
            failures = 0
            self._push(Frame(image, number, time.monotonic()))
            number += 1


class StreamCamera(DeviceCamera):
    """A network stream (rtsp/http): read like a device, opened by URL."""

    def __init__(self, url: str, queue_size: int = QUEUE_SIZE) -> None:
        super().__init__(0, queue_size, max_failed_reads=10)
        self.description = url
        self.url = url

    def _open(self) -> Any:
        return cv2.VideoCapture(self.url, cv2.CAP_FFMPEG)


class FileCamera(CameraSource):
    """A video file played as a camera: paced at its own fps, optionally one frame range,
    optionally looped."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        first: int = 0,
        last: int | None = None,
        loop: bool = False,
        paced: bool = True,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        super().__init__(str(path), queue_size)
        self.path = Path(path)
        self.first, self.last, self.loop, self.paced = first, last, loop, paced
        self.fps = 0.0

    def _open(self) -> Any:
        if not self.path.is_file():
            return None
        return cv2.VideoCapture(str(self.path))

    def _run(self, capture: Any) -> None:
        self.fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        period = 1.0 / self.fps
        while not self._stop.is_set():
            # Every pass starts at `first`, 0 included: a looped clip rewinds to its start.
            capture.set(cv2.CAP_PROP_POS_FRAMES, self.first)
            number, shown = self.first, 0
            started = time.monotonic()
            while not self._stop.is_set() and (self.last is None or number <= self.last):
                ok, image = capture.read()
                if not ok:
                    break
                if self.paced:  # a camera does not deliver faster than real time
                    delay = started + shown * period - time.monotonic()
                    if delay > 0:
                        self._stop.wait(delay)
                self._push(Frame(image, number, time.monotonic()))
                number, shown = number + 1, shown + 1
            if shown == 0:
                self._set_state("error", "video_unreadable")
                return
            if not self.loop:
                break
        if not self._stop.is_set():
            self._set_state("ended")


_RANGE = re.compile(r"^(?P<path>.+)#(?P<first>\d+)-(?P<last>\d+)$")


def open_camera(
    spec: str | int,
    *,
    loop: bool = False,
    paced: bool = True,
    queue_size: int = QUEUE_SIZE,
    start: bool = True,
    names: Callable[[], list[str]] | None = None,
) -> CameraSource:
    """A started source for "0", 0, a path, "path#82-210", or a URL.

    A device the platform names as a virtual camera (OBS, ManyCam...) is refused with
    `VirtualCameraError` (FACE-3: a replayed video must not pass a check). Where the
    platform lists no names (Linux without v4l2 names, macOS) nothing can be refused.
    `names` lists the devices in index order; the client passes Qt Multimedia's list
    (every platform, no ffmpeg), the default is `list_camera_names`.
    """
    source: CameraSource
    text = str(spec).strip()
    if isinstance(spec, int) or text.isdigit():
        name = device_name(int(text), names or list_camera_names)
        if name is not None and is_virtual_camera(name):
            raise VirtualCameraError(name)
        source = DeviceCamera(int(text), queue_size)
    elif "://" in text:
        source = StreamCamera(text, queue_size)
    else:
        match = _RANGE.match(text)
        if match:
            source = FileCamera(
                match["path"],
                first=int(match["first"]),
                last=int(match["last"]),
                loop=loop,
                paced=paced,
                queue_size=queue_size,
            )
        else:
            source = FileCamera(text, loop=loop, paced=paced, queue_size=queue_size)
    return source.start() if start else source


def device_name(
    index: int, names: Callable[[], list[str]] | None = None
) -> str | None:
    """The platform's name of webcam `index`, when it lists names in device order."""
    listed = (names or list_camera_names)()
    return listed[index] if 0 <= index < len(listed) else None


def list_camera_names() -> list[str]:
    """Camera device names where the platform tells them; [] where it cannot.

    Linux: /sys/class/video4linux. Windows: DirectShow names through ffmpeg when it is on
    PATH (OpenCV cannot list them). Elsewhere: empty.
    """
    if sys.platform.startswith("linux"):
        names = []
        for device in sorted(Path("/sys/class/video4linux").glob("video*")):
            try:
                names.append((device / "name").read_text(encoding="utf-8").strip())
            except OSError:
                continue
        return names
    if sys.platform == "win32":
        try:
            listing = subprocess.run(
                ["ffmpeg", "-hide_banner", "-list_devices", "true", "-f", "dshow", "-i", "dummy"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stderr
        except (OSError, subprocess.SubprocessError):
            return []
        return re.findall(r'"([^"]+)"\s*\(video\)', listing)
    return []
