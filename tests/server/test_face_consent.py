"""Face data by consent (FACE-8): each decision recorded with the text's version and
time; withdrawal deletes the enrolled photo, its template and evidence crops from the
database and its file; 人工核验 applications. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.server.models import Consent, FaceCheck, FaceDataDeletion, FaceEvidence, Trainee
from tests.support.live_server import LiveServer
from tests.support.server_faces import ZHANG, enrolled_photo, other_crops, post_check, put_photo

__all__ = ["enrolled_photo", "other_crops"]  # fixtures used below
VERSION = "2026-12-06"


def decide(server: LiveServer, token: str, agree: bool, version: str = VERSION) -> dict:
    answer = server.call(
        "POST", "/me/consents", token, json={"agree": agree, "text_version": version}
    )
    assert answer.status_code == 201, answer.text
    body: dict = answer.json()
    return body


def apply_supervised(server: LiveServer, token: str) -> object:
    enrollment_id = server.call("GET", "/me", token).json()["enrollments"][0]["id"]
    return server.call(
        "POST",
        f"/enrollments/{enrollment_id}/applications",
        token,
        json={"kind": "supervised_study", "phone": "13812345678", "reason": "眼睛看不见"},
    )


def test_consent_then_withdrawal_deletes_the_face_data(
    server: LiveServer, enrolled_photo: bytes, other_crops: list[bytes]
) -> None:
    # RULES: FACE-8, FACE-7
    token = server.ready_trainee(ZHANG)
    me = server.call("GET", "/me", token).json()
    assert me["face_consent"] == {"state": "none", "text_version": None, "decided_at": None}
    granted = decide(server, token, True)
    assert granted["state"] == "granted" and granted["text_version"] == VERSION
    assert server.call("GET", "/me", token).json()["face_consent"] == granted
    # The journey as today: the photo, a failed check keeps its evidence crops.
    photo = {"data": enrolled_photo, "headers": {"Content-Type": "image/jpeg"}}
    assert server.call("PUT", "/me/photo", token, **photo).status_code == 201
    assert not post_check(server, token, other_crops)["passed"]
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == ZHANG)).one()
        assert trainee.photo is not None and trainee.photo_embedding is not None
        trainee_id = trainee.id
    withdrawn = decide(server, token, False)
    assert withdrawn["state"] == "withdrawn"
    with server.context.sessions() as db:
        trainee = db.get_one(Trainee, trainee_id)
        assert (trainee.photo, trainee.photo_embedding, trainee.photo_set_at) == (None,) * 3
        crops = select(func.count()).select_from(FaceEvidence).join(FaceCheck)
        assert db.scalar(crops.where(FaceCheck.trainee_id == trainee_id)) == 0
        # Every decision is kept; the verdicts of checks (no images) too.
        decisions = db.scalars(select(Consent.decision).where(Consent.trainee_id == trainee_id))
        assert list(decisions) == ["granted", "withdrawn"]
        assert db.scalar(select(func.count()).select_from(FaceCheck)) == 1
        deletion = db.scalars(select(FaceDataDeletion)).one()
        assert (deletion.cause, deletion.photos, deletion.templates, deletion.crops) == (
            "withdrawn", 1, 1, len(other_crops)
        )
    if server.context.engine.dialect.name == "sqlite":
        # Not left behind in a free page of the database file or its WAL either.
        data = server.context.settings.data_dir
        files = [p for p in data.iterdir() if p.name.startswith("cedu.sqlite3")]
        sample = enrolled_photo[len(enrolled_photo) // 2 :][:64]
        assert not any(sample in Path(p).read_bytes() for p in files)
    me = server.call("GET", "/me", token).json()
    assert me["photo"]["status"] == "missing"
    assert me["supervised_study"]["available"]
    listed = server.call("GET", "/admin/face-data-deletions", server.admin_token()).json()
    assert [(d["id_number"], d["cause"]) for d in listed] == [(ZHANG, "withdrawn")]


def test_supervised_study_is_applied_for_when_face_checks_are_closed(
    server: LiveServer, enrolled_photo: bytes, other_crops: list[bytes]
) -> None:
    # RULES: FACE-8, FACE-6, APPLY-1
    token = server.ready_trainee(ZHANG)
    decide(server, token, True)
    refused = apply_supervised(server, token)
    assert refused.status_code == 409  # type: ignore[attr-defined]
    assert refused.json()["error"]["reason"] == "face_check_possible"  # type: ignore[attr-defined]
    # Three failed checks in a row open the way.
    put_photo(server, token, enrolled_photo)
    for _ in range(3):
        post_check(server, token, other_crops)
    applied = apply_supervised(server, token)
    assert applied.status_code == 201, applied.text  # type: ignore[attr-defined]
    body = applied.json()  # type: ignore[attr-defined]
    assert (body["kind"], body["status"]) == ("supervised_study", "pending")
    again = apply_supervised(server, token).json()  # type: ignore[attr-defined]
    assert again["error"]["reason"] == "pending_exists"
    # Reviewed like extensions and retakes; approval changes nothing but the study mode.
    admin = server.admin_token()
    queue = server.call("GET", "/admin/applications?status=pending", admin).json()
    assert [a["kind"] for a in queue] == ["supervised_study"]
    before = server.call("GET", "/me", token).json()
    assert not before["supervised_study"]["available"]
    decided = server.call(
        "POST", f"/admin/applications/{body['id']}/decision", admin, json={"approve": True}
    )
    assert decided.status_code == 200, decided.text
    after = server.call("GET", "/me", token).json()
    assert after["supervised_study"]["available"]
    centre = after["supervised_study"]["centre"]
    assert centre["phone"] and centre["name"]
    exam = after["enrollments"][0]["exam"]
    assert exam["attempts_allowed"] == before["enrollments"][0]["exam"]["attempts_allowed"]


def test_declining_is_recorded_and_a_bad_version_is_refused(server: LiveServer) -> None:
    # RULES: FACE-8
    token = server.ready_trainee(ZHANG)
    assert decide(server, token, False)["state"] == "declined"
    assert server.call("GET", "/me", token).json()["supervised_study"]["available"]
    assert apply_supervised(server, token).status_code == 201  # type: ignore[attr-defined]
    bad = server.call(
        "POST", "/me/consents", token, json={"agree": True, "text_version": "../../etc"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    assert decide(server, token, True)["state"] == "granted"


def test_without_consent_the_photo_and_face_checks_are_refused(
    server: LiveServer, enrolled_photo: bytes, other_crops: list[bytes]
) -> None:
    # RULES: FACE-8
    # A cheater's client skips the consent screen: the server refuses all the same.
    token = server.ready_trainee(ZHANG)

    def refused(answer: Any) -> bool:
        return answer.status_code == 403 and answer.json()["error"]["code"] == "consent_required"

    def raw_check() -> Any:
        meta = {
            "check_id": str(uuid.uuid4()),
            "purpose": "lesson_start",
            "started_at": server.clock().isoformat(),
            "ended_at": server.clock().isoformat(),
            "liveness": {"method": "blink", "passed": True},
        }
        files = [("crop", (f"{n}.jpg", crop, "image/jpeg")) for n, crop in enumerate(other_crops)]
        return server.call(
            "POST", "/face-checks", token, data={"meta": json.dumps(meta)}, files=files
        )

    photo = {"data": enrolled_photo, "headers": {"Content-Type": "image/jpeg"}}
    assert refused(server.call("PUT", "/me/photo", token, **photo))
    assert refused(raw_check())
    decide(server, token, False)  # declined: still refused
    assert refused(server.call("PUT", "/me/photo", token, **photo))
    decide(server, token, True)
    assert server.call("PUT", "/me/photo", token, **photo).status_code == 201
    decide(server, token, False)  # withdrawn: refused again, the photo gone
    assert refused(raw_check())
    assert server.call("GET", "/me", token).json()["photo"]["status"] == "missing"
