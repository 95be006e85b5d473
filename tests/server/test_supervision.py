"""Supervised study at a training centre (FACE-8): a clerk's supervision, not a face
check, covers the credited time of the login it opened; without either nothing is
credited (PROG-5). On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from app.server.models import Lesson, Trainee
from tests.support.live_server import LiveServer

ZHANG, WANG = "530102198001010015", "532501198811200037"
PASSWORD = "Anquan2026!"


def start_supervision(server: LiveServer, id_number: str, **body: Any) -> Any:
    token = body.pop("token", None) or server.admin_token()
    return server.client.open_supervision(token, id_number, **body)


def first_lesson(server: LiveServer, id_number: str) -> tuple[int, float]:
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == id_number)).one()
        lesson: Lesson = trainee.enrollments[0].trade.lessons[0]
        return lesson.id, lesson.duration_s


def stretches(
    session_id: str, lesson_id: int, begin: dt.datetime, until_s: float, face_check_id: Any = None
) -> list[dict[str, Any]]:
    """The lesson played from 0 to `until_s` at 1x from `begin`, in 10-second events."""
    events = []
    position = 0.0
    while position < until_s:
        end = min(position + 10.0, until_s)
        started = begin + dt.timedelta(seconds=position)
        events.append(
            {
                "event_id": str(uuid.uuid4()),
                "session_id": session_id,
                "lesson_id": lesson_id,
                "from_s": position,
                "to_s": end,
                "started_at": started.isoformat(),
                "ended_at": (started + dt.timedelta(seconds=end - position)).isoformat(),
                "face_check_id": face_check_id,
            }
        )
        position = end
    return events


def send(server: LiveServer, token: str, events: list[dict[str, Any]]) -> list[Any]:
    answer = server.call("POST", "/progress", token, json={"events": events})
    assert answer.status_code == 200, answer.text
    return [(r["status"], r.get("reason")) for r in answer.json()["results"]]


def test_a_supervised_session_credits_a_lesson_without_face_checks(server: LiveServer) -> None:
    # RULES: FACE-8, PROG-5
    server.call("POST", "/auth/logout", server.ready_trainee(ZHANG, PASSWORD))
    lesson_id, duration = first_lesson(server, ZHANG)
    begin = server.clock() + dt.timedelta(seconds=1)
    started = start_supervision(server, ZHANG)
    assert started.status_code == 201, started.text
    body = started.json()
    assert body["trainee"] == {"id_number": ZHANG, "name": "张三"}
    assert body["supervision"]["clerk"] == "admin" and body["supervision"]["active"]
    assert body["supervision"]["place"] == "昆明市五华区培训点"
    token, session_id = body["token"], body["session_id"]
    # No consent, no photo, no camera: the clerk's supervision covers the time.
    me = server.call("GET", "/me", token).json()
    assert me["photo"]["status"] == "missing" and me["face_consent"]["state"] == "none"
    assert me["supervised_study"]["session"]["id"] == body["supervision"]["id"]
    server.clock.advance(seconds=duration + 5)
    events = stretches(session_id, lesson_id, begin, duration)
    assert set(send(server, token, events)) == {("credited", None)}
    lessons = server.call("GET", f"/enrollments/{me['enrollments'][0]['id']}/lessons", token)
    assert lessons.json()[0]["complete"]
    # Staff see who supervised, where, and what it credited.
    listed = server.call(
        "GET", f"/admin/trainees/{ZHANG}/supervisions", server.admin_token()
    ).json()
    assert [(s["clerk"], s["place"], s["device_name"]) for s in listed] == [
        ("admin", "昆明市五华区培训点", "培训点1号机")
    ]
    assert listed[0]["credited_s"] == duration
    # The clerk ends it: the kiosk's login ends with it, and nothing later is covered.
    ended = server.call(
        "POST", f"/supervision/sessions/{body['supervision']['id']}/end", server.admin_token()
    )
    assert ended.status_code == 200 and not ended.json()["active"]
    assert server.call("GET", "/me", token).status_code == 401


def test_without_supervision_or_a_face_check_nothing_is_credited(server: LiveServer) -> None:
    # RULES: FACE-8, PROG-5
    server.call("POST", "/auth/logout", server.ready_trainee(WANG, PASSWORD))
    server.ready_trainee(ZHANG, PASSWORD)
    lesson_id, duration = first_lesson(server, ZHANG)
    begin = server.clock() + dt.timedelta(seconds=1)
    login = server.login(ZHANG, PASSWORD)
    others = start_supervision(server, WANG).json()  # another trainee, supervised meanwhile
    server.clock.advance(seconds=duration + 5)
    # A cheater's script: the same stretches as a supervised trainee's, naming no check...
    # (one stretch each: after a refused one the rest would be past the frontier)
    own = stretches(login["session_id"], lesson_id, begin, 10)
    assert send(server, login["token"], own) == [("refused", "no_face_check")]
    # ... or naming another trainee's supervised session.
    borrowed = stretches(others["session_id"], lesson_id, begin, 10)
    assert send(server, login["token"], borrowed) == [("refused", "unknown_session")]
    me = server.call("GET", "/me", login["token"]).json()
    assert me["enrollments"][0]["progress"]["credited_s"] == 0
    assert me["supervised_study"]["session"] is None


def test_supervision_stops_covering_at_its_end_and_the_centres_limit(server: LiveServer) -> None:
    # RULES: FACE-8
    server.call("POST", "/auth/logout", server.ready_trainee(ZHANG, PASSWORD))
    lesson_id, _ = first_lesson(server, ZHANG)
    limit = dt.timedelta(minutes=server.context.settings.supervision_max_minutes)
    begin = server.clock() + dt.timedelta(seconds=1)
    body = start_supervision(server, ZHANG).json()
    token, session_id = body["token"], body["session_id"]
    # Played after the centre's limit: not covered, though the login is still live.
    server.clock.advance(seconds=limit.total_seconds() + 120)
    late = stretches(session_id, lesson_id, begin + limit + dt.timedelta(seconds=60), 10)
    assert send(server, token, late) == [("refused", "supervision_ended")]
    # Logging out ends the supervision (and the login).
    assert server.call("POST", "/auth/logout", token).status_code == 204
    listed = server.call("GET", f"/admin/trainees/{ZHANG}/supervisions", server.admin_token())
    assert listed.json()[0]["ended_by"] == "logout"


def test_only_staff_start_supervision_and_only_after_the_id_card(server: LiveServer) -> None:
    # RULES: FACE-8
    trainee = server.ready_trainee(WANG, PASSWORD)
    assert start_supervision(server, ZHANG, token=trainee).status_code == 403
    refused = start_supervision(server, ZHANG, id_card_checked=False)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "id_card_not_checked"
    unknown = start_supervision(server, "110101199003070038")
    assert unknown.status_code == 404 and unknown.json()["error"]["message"]
    bad = start_supervision(server, "12345")
    assert bad.json()["error"]["code"] == "invalid_id_number"
