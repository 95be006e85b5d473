"""The enrolled photo, other people's crops, and putting photos and checks to the server."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from app.proctor.imagefile import encode_jpeg
from app.proctor.whiten import whiten_bytes
from tests.support.live_server import LiveServer

ZHANG = "530102198001010015"


@pytest.fixture(scope="module")
def enrolled_photo(faces_dir: Path) -> bytes:
    """Lin-Manuel Miranda's photo on white, as the white-background helper makes it."""
    result = whiten_bytes(
        (faces_dir / "lin_manuel_miranda" / "lin-manuel-miranda.png").read_bytes()
    )
    assert result.image is not None, result.reason
    return result.jpeg()


def as_crop(image: np.ndarray) -> bytes:
    """JPEG evidence within API.md's limits: 200 KB and one megapixel."""
    scale = min(1.0, (1_000_000 / (image.shape[0] * image.shape[1])) ** 0.5)
    size = (int(image.shape[1] * scale), int(image.shape[0] * scale))
    return encode_jpeg(cv2.resize(image, size, interpolation=cv2.INTER_AREA), max_bytes=200 * 1024)


@pytest.fixture(scope="module")
def other_crops(faces_dir: Path) -> list[bytes]:
    paths = ["obama/obama.jpg", "obama/obama2.jpg", "obama/obama3.jpg"]  # API.md: 3 to 12
    return [as_crop(cv2.imread(str(faces_dir / p))) for p in paths]


def put_photo(server: LiveServer, token: str, data: bytes, kind: str = "image/jpeg") -> Any:
    """The photo, after the trainee's consent (FACE-8; tests/server/test_face_consent.py)."""
    server.consent(token)
    return server.call("PUT", "/me/photo", token, data=data, headers={"Content-Type": kind})


def post_check(server: LiveServer, token: str, crops: list[bytes], **meta: Any) -> dict[str, Any]:
    # Within the server's clock: after the session began, before the arrival (API.md).
    # Online, on the server's challenge (FACE-3) unless the test names one (None: offline).
    now = server.clock()
    body = {
        "check_id": str(uuid.uuid4()),
        "purpose": "lesson_start",
        "lesson_id": 1,
        "started_at": (now - dt.timedelta(seconds=8)).isoformat(),
        "ended_at": (now - dt.timedelta(seconds=2)).isoformat(),
        "liveness": {"method": "blink", "passed": True},
        "client_decision": {"match": True, "distance": 0.3},
        **meta,
    }
    if "challenge_id" not in body:
        body["challenge_id"] = server.client.challenge(token)
    files = [("crop", (f"{n}.jpg", crop, "image/jpeg")) for n, crop in enumerate(crops)]
    response = server.call(
        "POST", "/face-checks", token, data={"meta": json.dumps(body)}, files=files
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    assert result["check_id"] == body["check_id"]
    return result
