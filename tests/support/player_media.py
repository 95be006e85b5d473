"""Real videos (made by ffmpeg), a real HTTP media server and real player windows.

The videos are small (320x240, a few seconds) because four engineers share two cores.
"""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.player.factory import DEFAULT_VLC_ARGS
from tests.support.media_server import MediaServer

# No sound card here; the app itself passes --no-video-title-show.
# The app's own options (the software-X11 output on a PC without a GPU: the frame test
# proves its picture shows), silent.
VLC_TEST_ARGS = (*DEFAULT_VLC_ARGS, "--aout=dummy", "--quiet")

CLOCK_VIDEO_S = 8.0
RED_VIDEO_S = 4.0
RED = (255, 0, 0)


def make_video(path: Path, source: str, seconds: float, *, timecode: bool = False) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    filters = ["-vf", "drawtext=text='%{pts\\:hms}':fontsize=28:fontcolor=white:x=8:y=8"]
    joiner = ":" if "=" in source else "="  # "testsrc2" or "color=c=red"
    command = [
        "ffmpeg", "-v", "error", "-y",
        "-f", "lavfi", "-i", f"{source}{joiner}size=320x240:rate=25:duration={seconds}",
        *(filters if timecode else []),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-g", "25",  # a key frame each second: seeks land quickly
        "-movflags", "+faststart",  # the index first, so HTTP playback starts at once
        str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=120)
    return path


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("player-media")
    make_video(folder / "clock.mp4", "testsrc2", CLOCK_VIDEO_S, timecode=True)
    make_video(folder / "red.mp4", "color=c=red", RED_VIDEO_S)
    # Random bytes under a video's name: what a half-written download looks like.
    (folder / "broken.mp4").write_bytes(bytes(range(256)) * 2048)
    return folder


@pytest.fixture
def clock_video(media_dir: Path) -> Path:
    return media_dir / "clock.mp4"


@pytest.fixture
def media_server(media_dir: Path) -> Iterator[MediaServer]:
    server = MediaServer(media_dir).start()
    yield server
    server.stop()
