"""Camera sources: real files as cameras, the drop-oldest queue, missing cameras (FACE-7:
frames stay in memory)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.proctor.camera import (
    DeviceCamera,
    FileCamera,
    StreamCamera,
    is_virtual_camera,
    list_camera_names,
    open_camera,
)


@pytest.fixture(scope="module")
def small_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    path = tmp_path_factory.mktemp("video") / "testsrc.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=20",
         "-t", "1.5", "-pix_fmt", "yuv420p", "-c:v", "libx264", str(path)],
        check=True, timeout=60,
    )
    return path


def test_file_source_yields_every_frame_in_order(small_video: Path) -> None:
    with open_camera(str(small_video), queue_size=64) as camera:
        frames = list(camera.frames())
    assert camera.state == "ended" and camera.error is None
    assert [f.index for f in frames] == list(range(30))
    assert frames[0].image.shape == (120, 160, 3)
    assert isinstance(camera, FileCamera) and camera.fps == pytest.approx(20, abs=0.1)
    stamps = [f.timestamp for f in frames]
    assert stamps == sorted(stamps)


def test_frame_range_of_the_shared_clip(faces_dir: Path) -> None:
    clip = faces_dir / "_video/short_hamilton_clip.mp4"
    with open_camera(f"{clip}#82-90", paced=False, queue_size=32) as camera:
        frames = list(camera.frames())
    assert [f.index for f in frames] == list(range(82, 91))
    capture = cv2.VideoCapture(str(clip))
    capture.set(cv2.CAP_PROP_POS_FRAMES, 82)
    ok, expected = capture.read()
    capture.release()
    assert ok and np.array_equal(frames[0].image, expected)


def test_looped_file_starts_again(small_video: Path) -> None:
    camera = FileCamera(small_video, first=0, last=4, loop=True, paced=False, queue_size=64)
    with camera:
        indices = [camera.read(2.0) for _ in range(12)]
    assert [f.index for f in indices if f is not None] == [0, 1, 2, 3, 4] * 2 + [0, 1]


def test_slow_consumer_gets_recent_frames_and_the_camera_never_blocks(small_video: Path) -> None:
    camera = FileCamera(small_video, paced=False, queue_size=2).start()
    deadline = time.monotonic() + 20
    while camera.alive and time.monotonic() < deadline:  # the consumer is busy elsewhere;
        time.sleep(0.05)  # the camera reads on regardless, to the end of the file
    received = list(camera.frames())
    assert camera.state == "ended"
    assert len(received) <= 2 and camera.dropped >= 28
    assert camera.dropped + camera.delivered == 30
    assert received[-1].index == 29  # the newest survived, the oldest were dropped


def test_missing_file_and_missing_device_are_reported_not_raised(tmp_path: Path) -> None:
    missing = open_camera(str(tmp_path / "nope.mp4"))
    assert missing.read(2.0) is None
    assert missing.state == "error" and missing.error == "camera_unavailable"
    not_video = tmp_path / "notes.mp4"
    not_video.write_bytes(b"this is not a video")
    broken = open_camera(str(not_video))
    assert broken.read(2.0) is None and broken.state == "error"
    device = open_camera("57")
    assert isinstance(device, DeviceCamera)
    assert device.read(5.0) is None
    assert device.state == "error" and device.error == "camera_unavailable"


def test_open_camera_understands_every_spelling(small_video: Path) -> None:
    assert isinstance(open_camera(3, start=False), DeviceCamera)
    assert isinstance(open_camera(" 0 ", start=False), DeviceCamera)
    stream = open_camera("rtsp://192.0.2.1/live", start=False)
    assert isinstance(stream, StreamCamera) and stream.url == "rtsp://192.0.2.1/live"
    ranged = open_camera(f"{small_video}#5-9", start=False)
    assert isinstance(ranged, FileCamera) and (ranged.first, ranged.last) == (5, 9)


# RULES: FACE-3
def test_virtual_cameras_are_recognised_by_name() -> None:
    for name in ("OBS Virtual Camera", "ManyCam Virtual Webcam", "e2eSoft VCam",
                 "XSplit VCam", "Snap Camera", "DroidCam Source 3", "OBS-Camera"):
        assert is_virtual_camera(name), name
    for name in ("Integrated Camera", "HD Pro Webcam C920", "USB2.0 HD UVC WebCam"):
        assert not is_virtual_camera(name), name
    assert all(isinstance(n, str) for n in list_camera_names())


def test_a_whole_looped_clip_rewinds_to_its_first_frame(small_video: Path) -> None:
    """`--camera clip.mp4` with no frame range: the clip plays again, never 'unreadable'."""
    camera = FileCamera(small_video, loop=True, paced=False, queue_size=128)
    with camera:
        indices = [camera.read(2.0) for _ in range(70)]
    assert [f.index for f in indices if f is not None] == [*range(30), *range(30), *range(10)]
    assert camera.error is None
