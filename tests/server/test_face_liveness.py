"""The server judges liveness from the crops themselves (FACE-3, API.md "Face checks"):
the real blink and the real head turns of the shared clip, as tight and as padded crops,
pass; what a script makes of pictures (one frame repeated, the enrolled photo, a mirror
image, open eyes claimed as a blink, the wrong gesture, a passed check's crops sent
again) fails not_live. A passed photo_confirm keeps a live reference beside the photo."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from app.proctor.check import face_crop
from app.proctor.detect import FaceEngine
from app.proctor.imagefile import decode_image, encode_jpeg
from app.server.models import FaceCheck, FaceFingerprint, Trainee
from app.server.services import face_data, face_replays, retention
from app.server.services.face_gestures import pose_of, shows_turn
from tests.support.face_engine import engine, live_frames
from tests.support.faults import BLINK, enrolled_photo
from tests.support.live_server import LiveServer, start_server
from tests.support.server_faces import as_crop

__all__ = ["engine", "live_frames"]  # fixtures used below

ZHANG = "530102198001010015"  # 张三
QIAN = "530302196909300057"  # 钱七
WANG = "532501198811200037"  # 王五
FIRST = 82  # live_frames[0] is the clip's frame 82
NO_BLINK = (166, 176, 92, 96, 100)  # eyes open throughout, facing the camera
TURN_RIGHT = (96, 104, 112, 124, 132)  # yaw -0.6 to -31.4 degrees (the person's right)
TURN_LEFT = (142, 147, 152, 156, 160)  # yaw -9.2 to +12.0 degrees (the person's left)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, media_dir: Path) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("liveness") / "data", None, media_dir)
    yield live
    live.stop()


@pytest.fixture(scope="module")
def zhang(server: LiveServer, faces_dir: Path) -> str:
    token = server.ready_trainee(ZHANG)
    server.consent(token)
    assert server.client.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    return token


def tight(engine: FaceEngine, frame: np.ndarray) -> bytes:
    """The face alone: the detector's box, nothing around it."""
    face = engine.detect(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))[0]
    x, y, w, h = (round(v) for v in (face.x, face.y, face.width, face.height))
    return encode_jpeg(frame[max(0, y) : y + h, max(0, x) : x + w])


def padded(engine: FaceEngine, frame: np.ndarray) -> bytes:
    """Head and shoulders, as the client crops (app.proctor.check.face_crop)."""
    return face_crop(frame, engine.detect(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))[0])


def crops_of(
    frames: Sequence[np.ndarray], numbers: Sequence[int], engine: FaceEngine, cut: Any = padded
) -> list[bytes]:
    return [cut(engine, frames[n - FIRST]) for n in numbers]


def check_meta(
    server: LiveServer, crops: Sequence[bytes], gesture: str = "blink", **meta: Any
) -> dict[str, Any]:
    """The meta of a check as the client sends it: crops 0.2 s apart, a pass claimed."""
    now = server.clock()
    return {
        "check_id": str(uuid.uuid4()),
        "purpose": "periodic",
        "started_at": (now - dt.timedelta(seconds=6)).isoformat(),
        "ended_at": (now - dt.timedelta(seconds=1)).isoformat(),
        "crop_times": [round(0.2 * n, 2) for n in range(len(crops))],
        "liveness": {"method": gesture, "passed": True},
        "client_decision": {"match": True, "distance": 0.3},
        **meta,
    }


def check(
    server: LiveServer,
    token: str,
    crops: list[bytes],
    gesture: str = "blink",
    challenge: bool = True,
    **meta: Any,
) -> dict[str, Any]:
    """A check as the client makes it: on a challenge for `gesture` (the server's pick,
    narrowed by its setting), crops 0.2 s apart, the client claiming a pass. Without a
    challenge, a check made offline: the server's clock moves on first, so that nothing
    of this login reached the server while it ran (else it is challenge_required)."""
    if not challenge:
        server.clock.advance(seconds=30)
    body = check_meta(server, crops, gesture, **{"challenge_id": None, **meta})
    if challenge:
        server.context.settings.face_gestures = gesture
        made = server.call("POST", "/face-checks/challenges", token)
        assert made.status_code == 201 and made.json()["gesture"] == gesture
        body["challenge_id"] = made.json()["challenge_id"]
    files = [("crop", (f"{n}.jpg", crop, "image/jpeg")) for n, crop in enumerate(crops)]
    data = {"meta": json.dumps(body)}
    answer = server.call("POST", "/face-checks", token, data=data, files=files)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


# RULES: FACE-3
@pytest.mark.parametrize("cut", [tight, padded], ids=["tight", "padded"])
def test_a_real_blink_passes_as_tight_and_as_padded_crops(
    server: LiveServer, zhang: str, live_frames: list[np.ndarray], engine: FaceEngine, cut: Any
) -> None:
    # Open (the looped camera's end of the shot), closed (82-85), open again.
    crops = crops_of(live_frames, [n + FIRST for n in BLINK], engine, cut)
    result = check(server, zhang, crops)
    assert (result["passed"], result["reason"]) == (True, None), result
    assert result["distance"] < server.context.settings.face_match_threshold


# RULES: FACE-3
def test_open_eyes_claimed_as_a_blink_are_not_live(
    server: LiveServer, zhang: str, live_frames: list[np.ndarray], engine: FaceEngine
) -> None:
    crops = crops_of(live_frames, NO_BLINK, engine)
    assert check(server, zhang, crops)["reason"] == "not_live"  # on a challenge
    offline = check(server, zhang, crops, challenge=False)  # the client names the gesture
    assert offline["reason"] == "not_live"


# RULES: FACE-3
def test_a_blink_answering_a_turn_challenge_is_not_live(
    server: LiveServer, zhang: str, live_frames: list[np.ndarray], engine: FaceEngine
) -> None:
    crops = crops_of(live_frames, [n + FIRST for n in BLINK], engine)
    for gesture in ("turn_left", "turn_right"):
        # The client even names a blink: the challenge's gesture is the one judged.
        result = check(server, zhang, crops, gesture, liveness={"method": "blink", "passed": True})
        assert result["reason"] == "not_live", gesture


# RULES: FACE-3
def test_real_head_turns_pass_the_way_they_turn(
    server: LiveServer, zhang: str, live_frames: list[np.ndarray], engine: FaceEngine
) -> None:
    right = crops_of(live_frames, TURN_RIGHT, engine)
    left = crops_of(live_frames, TURN_LEFT, engine)
    assert check(server, zhang, right, "turn_right")["passed"] is True
    assert check(server, zhang, left, "turn_left")["passed"] is True
    assert check(server, zhang, right, "turn_left")["reason"] == "not_live"
    assert check(server, zhang, left, "turn_right")["reason"] == "not_live"


# RULES: FACE-3
def test_photos_of_one_man_turning_read_as_turns_and_a_mirror_image_is_no_turn(
    server: LiveServer,
    zhang: str,
    live_frames: list[np.ndarray],
    engine: FaceEngine,
    faces_dir: Path,
) -> None:
    def poses(paths: Sequence[str]) -> list[Any]:
        return [pose_of(engine, cv2.imread(str(faces_dir / p))) for p in paths]

    # Photos of one person at different yaw (-1.4, 14.3, 25.8 degrees; 0.6, -19.8).
    names = ("guido_van_rossum3", "guido_van_rossum4", "test_guido_van_rossum")
    guido = poses([f"guido_van_rossum/{name}.jpg" for name in names])
    steve = poses(["steve_wozniak/steve_wozniak3.jpg", "steve_wozniak/steve_wozniak4.jpg"])
    assert shows_turn(guido, "left") and not shows_turn(guido, "right")
    assert shows_turn(steve, "right") and not shows_turn(steve, "left")
    # A frame facing a little to the left and its mirror image read as a turn to the
    # right: the measure alone is fooled, the server refuses the mirror image.
    frame = live_frames[160 - FIRST]
    image = decode_image(padded(engine, frame)).image
    assert image is not None
    mirror = encode_jpeg(cv2.flip(image, 1))
    fooled = [pose_of(engine, image), pose_of(engine, cv2.flip(image, 1))]
    assert shows_turn(fooled, "right")
    crops = [encode_jpeg(image), mirror, mirror]
    assert check(server, zhang, crops, "turn_right")["reason"] == "not_live"


# RULES: FACE-3
def test_copies_are_not_live(
    server: LiveServer,
    zhang: str,
    live_frames: list[np.ndarray],
    engine: FaceEngine,
    faces_dir: Path,
) -> None:
    photo = enrolled_photo(faces_dir)
    assert check(server, zhang, [photo] * 5)["reason"] == "not_live"
    one_frame = padded(engine, live_frames[100 - FIRST])
    assert check(server, zhang, [one_frame] * 5)["reason"] == "not_live"


# RULES: FACE-3
def test_fewer_than_three_crops_are_invalid(
    server: LiveServer, zhang: str, live_frames: list[np.ndarray], engine: FaceEngine
) -> None:
    crops = crops_of(live_frames, NO_BLINK[:2], engine)
    answer = server.client.face_check(zhang, check_meta(server, crops), crops)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_request"


# RULES: FACE-3, FACE-8
def test_a_confirmed_photo_keeps_a_live_reference_until_face_data_is_deleted(
    server: LiveServer, live_frames: list[np.ndarray], engine: FaceEngine, faces_dir: Path
) -> None:
    settings = server.context.settings
    token = server.ready_trainee(QIAN)
    server.consent(token)
    assert server.client.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    # Open eyes at 0.44-0.52 from the photo: above a threshold of 0.43, as an old photo
    # in poor light sits above 0.58 (the shared ID-style photo and live video: 0.575-0.584).
    later = crops_of(live_frames, (176, 180, 83, 84, 100, 104), engine)
    confirm = crops_of(live_frames, (148, 156, 83, 84, 92, 96), engine)
    settings.face_match_threshold = 0.43
    try:
        assert check(server, token, later)["reason"] == "mismatch"  # the photo alone
        settings.face_match_threshold = 0.58
        confirmed = check(server, token, confirm, purpose="photo_confirm")
        assert confirmed["passed"] is True, confirmed
        settings.face_match_threshold = 0.43
        beside = check(server, token, later)
        assert (beside["passed"], beside["reason"]) == (True, None), beside
        assert beside["distance"] < 0.43
        # Someone else near neither reference still fails.
        others = [as_crop(cv2.imread(str(faces_dir / p))) for p in
                  ("obama/obama.jpg", "obama/obama2.jpg", "obama/obama3.jpg")]  # fmt: skip
        assert check(server, token, others, challenge=False)["reason"] == "mismatch"
    finally:
        settings.face_match_threshold = 0.58
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == QIAN)).one()
        assert trainee.live_embedding is not None
        face_data.delete_face_data(db, server.clock(), trainee.id, "withdrawn")
        db.commit()
        db.refresh(trainee)
        assert trainee.live_embedding is None and trainee.photo_embedding is None


# RULES: FACE-2, FACE-3
def test_a_staff_photo_reset_clears_the_live_reference(server: LiveServer) -> None:
    server.ready_trainee(WANG)
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == WANG)).one()
        trainee.photo, trainee.photo_embedding = b"jpeg", b"vector"
        trainee.live_embedding, trainee.photo_set_at = b"live", server.clock()
        db.commit()
    admin = server.admin_token()
    assert server.call("POST", f"/admin/trainees/{WANG}/photo-reset", admin).status_code == 204
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == WANG)).one()
        assert (trainee.photo_embedding, trainee.live_embedding) == (None, None)


SUN = "530102198505050061"  # 孙八: the replay tests' own trainee


def _shifted_and_scaled(crop: bytes) -> bytes:
    image = decode_image(crop).image
    assert image is not None
    height, width = image.shape[:2]
    moved = cv2.warpAffine(
        image,
        np.float32([[1, 0, 12], [0, 1, -8]]),
        (width, height),
        borderMode=cv2.BORDER_REPLICATE,
    )
    return encode_jpeg(cv2.resize(moved, None, fx=0.9, fy=0.9), quality=70)


def _reencoded(crop: bytes, quality: int) -> bytes:
    image = decode_image(crop).image
    assert image is not None
    return encode_jpeg(image, quality=quality)


# RULES: FACE-3, FACE-8
def test_a_passed_checks_crops_sent_again_as_a_new_check_are_not_live(
    server: LiveServer, live_frames: list[np.ndarray], engine: FaceEngine, faces_dir: Path
) -> None:
    token = server.ready_trainee(SUN)
    server.consent(token)
    assert server.client.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    numbers = [n + FIRST for n in BLINK]
    recorded = crops_of(live_frames, numbers, engine)
    assert check(server, token, recorded)["passed"] is True
    # A script sends what it recorded again, each time on a fresh challenge and check id.
    replays = {
        "same bytes": recorded,
        "re-encoded": [_reencoded(c, 50) for c in recorded],
        "shifted and scaled": [_shifted_and_scaled(c) for c in recorded],
    }
    for name, crops in replays.items():
        result = check(server, token, crops)
        assert (result["reason"], result.get("detail")) == ("not_live", "replayed"), name
    # The same man blinking again: the closed eyes are the clip's only blink (the same
    # frames), the open eyes around them other frames: a new check, passed.
    again = check(server, token, crops_of(live_frames, (148, 156, 83, 84, 104, 112), engine))
    assert (again["passed"], again.get("detail")) == (True, None), again
    # Face data: the fingerprints go with the photo (a staff reset, a withdrawal, the
    # retention job after 30 days).
    with server.context.sessions() as db:
        sun = db.scalars(select(Trainee).where(Trainee.id_number == SUN)).one()
        assert len(face_replays.earlier_fingerprints(db, sun.id, server.clock())) == 2
    admin = server.admin_token()
    assert server.call("POST", f"/admin/trainees/{SUN}/photo-reset", admin).status_code == 204
    with server.context.sessions() as db:
        assert face_replays.earlier_fingerprints(db, sun.id, server.clock()) == []
        check_pk = db.scalars(select(FaceCheck.id).where(FaceCheck.trainee_id == sun.id)).first()
        assert check_pk is not None
        for days in (0, 31):
            at = server.clock() - dt.timedelta(days=days)
            face_replays.keep(db, check_pk, sun.id, [1, 2, 3], at)
        db.commit()
    retention.run(server.context)  # the 31-day-old one
    of_sun = select(func.count()).where(FaceFingerprint.trainee_id == sun.id)
    with server.context.sessions() as db:
        assert db.scalar(of_sun) == 1
        face_data.delete_face_data(db, server.clock(), sun.id, "withdrawn")
        db.commit()
        assert db.scalar(of_sun) == 0
