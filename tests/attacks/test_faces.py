"""Attacks on the face check, end to end: the client's FaceCheck (real mediapipe and
dlib) on what the camera would see, its verdict and crops sent with the client's
ApiClient, the server's own judgement, and progress naming the check (FACE-3, PROG-5).
A dishonest client that claims a pass is caught by the server on the crops."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import pytest

from app.proctor.imagefile import encode_jpeg
from app.sync.api import ApiClient
from tests.support.faults import (
    NEW_PASSWORD,
    ZHANG,
    Http,
    enrolled_photo,
    run_face_check,
    still_photo_frames,
    stretch,
)
from tests.support.live_server import LiveServer


@pytest.fixture
def client(live_server: LiveServer, faces_dir: Path) -> ApiClient:
    http = Http(live_server.api)
    token = http.ready_trainee()
    assert http.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    api = ApiClient(live_server.url)
    api.login(ZHANG, NEW_PASSWORD)
    return api


def credited_after(client: ApiClient, check_id: str) -> str:
    """What the server says of a 3 s stretch that names this check."""
    lesson = client.lessons(client.me()["enrollments"][0]["id"])[0]
    event = stretch(
        str(client.session_id), int(lesson["id"]), 0.0, 3.0, dt.datetime.now(dt.UTC), check_id
    )
    answer = client.send_progress([event])  # type: ignore[list-item]
    return str(answer["results"][0]["status"])


def challenge(client: ApiClient) -> str:
    """Online, a check answers the server's challenge (FACE-3: without one it would be
    refused challenge_required, whatever its crops)."""
    return str(client.face_challenge()["challenge_id"])


def forged_pass(meta: dict[str, object]) -> dict[str, object]:
    return {**meta, "liveness": {"method": "blink", "passed": True},
            "client_decision": {"match": True, "distance": 0.3}}  # fmt: skip


# RULES: FACE-3, PROG-5
def test_a_still_photo_to_the_camera_fails(client: ApiClient, faces_dir: Path) -> None:
    check = run_face_check(
        still_photo_frames(faces_dir), enrolled_photo(faces_dir), step_s=2.0,
        challenge_id=challenge(client),
    )  # fmt: skip
    assert (check.state, check.reason) == ("failed", "not_live")
    judged = client.face_check(check.meta, check.crops)
    assert (judged["passed"], judged["reason"]) == (False, "not_live")
    assert credited_after(client, check.meta["check_id"]) == "refused"


# RULES: FACE-3, PROG-5
def test_another_person_fails_even_when_the_client_claims_a_pass(
    client: ApiClient, faces_dir: Path
) -> None:
    someone = [cv2.imread(str(faces_dir / "obama/obama.jpg"))] * 17
    check = run_face_check(
        someone, enrolled_photo(faces_dir), step_s=2.0, challenge_id=challenge(client)
    )
    assert (check.state, check.reason) == ("failed", "mismatch")
    lied = forged_pass({**check.meta, "check_id": "forged-pass-0001"})
    judged = client.face_check(lied, check.crops)
    assert (judged["passed"], judged["reason"]) == (False, "mismatch")
    assert credited_after(client, "forged-pass-0001") == "refused"


# RULES: FACE-3, FACE-5
def test_two_faces_fail(client: ApiClient, faces_dir: Path) -> None:
    two = cv2.imread(str(faces_dir / "_multi/two_people.jpg"))
    check = run_face_check(
        [two] * 17, enrolled_photo(faces_dir), step_s=2.0, challenge_id=challenge(client)
    )
    assert (check.state, check.reason) == ("failed", "many_faces")
    assert check.crops == []  # nothing to send as a pass: no one face was ever alone
    # A patched client sends the whole frame as its evidence of a pass.
    lied = forged_pass({**check.meta, "check_id": "forged-pass-0002", "crop_times": [0, 1, 2]})
    judged = client.face_check(lied, [encode_jpeg(two, max_bytes=200 * 1024)] * 3)
    assert (judged["passed"], judged["reason"]) == (False, "many_faces")
    assert credited_after(client, "forged-pass-0002") == "refused"
