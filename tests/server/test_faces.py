"""The enrolled photo and the server's face checks, on real photos and real video frames
(FACE-1, FACE-2, FACE-3, FACE-7)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from app.proctor.imagefile import encode_jpeg
from app.server.models import FaceCheck, FaceEvidence
from app.server.services import retention
from tests.support.live_server import LiveServer
from tests.support.server_faces import (
    ZHANG,
    as_crop,
    enrolled_photo,
    other_crops,
    post_check,
    put_photo,
)

__all__ = ["enrolled_photo", "other_crops"]  # fixtures used below


@pytest.fixture(scope="module")
def live_crops(faces_dir: Path) -> list[bytes]:
    """A blink of the same man in the live shot (82-210), as JPEG evidence: eyes open
    (166, 176: the looped camera's end of the shot), closed (83, 84), open (92, 96)."""
    capture = cv2.VideoCapture(str(faces_dir / "_video" / "short_hamilton_clip.mp4"))
    crops = []
    for number in (166, 176, 83, 84, 92, 96):
        capture.set(cv2.CAP_PROP_POS_FRAMES, number)
        ok, frame = capture.read()
        assert ok
        crops.append(encode_jpeg(frame, max_bytes=200 * 1024))
    capture.release()
    return crops


def test_enrolled_photo_is_checked_then_locked(
    server: LiveServer, enrolled_photo: bytes, faces_dir: Path
) -> None:
    # RULES: FACE-1, FACE-2
    token = server.ready_trainee(ZHANG)
    coloured = (faces_dir / "obama" / "obama.jpg").read_bytes()
    refused = put_photo(server, token, coloured)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "photo_rejected"
    assert refused.json()["error"]["reason"] in {"too_small", "background_not_white"}
    not_image = put_photo(server, token, b"GIF89a not really")
    assert not_image.status_code == 422 and not_image.json()["error"]["reason"] == "not_an_image"
    too_big = put_photo(server, token, b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1))
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "photo_too_large"

    stored = put_photo(server, token, enrolled_photo)
    assert stored.status_code == 201, stored.text
    assert stored.json() == {"status": "locked"}
    assert server.call("GET", "/me", token).json()["photo"]["status"] == "locked"
    again = put_photo(server, token, enrolled_photo)
    assert again.status_code == 409 and again.json()["error"]["code"] == "photo_locked"


def test_face_checks_are_decided_by_the_server(
    sqlite_server: LiveServer,
    enrolled_photo: bytes,
    live_crops: list[bytes],
    other_crops: list[bytes],
    faces_dir: Path,
) -> None:
    # RULES: FACE-3
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    server.consent(token)
    assert post_check(server, token, live_crops)["reason"] == "no_photo"
    assert put_photo(server, token, enrolled_photo).status_code == 201

    same = post_check(server, token, live_crops)
    assert same["passed"] is True and same["reason"] is None
    assert 0 < same["distance"] < server.context.settings.face_match_threshold

    # A forged client decision changes nothing: the server looks at the crops.
    other = post_check(server, token, other_crops, client_decision={"match": True, "distance": 0.1})
    assert other["passed"] is False and other["reason"] == "mismatch"
    assert other["distance"] > server.context.settings.face_match_threshold

    # The client's claim is not what counts: open eyes throughout claimed as a blink.
    open_eyes = [crop for n, crop in enumerate(live_crops) if n not in (2, 3)]
    not_live = post_check(server, token, open_eyes)
    assert not_live["passed"] is False and not_live["reason"] == "not_live"

    two = cv2.imread(str(faces_dir / "_multi" / "obama_and_biden.jpg"))
    many = post_check(server, token, [as_crop(two)] * 3)
    assert many["reason"] == "many_faces"
    blank = encode_jpeg(np.full((300, 300, 3), 200, np.uint8))
    assert post_check(server, token, [blank] * 3)["reason"] == "no_face"


def test_evidence_only_of_failed_checks_and_for_thirty_days(
    sqlite_server: LiveServer,
    enrolled_photo: bytes,
    live_crops: list[bytes],
    other_crops: list[bytes],
) -> None:
    # RULES: FACE-7
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    put_photo(server, token, enrolled_photo)
    passed = post_check(server, token, live_crops)
    failed = post_check(server, token, other_crops)
    with server.context.sessions() as db:

        def evidence(check_id: str) -> int:
            return (
                db.scalar(
                    select(func.count())
                    .select_from(FaceEvidence)
                    .join(FaceCheck, FaceCheck.id == FaceEvidence.check_id)
                    .where(FaceCheck.check_id == check_id)
                )
                or 0
            )

        assert evidence(passed["check_id"]) == 0
        assert evidence(failed["check_id"]) == len(other_crops)
    server.clock.advance(days=31)
    retention.run(server.context)  # the daily job (tests/server/test_retention.py)
    with server.context.sessions() as db:
        assert db.scalar(select(func.count()).select_from(FaceEvidence)) == 0
        # The decision itself stays on record.
        kept = select(FaceCheck).where(FaceCheck.check_id == failed["check_id"])
        assert db.scalar(kept) is not None


def test_a_retried_check_is_recorded_once(
    sqlite_server: LiveServer, enrolled_photo: bytes, live_crops: list[bytes]
) -> None:
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    put_photo(server, token, enrolled_photo)
    check_id = str(uuid.uuid4())
    first = post_check(server, token, live_crops, check_id=check_id)
    second = post_check(server, token, live_crops, check_id=check_id)
    assert first == second
    with server.context.sessions() as db:
        assert db.scalar(select(func.count()).select_from(FaceCheck)) == 1


def test_bad_face_check_requests(sqlite_server: LiveServer, live_crops: list[bytes]) -> None:
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    cases = [
        {"meta": "{not json"},
        {"meta": json.dumps({"check_id": "short", "purpose": "x"})},
        {
            "meta": json.dumps(
                {
                    "check_id": str(uuid.uuid4()),
                    "purpose": "periodic",
                    "started_at": "2026-11-24T10:00:00",
                    "ended_at": "2026-11-24T10:00:06",
                    "liveness": {"method": "blink", "passed": True},
                }
            )
        },  # naive times
    ]
    for data in cases:
        response = server.call(
            "POST",
            "/face-checks",
            token,
            data=data,
            files=[("crop", ("a.jpg", live_crops[0], "image/jpeg"))],
        )
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "invalid_request"
    no_crop = server.call("POST", "/face-checks", token, data={"meta": "{}"})
    assert no_crop.status_code == 422
