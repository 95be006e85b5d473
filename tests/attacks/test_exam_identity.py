"""A script with a trainee's token and no person at a camera (EXAM-1, FACE-3, FACE-8): the
exam starts only on a passed exam face check of this login, minutes old and used once, or
under a clerk's running supervision; the attempt records which. And a clerk holds only a
few supervisions at once. Real server over HTTP, real face checks from the face video."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import cv2
import pytest
from sqlalchemy import select

from app.server.models import ExamAttempt, FaceCheck, Supervision
from tests.support.course_watched import mark_course_watched
from tests.support.exam_start import exam_check
from tests.support.live_server import LiveServer, start_server
from tests.support.server_exams import SUN, WANG
from tests.support.server_faces import as_crop

ZHANG, ZHAO, QIAN, ZHOU = (
    "530102198001010015",
    "53290119920607004X",
    "530302196909300057",
    "530102199001010079",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, media_dir: Path) -> Iterator[LiveServer]:
    """One server for the module (SQLite); each test leaves no attempt open. Two live
    supervisions per clerk, so the limit is reached with the demo's trainees."""
    live = start_server(
        tmp_path_factory.mktemp("exam-identity"), None, media_dir, supervisions_per_clerk=2
    )
    yield live
    live.stop()


def ready_enrollment(server: LiveServer, id_number: str) -> tuple[str, int]:
    """A fresh login (the initial password changed on the first): token, enrollment."""
    token = str(server.client.ready_login(id_number)["token"])
    return token, server.client.first_enrollment(token)


def start(server: LiveServer, token: str, enrollment_id: int) -> Any:
    return server.call("POST", f"/enrollments/{enrollment_id}/attempts", token)


def refused(server: LiveServer, token: str, enrollment_id: int, reason: str) -> None:
    answer = start(server, token, enrollment_id)
    assert answer.status_code == 403, answer.text
    error = answer.json()["error"]
    assert (error["code"], error["reason"]) == ("exam_identity_required", reason)
    assert "人脸识别" in error["message"] and error["support"] == "0871-63122229"


def attempts_used(server: LiveServer, token: str) -> int:
    return int(server.call("GET", "/me", token).json()["enrollments"][0]["exam"]["attempts_used"])


def leave(server: LiveServer, token: str, attempt_id: str) -> None:
    left = server.call("POST", f"/attempts/{attempt_id}/abandon", token)
    assert left.status_code == 200, left.text


def stored_attempt(server: LiveServer, attempt_id: str) -> ExamAttempt:
    with server.context.sessions() as db:
        attempt = db.get(ExamAttempt, attempt_id)
        assert attempt is not None
        return attempt


# RULES: EXAM-1, FACE-3
def test_a_token_alone_starts_no_exam(server: LiveServer) -> None:
    token, enrollment_id = ready_enrollment(server, WANG)
    refused(server, token, enrollment_id, "no_exam_check")
    assert attempts_used(server, token) == 0


# RULES: EXAM-1, FACE-3
def test_checks_that_do_not_prove_who_sits_down_start_nothing(
    server: LiveServer, faces_dir: Path
) -> None:
    token, enrollment_id = ready_enrollment(server, WANG)
    # A passed check made for a lesson, or one made during an attempt.
    lesson = exam_check(server.api, token, purpose="lesson_start", lesson_id=1)
    during = exam_check(server.api, token, attempt_id="11111111-2222-3333-4444-555555555555")
    assert lesson["passed"] and during["passed"]
    refused(server, token, enrollment_id, "no_exam_check")
    # A failed exam check: somebody else in front of the camera.
    names = ("obama", "obama2", "obama3")  # API.md: 3 to 12 crops
    others = [as_crop(cv2.imread(str(faces_dir / f"obama/{n}.jpg"))) for n in names]
    assert not exam_check(server.api, token, crops=others)["passed"]
    refused(server, token, enrollment_id, "no_exam_check")
    # Another trainee's passed exam check.
    sun_token, _ = ready_enrollment(server, SUN)
    assert exam_check(server.api, sun_token)["passed"]
    refused(server, token, enrollment_id, "no_exam_check")
    # A passed exam check of an earlier login (at home, yesterday), then a new login.
    assert exam_check(server.api, token)["passed"]
    token, enrollment_id = ready_enrollment(server, WANG)
    refused(server, token, enrollment_id, "no_exam_check")
    # A passed exam check of this login, past its 5 minutes on the server's clock.
    assert exam_check(server.api, token)["passed"]
    server.clock.advance(seconds=server.context.settings.exam_check_max_age_s + 1)
    refused(server, token, enrollment_id, "exam_check_too_old")
    # Made offline 20 minutes ago in this login and sent just now: received lately, seen
    # long ago.
    server.clock.advance(minutes=30)
    now = server.clock()
    offline = exam_check(
        server.api,
        token,
        started_at=(now - dt.timedelta(minutes=20, seconds=5)).isoformat(),
        ended_at=(now - dt.timedelta(minutes=20)).isoformat(),
    )
    assert offline["passed"], offline
    refused(server, token, enrollment_id, "exam_check_too_old")
    assert attempts_used(server, token) == 0


# RULES: EXAM-1, FACE-3
def test_a_passed_exam_check_starts_one_attempt_and_is_recorded_on_it(
    server: LiveServer,
) -> None:
    token, enrollment_id = ready_enrollment(server, SUN)
    before = attempts_used(server, token)
    check = exam_check(server.api, token)
    first = start(server, token, enrollment_id)
    assert first.status_code == 201, first.text
    leave(server, token, first.json()["id"])
    # The same check again, with no newer one: used.
    refused(server, token, enrollment_id, "no_exam_check")
    assert attempts_used(server, token) == before + 1
    attempt = stored_attempt(server, first.json()["id"])
    with server.context.sessions() as db:
        stored = db.scalars(select(FaceCheck).where(FaceCheck.check_id == check["check_id"])).one()
    assert (attempt.face_check_id, attempt.supervision_id) == (stored.id, None)
    assert stored.purpose == "exam" and stored.passed


# RULES: EXAM-1, FACE-8
def test_a_supervised_login_starts_the_exam_under_its_supervision(server: LiveServer) -> None:
    server.add_staff("clerk_exam", "clerk")
    ready_enrollment(server, WANG)  # the initial password changed, as at the kiosk
    opened = server.client.open_supervision(server.staff_token("clerk_exam"), WANG)
    assert opened.status_code == 201, opened.text
    token, supervision_id = opened.json()["token"], opened.json()["supervision"]["id"]
    enrollment_id = server.client.first_enrollment(token)
    attempt = start(server, token, enrollment_id)  # no face check at all
    assert attempt.status_code == 201, attempt.text
    stored = stored_attempt(server, attempt.json()["id"])
    assert (stored.face_check_id, stored.supervision_id) == (None, supervision_id)
    leave(server, token, attempt.json()["id"])
    # The clerk ends it: the same kiosk's login is over, nothing starts under it.
    ended = server.call(
        "POST", f"/supervision/sessions/{supervision_id}/end", server.staff_token("clerk_exam")
    )
    assert ended.status_code == 200, ended.text
    assert start(server, token, enrollment_id).status_code == 401


def supervise(server: LiveServer, clerk_token: str, id_number: str) -> Any:
    return server.client.open_supervision(
        clerk_token, id_number, device=f"培训点{id_number[-3:]}号机"
    )


# RULES: FACE-8
def test_a_clerk_holds_only_the_centres_number_of_supervisions_at_once(
    server: LiveServer,
) -> None:
    server.add_staff("clerk_room", "clerk")
    clerk = server.staff_token("clerk_room")
    first, second = supervise(server, clerk, ZHANG), supervise(server, clerk, ZHAO)
    assert (first.status_code, second.status_code) == (201, 201), second.text
    third = supervise(server, clerk, QIAN)
    assert third.status_code == 409, third.text
    error = third.json()["error"]
    assert error["code"] == "supervision_limit" and (error["limit"], error["live"]) == (2, 2)
    assert "张*" in error["message"] and "赵*" in error["message"]  # whom, masked
    with server.context.sessions() as db:
        assert len(db.scalars(select(Supervision)).all()) == 3  # clerk_exam's one, these two
    # Another clerk is not held back by this one's.
    server.add_staff("clerk_next", "clerk")
    assert supervise(server, server.staff_token("clerk_next"), QIAN).status_code == 201
    # The trainee logs out at the kiosk: the clerk has room again.
    assert server.call("POST", "/auth/logout", first.json()["token"]).status_code == 204
    assert supervise(server, clerk, ZHOU).status_code == 201
    # A login elsewhere ends that supervised login too (ACC-4): room again.
    assert supervise(server, clerk, QIAN).status_code == 409
    server.login(ZHAO, "12345678")
    assert supervise(server, clerk, QIAN).status_code == 201


def second_enrollment_done(server: LiveServer, id_number: str, trade: str) -> int:
    """A second paid enrollment with every lesson credited, as an import and the study
    would leave it (not what is tested): its id."""
    from app.server.models import Enrollment, Trainee

    now = server.clock()
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == id_number)).one()
        enrollment = Enrollment(
            trainee_id=trainee.id,
            trade_code=trade,
            certificate_number=f"云建安{trade}(2024)000099",
            certificate_expires_on=(now + dt.timedelta(days=200)).date(),
            created_at=now,
            paid_at=now,
            study_opens_on=now.date(),
            study_closes_on=(now + dt.timedelta(days=29)).date(),
            attempts_allowed=5,
        )
        db.add(enrollment)
        db.flush()
        mark_course_watched(db, enrollment, now)
        db.commit()
        return enrollment.id


# RULES: EXAM-1, FACE-3
def test_one_check_starts_one_attempt_even_for_two_enrollments_at_once(
    tmp_path: Path, database_url: str | None, media_dir: Path
) -> None:
    """Each enrollment's start is locked on its own row: the two run side by side, and
    only the attempts' unique index on the check keeps it to one (SQLite, PostgreSQL)."""
    server = start_server(tmp_path / "data", database_url, media_dir)
    try:
        token = str(server.client.ready_login(WANG)["token"])
        enrollments = [server.client.first_enrollment(token)]
        enrollments.append(second_enrollment_done(server, WANG, "SGY"))
        assert exam_check(server.api, token)["passed"]
        for _ in range(3):  # a race can be won in order too: tried a few times
            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(lambda e: start(server, token, e), enrollments))
            codes = sorted(a.status_code for a in answers)
            assert codes == [201, 403], [a.text for a in answers]
            refusal = next(a for a in answers if a.status_code == 403).json()["error"]
            assert refusal["code"] == "exam_identity_required"
            leave(server, token, next(a for a in answers if a.status_code == 201).json()["id"])
            assert exam_check(server.api, token)["passed"]
        with server.context.sessions() as db:
            used = db.scalars(select(ExamAttempt.face_check_id)).all()
        assert len([u for u in used if u is not None]) == len(set(used) - {None}) == 3
    finally:
        server.stop()


def answer_first(server: LiveServer, token: str, attempt: dict[str, Any]) -> Any:
    question = attempt["questions"][0]
    return server.call(
        "PUT",
        f"/attempts/{attempt['id']}/answers/{question['id']}",
        token,
        json={"answer": [question["options"][0]["key"]]},
    )


def submit(server: LiveServer, token: str, attempt_id: str) -> Any:
    return server.call("POST", f"/attempts/{attempt_id}/submit", token)


def not_from_this_login(answer: Any, reason: str = "attempt_other_login") -> None:
    assert answer.status_code == 403, answer.text
    error = answer.json()["error"]
    assert (error["code"], error["reason"]) == ("exam_identity_required", reason)
    assert "另一次登录" in error["message"] and "人脸识别" in error["message"]


def identity_required(server: LiveServer, token: str, attempt_id: str) -> Any:
    """What the attempt's read tells this login before it answers (the client's resume
    runs an exam check only when it is not null)."""
    read = server.call("GET", f"/attempts/{attempt_id}", token)
    assert read.status_code == 200, read.text
    return read.json()["identity_required"]


def still_open(server: LiveServer, token: str, attempt_id: str) -> None:
    """A refusal loses nothing: the attempt is open, no answer was saved."""
    read = server.call("GET", f"/attempts/{attempt_id}", token)
    assert read.status_code == 200, read.text
    assert read.json()["state"] == "open" and read.json()["answers"] == {}


# RULES: EXAM-1, FACE-8, EXAM-4
def test_an_attempt_started_under_supervision_is_not_answered_from_another_login(
    server: LiveServer,
) -> None:
    """The clerk checks the ID card and the kiosk starts the exam; someone with the
    password then signs in elsewhere (the kiosk's login is replaced, ACC-4) and tries to
    answer there, with no clerk and no camera: refused, until the trainee is back at the
    kiosk under a clerk's supervision."""
    server.add_staff("clerk_resume", "clerk")
    clerk = server.staff_token("clerk_resume")
    ready_enrollment(server, WANG)
    opened = server.client.open_supervision(clerk, WANG)
    assert opened.status_code == 201, opened.text
    kiosk = opened.json()["token"]
    attempt = start(server, kiosk, server.client.first_enrollment(kiosk)).json()
    assert stored_attempt(server, attempt["id"]).supervision_id is not None
    elsewhere = str(server.client.ready_login(WANG)["token"])
    supervision_id = None
    try:
        assert identity_required(server, elsewhere, attempt["id"]) == "attempt_other_login"
        not_from_this_login(answer_first(server, elsewhere, attempt))
        not_from_this_login(submit(server, elsewhere, attempt["id"]))
        # A passed exam check of this login that is not for this attempt (a start's).
        assert exam_check(server.api, elsewhere)["passed"]
        not_from_this_login(answer_first(server, elsewhere, attempt))
        still_open(server, elsewhere, attempt["id"])
        # Back at the kiosk: the clerk checks the ID card again; that login answers.
        again = server.client.open_supervision(clerk, WANG)
        assert again.status_code == 201, again.text
        kiosk, supervision_id = again.json()["token"], again.json()["supervision"]["id"]
        assert identity_required(server, kiosk, attempt["id"]) is None
        assert answer_first(server, kiosk, attempt).status_code == 204
        assert submit(server, kiosk, attempt["id"]).status_code == 200
    finally:
        if supervision_id is not None:
            server.call("POST", f"/supervision/sessions/{supervision_id}/end", clerk)


# RULES: EXAM-1, FACE-3, EXAM-4
def test_a_face_checked_attempt_is_answered_by_its_login_or_after_an_exam_check_for_it(
    server: LiveServer,
) -> None:
    """The PC that started the attempt answers it; a new login (a crash, another PC)
    answers and submits only after an exam face check for THAT attempt, minutes old."""
    token, enrollment_id = ready_enrollment(server, SUN)
    exam_check(server.api, token)
    attempt = start(server, token, enrollment_id).json()
    # The same login (a restart that kept it) answers with no new check.
    assert identity_required(server, token, attempt["id"]) is None
    assert answer_first(server, token, attempt).status_code == 204
    later = str(server.client.ready_login(SUN)["token"])
    assert identity_required(server, later, attempt["id"]) == "attempt_other_login"
    not_from_this_login(answer_first(server, later, attempt))
    not_from_this_login(submit(server, later, attempt["id"]))
    # Its exam check for the attempt, past its minutes on the server's clock: refused.
    assert exam_check(server.api, later, attempt_id=attempt["id"])["passed"]
    server.clock.advance(seconds=server.context.settings.exam_check_max_age_s + 1)
    assert identity_required(server, later, attempt["id"]) == "exam_check_too_old"
    not_from_this_login(answer_first(server, later, attempt), "exam_check_too_old")
    # A fresh one: the attempt is this login's now.
    assert exam_check(server.api, later, attempt_id=attempt["id"])["passed"]
    assert identity_required(server, later, attempt["id"]) is None
    assert answer_first(server, later, attempt).status_code == 204
    with server.context.sessions() as db:
        from app.server.models import AuthSession

        logins = db.scalars(select(AuthSession.id).order_by(AuthSession.created_at.desc()))
        assert stored_attempt(server, attempt["id"]).auth_session_id == next(iter(logins))
    assert submit(server, later, attempt["id"]).status_code == 200
