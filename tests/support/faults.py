"""What the fault and attack tests share: the real server in its own process (so that
SIGKILL is real), a trainee made ready through the API, and a real face check made from
the shared face video against an enrolled photo (FACE-3)."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import requests

from tests.support.live_server import (  # noqa: F401  (Http, ZHANG: for the fault tests)
    ADMIN_PASSWORD,
    API,
    NEW_PASSWORD,
    ZHANG,
    Http,
)

REPO = Path(__file__).resolve().parents[2]
VIDEO = "_video/short_hamilton_clip.mp4"
LIVE_FIRST, LIVE_LAST = 82, 210  # one frontal shot with a real blink at 82-85
ENROLLED = "lin_manuel_miranda/lin-manuel-miranda.png"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """`cedu-server --demo` in a child process, restartable on the same data."""

    data_dir: Path
    media_dir: Path
    database_url: str | None = None
    lesson_seconds: int = 30
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return self.url + API

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "CEDU_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "CEDU_DEMO_LESSON_SECONDS": str(self.lesson_seconds),
            "CEDU_MEDIA_DIR": str(self.media_dir),
        }
        if self.database_url:
            env["CEDU_DATABASE_URL"] = self.database_url
        return env

    def start(self, timeout_s: float = 240.0) -> ServerProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.data_dir / "server.log"
        command = [sys.executable, "-m", "app.server.cli", "--demo"]
        command += ["--data-dir", str(self.data_dir), "--port", str(self.port)]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=self.env(), stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"cedu-server exited:\n{self.log_tail()}")
            try:
                if requests.get(self.api + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"cedu-server did not start:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush, exactly as a power cut to the process."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'cedu.sqlite3'}"


# ---------------------------------------------------------------------- faces


@lru_cache(maxsize=2)
def enrolled_photo(faces_dir: Path) -> bytes:
    """Lin-Manuel Miranda's photo on white, as the white-background helper makes it."""
    from app.proctor.whiten import whiten_bytes

    result = whiten_bytes((faces_dir / ENROLLED).read_bytes())
    assert result.image is not None, result.reason
    return result.jpeg()


@lru_cache(maxsize=2)
def live_frames(faces_dir: Path) -> tuple[np.ndarray, ...]:
    """Frames 82-210 of the shared clip (BGR): the stand-in for a live webcam."""
    capture = cv2.VideoCapture(str(faces_dir / VIDEO))
    frames = []
    index = 0
    while index <= LIVE_LAST:
        ok, frame = capture.read()
        if not ok:
            break
        if index >= LIVE_FIRST:
            frames.append(frame)
        index += 1
    capture.release()
    assert len(frames) == LIVE_LAST - LIVE_FIRST + 1
    return tuple(frames)


@lru_cache(maxsize=1)
def webcam_frames(faces_dir: Path, passes: int = 3, start: int = 0) -> tuple[np.ndarray, ...]:
    """The whole clip looped, as the file camera plays it to a check (scene cuts, two
    faces, the face half in view; the blink opens its shot, so only a later pass has
    eyes-open frames before it), from its frame `start`: a trainee's later checks meet
    the loop elsewhere, as a camera's do (the same frames twice are a replay, FACE-3)."""
    capture = cv2.VideoCapture(str(faces_dir / VIDEO))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    assert len(frames) > LIVE_LAST
    start %= len(frames)
    return tuple(frames[start:] + frames[:start]) * passes


@dataclass(frozen=True)
class CheckOutcome:
    """A face check as the client made it: its verdict, the API meta and the crops."""

    state: str
    reason: str | None
    meta: dict[str, Any]
    crops: list[bytes]


def run_face_check(
    frames: Sequence[np.ndarray],
    enrolled_jpeg: bytes,
    *,
    purpose: str = "lesson_start",
    lesson_id: int | None = None,
    attempt_id: str | None = None,
    step_s: float = 1 / 29.97,
    started_at: dt.datetime | None = None,
    gesture: str = "blink",
    challenge_id: str | None = None,
) -> CheckOutcome:
    """The client's face check (app.proctor.check.FaceCheck) fed `frames` in order, with
    a clock that moves `step_s` per frame, asking `gesture` (the server's challenge
    `challenge_id`, or the client's own pick); the outcome as the client would journal it."""
    from app.proctor.check import FaceCheck
    from app.proctor.gesture import as_gesture, liveness_for
    from app.proctor.identity import embedding_from_image_bytes

    enrolled = embedding_from_image_bytes(enrolled_jpeg)
    assert enrolled.embedding is not None, enrolled.reason
    asked = as_gesture(gesture)
    assert asked is not None, gesture
    method, side = liveness_for(asked)
    now = [1000.0]
    check = FaceCheck(
        enrolled.embedding, clock=lambda: now[0], liveness_method=method, turn_side=side
    )
    for frame in frames:
        if check.feed(frame) != "collecting":
            break
        now[0] += step_s
    if not check.finished:
        now[0] += 31.0
        check.tick()
    began = started_at or dt.datetime.now(dt.UTC) - dt.timedelta(seconds=now[0] - 1000.0)
    meta: dict[str, Any] = {
        "check_id": str(uuid.uuid4()),
        "purpose": purpose,
        "lesson_id": lesson_id,
        "attempt_id": attempt_id,
        "started_at": began.isoformat(),
        "ended_at": (began + dt.timedelta(seconds=now[0] - 1000.0)).isoformat(),
        "challenge_id": challenge_id,
        "crop_times": check.crop_times,
        "liveness": {"method": check.liveness_label, "passed": check.liveness_passed},
        "client_decision": {
            "match": check.state == "passed",
            "distance": check.distance if check.distance is not None else 1.0,
        },
    }
    return CheckOutcome(check.state, check.reason, meta, check.crops)


def still_photo_frames(faces_dir: Path, count: int = 17) -> list[np.ndarray]:
    """The enrolled person's photo held still to the camera."""
    photo = cv2.imread(str(faces_dir / ENROLLED))
    return [photo] * count


# A blink as the server must see it (FACE-3), indexes into live_frames: frames 166 and 176
# (eyes open: the looped camera's end of the shot), 83 and 84 (closed), 92 and 96 (open).
BLINK = (84, 94, 1, 2, 10, 14)
# The same blink (the clip has one) between other eyes-open frames: no set is a copy of
# another (app/server/services/face_replays.py), so one trainee's checks, one after the
# other, are not refused as replays. Found and checked with the server's own measures.
# (before, before, after, after): eyes-open frames around the closed ones (1 and 2).
_OPEN_AROUND = (
    (61, 94, 18, 57), (73, 127, 12, 51), (40, 97, 30, 51), (61, 91, 24, 51), (91, 118, 51, 57),
    (76, 100, 18, 27), (52, 100, 42, 54), (40, 109, 12, 21), (94, 112, 9, 33), (97, 109, 42, 45),
    (73, 124, 9, 15), (52, 85, 24, 30), (79, 103, 33, 45), (88, 118, 39, 42), (91, 94, 27, 45),
    (70, 124, 6, 30), (97, 103, 21, 36), (91, 124, 15, 24), (100, 118, 30, 33), (46, 73, 12, 45),
    (79, 112, 15, 45), (43, 97, 9, 42), (94, 106, 30, 36), (61, 88, 9, 33), (40, 46, 9, 15),
    (58, 79, 30, 33), (52, 106, 9, 36), (70, 73, 18, 42), (76, 82, 42, 54), (100, 121, 15, 57),
    (97, 115, 30, 54), (79, 100, 27, 33), (64, 79, 33, 54), (70, 91, 6, 45), (70, 94, 6, 42),
    (94, 97, 9, 18), (103, 127, 30, 39), (85, 109, 6, 9), (82, 100, 33, 36),
)  # fmt: skip
BLINKS = (BLINK, *((b1, b2, 1, 2, a1, a2) for b1, b2, a1, a2 in _OPEN_AROUND))
_next_blink = itertools.cycle(BLINKS)


def live_crops(faces_dir: Path, numbers: Sequence[int] | None = None) -> list[bytes]:
    """Frames of the live shot as JPEG evidence (the server embeds them again): by
    default a blink, the gesture the tests' servers ask for, each call the next of
    BLINKS (a live camera never sends one check's crops twice)."""
    from app.proctor.imagefile import encode_jpeg

    frames = live_frames(faces_dir)
    chosen = next(_next_blink) if numbers is None else numbers
    return [encode_jpeg(frames[n], max_bytes=200 * 1024) for n in chosen]


def passed_face_check(http: Http, token: str, faces_dir: Path) -> str:
    """Enroll the photo (once) and have the server pass a check: its check_id."""
    stored = http.put_photo(token, enrolled_photo(faces_dir))
    assert stored.status_code in (201, 409), stored.text  # 409: locked by an earlier run
    began = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=120)
    meta = {
        "check_id": str(uuid.uuid4()),
        "purpose": "lesson_start",
        "started_at": began.isoformat(),
        "ended_at": (began + dt.timedelta(seconds=4)).isoformat(),
        "liveness": {"method": "blink", "passed": True},
    }
    result = http.face_check(token, meta, live_crops(faces_dir))
    assert result.status_code == 200 and result.json()["passed"], result.text
    return str(meta["check_id"])


def stretch(
    session_id: str,
    lesson_id: int,
    from_s: float,
    to_s: float,
    ended_at: dt.datetime,
    face_check_id: str | None,
    wall_s: float | None = None,
) -> dict[str, Any]:
    """One progress event (API.md P) that took `wall_s` (default: its length) to play."""
    wall = to_s - from_s if wall_s is None else wall_s
    return {
        "event_id": str(uuid.uuid4()),
        "session_id": session_id,
        "lesson_id": lesson_id,
        "from_s": from_s,
        "to_s": to_s,
        "started_at": (ended_at - dt.timedelta(seconds=wall)).isoformat(),
        "ended_at": ended_at.isoformat(),
        "face_check_id": face_check_id,
    }
