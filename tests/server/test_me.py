"""GET /me for the six demo trainees: payment, study period, progress, exam, renewal
(PAY-1, LEARN-5, LEARN-6, EXAM-1, EXAM-5, CERT-2), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.server.context import CHINA_TZ
from tests.support.live_server import LiveServer

ZHANG, WANG, ZHAO = "530102198001010015", "532501198811200037", "53290119920607004X"
QIAN, SUN, ZHOU = "530302196909300057", "530102198505050061", "530102199001010079"


def enrollment_of(server: LiveServer, id_number: str) -> dict[str, Any]:
    me = server.call("GET", "/me", server.ready_trainee(id_number))
    assert me.status_code == 200, me.text
    body = me.json()
    assert body["id_number"] == id_number
    assert body["photo"] == {"status": "missing"}
    (enrollment,) = body["enrollments"]
    return enrollment  # type: ignore[no-any-return]


def today() -> dt.date:
    return dt.datetime.now(CHINA_TZ).date()


def test_zhang_paid_today_nothing_watched(server: LiveServer) -> None:
    # RULES: LEARN-6, LEARN-5
    e = enrollment_of(server, ZHANG)
    assert e["trade"] == {"code": "SGY", "name": "施工员"}
    assert e["payment"]["status"] == "paid"
    assert e["study"]["opens_on"] == today().isoformat()
    assert e["study"]["closes_on"] == (today() + dt.timedelta(days=29)).isoformat()
    assert e["study"]["open"] is True
    assert e["progress"]["credited_s"] == 0 and e["progress"]["percent"] == 0
    assert e["progress"]["total_s"] > 0
    assert e["exam"]["open"] is False and e["exam"]["reason"] == "progress_incomplete"
    assert e["certificate"]["status"] == "valid"
    assert e["renewal"]["state"] == "not_yet"


def test_wang_has_every_lesson_credited_and_the_exam_open(server: LiveServer) -> None:
    # RULES: LEARN-5, EXAM-1
    e = enrollment_of(server, WANG)
    assert e["progress"]["percent"] == 100
    assert e["progress"]["credited_s"] == e["progress"]["total_s"]
    assert e["exam"] == {
        "open": True,
        "reason": None,
        "attempts_used": 0,
        "attempts_allowed": 5,
        "best_score": None,
        "passed": False,
        "passed_at": None,
        "open_attempt_id": None,
        "minutes": 120,
    }


def test_zhao_used_five_attempts_best_45(server: LiveServer) -> None:
    # RULES: EXAM-1, EXAM-5
    e = enrollment_of(server, ZHAO)
    assert e["exam"]["attempts_used"] == 5
    assert e["exam"]["best_score"] == 45
    assert e["exam"]["passed"] is False
    assert e["exam"]["open"] is False and e["exam"]["reason"] == "no_attempts_left"


def test_qian_study_period_is_over_half_watched(server: LiveServer) -> None:
    # RULES: LEARN-6
    e = enrollment_of(server, QIAN)
    assert e["study"]["open"] is False
    assert e["study"]["closes_on"] == (today() - dt.timedelta(days=6)).isoformat()
    assert e["progress"]["percent"] == 50
    assert e["exam"]["reason"] == "study_closed"


def test_sun_passed_with_86_and_renewal_is_open(server: LiveServer) -> None:
    # RULES: EXAM-5, CERT-2
    e = enrollment_of(server, SUN)
    assert e["exam"]["passed"] is True and e["exam"]["best_score"] == 86
    passed_on = dt.datetime.fromisoformat(e["exam"]["passed_at"]).astimezone(CHINA_TZ).date()
    assert passed_on == today() - dt.timedelta(days=10)
    assert e["certificate"]["expires_on"] == (today() + dt.timedelta(days=60)).isoformat()
    assert e["renewal"]["state"] == "open"
    assert e["renewal"]["closes_on"] == e["certificate"]["expires_on"]


def test_zhou_has_not_paid(server: LiveServer) -> None:
    # RULES: PAY-1, EXAM-1
    e = enrollment_of(server, ZHOU)
    assert e["payment"] == {"status": "unpaid", "paid_at": None}
    assert e["study"]["open"] is False and e["study"]["opens_on"] is None
    assert e["exam"]["reason"] == "not_paid"


def test_an_expired_certificate_without_a_pass_is_void(server: LiveServer) -> None:
    # RULES: CERT-2
    server.clock.advance(days=401)
    e = enrollment_of(server, ZHANG)
    assert e["certificate"]["status"] == "void"
    assert e["renewal"]["state"] == "void"
