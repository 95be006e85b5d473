"""Starting an exam attempt as the real client does (EXAM-1, FACE-8): the trainee's photo
enrolled (once), a face check of purpose `exam` judged by the real server from real
crops of the shared face video, then `POST /enrollments/{id}/attempts`, which starts
only on such a check of this login, minutes old and not used before
(app/server/services/exam_identity.py). Every test that starts an attempt through the
API comes through here instead of faking the evidence.

    start_exam(api_url, token, enrollment_id)   # -> the attempt (asserts 201)
    start_exam_as(api_client, enrollment_id)    # the same through app.sync.api.ApiClient
    exam_check(api_url, token)                  # -> check_id, for tests of the start itself

The frames are decoded once per process (faults.live_frames is cached); each check costs
the server three embeddings.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import requests

from app.sync import wire
from app.sync.api import ApiClient
from tests.support.faults import enrolled_photo, live_crops
from tests.support.live_server import Http

FACES = Path(__file__).resolve().parents[3] / "shared" / "testdata" / "faces"


def server_now(http: Http) -> dt.datetime:
    """The server's clock (tests move it): a check's times are judged against it."""
    answer = http.call("GET", "/time")
    assert answer.status_code == 200, answer.text
    return dt.datetime.fromisoformat(str(answer.json()["now"]))


def exam_meta(now: dt.datetime, **changes: Any) -> dict[str, Any]:
    """A check's meta as the client's exam check sends it, ending a second ago."""
    return {
        "check_id": str(uuid.uuid4()),
        "purpose": "exam",
        "started_at": (now - dt.timedelta(seconds=6)).isoformat(),
        "ended_at": (now - dt.timedelta(seconds=1)).isoformat(),
        "liveness": {"method": "blink", "passed": True},
        "client_decision": {"match": True, "distance": 0.4},
        **changes,
    }


def exam_check(api: str, token: str, crops: list[bytes] | None = None, **meta: Any) -> Any:
    """Enroll the photo (after the consent; 409 when already enrolled) and post an exam
    check: the server's answer (a passed one with the video's crops and no changes)."""
    with requests.Session() as session:
        http = Http(api, session, timeout=60)
        stored = http.put_photo(token, enrolled_photo(FACES))
        assert stored.status_code in (201, 409), stored.text
        body = exam_meta(server_now(http), **meta)
        answer = http.face_check(token, body, live_crops(FACES) if crops is None else crops)
        assert answer.status_code == 200, answer.text
        result: dict[str, Any] = answer.json()
        if crops is None and not meta:
            assert result["passed"], result
        return result


def start_exam(api: str, token: str, enrollment_id: int) -> dict[str, Any]:
    """A passed exam check, then the attempt it starts."""
    exam_check(api, token)
    with requests.Session() as session:
        answer = Http(api, session, timeout=60).call(
            "POST", f"/enrollments/{enrollment_id}/attempts", token
        )
    assert answer.status_code == 201, answer.text
    attempt: dict[str, Any] = answer.json()
    return attempt


def start_exam_as(client: ApiClient, enrollment_id: int) -> wire.Attempt:
    """start_exam through the client's own API calls (its login, its session)."""
    assert client.token, "log the client in first"
    exam_check(client.api_url, client.token)
    return client.start_attempt(enrollment_id)


def start_exam_supervised(api: str, id_number: str, enrollment_id: int) -> dict[str, Any]:
    """The other way in (FACE-8): the admin opens a supervised login for the trainee, as a
    clerk does at a kiosk after checking the ID card, and the attempt starts under it with
    no face check. The trainee's other logins end (ACC-4); an attempt started so is
    resumed by a later login as any other (EXAM-4)."""
    with requests.Session() as session:
        http = Http(api, session, timeout=60)
        opened = http.open_supervision(
            http.admin_token(), id_number, place="测试培训点", device="测试机"
        )
        assert opened.status_code == 201, opened.text
        answer = http.call("POST", f"/enrollments/{enrollment_id}/attempts", opened.json()["token"])
    assert answer.status_code == 201, answer.text
    attempt: dict[str, Any] = answer.json()
    return attempt
