"""POST /progress: crediting (LEARN-2, LEARN-5), replay (SYNC-2), replaced sessions
(SYNC-3) and every PROG-5 refusal, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from app.server.models import FaceCheck, Trainee
from tests.support.live_server import LiveServer

ZHANG, QIAN, WANG = "530102198001010015", "530302196909300057", "532501198811200037"


class Learner:
    """A trainee with a token, a session, a lesson and a passed face check."""

    def __init__(self, server: LiveServer, id_number: str = ZHANG) -> None:
        self.server = server
        self.id_number = id_number
        self.token = server.ready_trainee(id_number)
        me = server.call("GET", "/me", self.token).json()
        self.enrollment_id = me["enrollments"][0]["id"]
        with server.context.sessions() as db:
            trainee = db.query(Trainee).filter_by(id_number=id_number).one()
            self.trainee_id = trainee.id
            session = max(trainee_sessions(db, trainee.id), key=lambda s: s.created_at)
            # The events below are dated up to 30 minutes back: the session began before
            # them (a stretch older than its session is a moved clock, refused).
            session.created_at = server.clock() - dt.timedelta(hours=1)
            self.session_id = session.id
            db.commit()
            self.lessons = [
                (lesson.id, lesson.duration_s)
                for e in trainee.enrollments
                for lesson in e.trade.lessons
            ]
        self.start = server.clock() - dt.timedelta(minutes=30)
        self.check_id = self.face_check(passed=True, at=self.start)

    def face_check(self, *, passed: bool, at: dt.datetime, trainee_id: int | None = None) -> str:
        """A judged face check, as POST /face-checks stores it (tested in test_faces)."""
        check_id = str(uuid.uuid4())
        with self.server.context.sessions() as db:
            db.add(
                FaceCheck(
                    id=check_id,
                    trainee_id=trainee_id or self.trainee_id,
                    purpose="lesson_start",
                    started_at=at - dt.timedelta(seconds=5),
                    ended_at=at,
                    received_at=self.server.clock(),
                    passed=passed,
                    distance=0.4 if passed else 0.8,
                    reason=None if passed else "mismatch",
                    liveness_method="blink",
                    liveness_passed=True,
                )
            )
            db.commit()
        return check_id

    def event(
        self,
        from_s: float,
        to_s: float,
        *,
        wall_s: float | None = None,
        offset_s: float = 0.0,
        **overrides: Any,
    ) -> dict[str, Any]:
        started = self.start + dt.timedelta(seconds=10 + offset_s)
        wall = to_s - from_s if wall_s is None else wall_s
        body = {
            "event_id": str(uuid.uuid4()),
            "session_id": self.session_id,
            "lesson_id": self.lessons[0][0],
            "from_s": from_s,
            "to_s": to_s,
            "started_at": started.isoformat(),
            "ended_at": (started + dt.timedelta(seconds=wall)).isoformat(),
            "face_check_id": self.check_id,
        }
        body.update(overrides)
        return body

    def send(self, *events: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        response = self.server.call(
            "POST", "/progress", token or self.token, json={"events": list(events)}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def trainee_sessions(db: Any, trainee_id: int) -> list[Any]:
    from app.server.models import AuthSession

    return list(db.query(AuthSession).filter_by(trainee_id=trainee_id))


def statuses(answer: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("reason")) for r in answer["results"]]


def test_credited_time_is_a_union_and_shows_at_once(server: LiveServer) -> None:
    # RULES: LEARN-2, LEARN-5
    learner = Learner(server)
    lesson_id, duration = learner.lessons[0]
    answer = learner.send(learner.event(0, 4), learner.event(2, 5, offset_s=4))
    assert statuses(answer) == [("credited", None), ("credited", None)]
    assert answer["lessons"] == [{"lesson_id": lesson_id, "credited_s": 5.0, "complete": False}]
    lessons = server.call("GET", f"/enrollments/{learner.enrollment_id}/lessons", learner.token)
    first = lessons.json()[0]
    assert first["credited_s"] == 5.0 and first["resume_s"] == 5.0 and not first["complete"]
    assert first["credited"] == [[0.0, 5.0]]  # the stretches, for the seek bar's gaps
    # Up to 2 s uncredited still completes the lesson (LEARN-2).
    answer = learner.send(learner.event(5, duration - 1.5, offset_s=8))
    assert answer["lessons"][0]["complete"] is True
    progress = server.call("GET", "/me", learner.token).json()["enrollments"][0]["progress"]
    assert progress["credited_s"] == pytest.approx(duration - 1.5)
    # LEARN-3: a complete lesson may be watched anywhere (the player allows it): a
    # stretch past its frontier is not refused as beyond_furthest_point.
    answer = learner.send(learner.event(duration - 0.8, duration - 0.2, offset_s=duration + 8))
    assert statuses(answer) == [("credited", None)]


def test_a_replayed_batch_is_counted_once(server: LiveServer) -> None:
    # RULES: SYNC-2
    learner = Learner(server)
    batch = [learner.event(0, 3), learner.event(3, 6, offset_s=3)]
    assert statuses(learner.send(*batch)) == [("credited", None)] * 2
    again = learner.send(*batch)
    assert statuses(again) == [("duplicate", None)] * 2
    assert (
        server.call("GET", "/me", learner.token).json()["enrollments"][0]["progress"]["credited_s"]
        == 6.0
    )
    same_twice = learner.event(6, 8, offset_s=6)
    assert statuses(learner.send(same_twice, same_twice)) == [
        ("credited", None),
        ("duplicate", None),
    ]


def test_each_implausible_event_is_refused_with_its_reason(server: LiveServer) -> None:
    # RULES: PROG-5, LEARN-3
    learner = Learner(server)
    other_trade_lesson = 10_000
    with server.context.sessions() as db:
        from app.server.models import Lesson

        other_trade_lesson = db.query(Lesson).filter(Lesson.trade_code != "SGY").first().id
    other = Learner(server, WANG)
    cases = [
        (learner.event(0, 10, wall_s=5), "faster_than_real_time"),
        (learner.event(20, 25), "beyond_furthest_point"),
        (learner.event(0, 5, face_check_id=None), "no_face_check"),
        (learner.event(0, 5, face_check_id="no-such-check"), "no_face_check"),
        (learner.event(0, 5, face_check_id=other.check_id), "no_face_check"),
        (learner.event(0, 5, lesson_id=other_trade_lesson), "unknown_lesson"),
        (learner.event(0, 5, lesson_id=987654), "unknown_lesson"),
        (learner.event(5, 3), "bad_interval"),
        (learner.event(-3, 2), "bad_interval"),
        (learner.event(0, 5, session_id=str(uuid.uuid4())), "unknown_session"),
        (learner.event(0, 5, offset_s=3600), "bad_interval"),  # ends in the server's future
    ]
    answer = learner.send(*(event for event, _ in cases), learner.event(0, 2))
    assert statuses(answer) == [("refused", reason) for _, reason in cases] + [("credited", None)]
    # One bad event never spoils the others: only the good one counted.
    assert answer["lessons"][0]["credited_s"] == 2.0


def test_a_failed_check_after_the_passed_one_stops_credit(server: LiveServer) -> None:
    # RULES: PROG-5, FACE-5
    learner = Learner(server)
    learner.face_check(passed=False, at=learner.start + dt.timedelta(seconds=5))
    assert statuses(learner.send(learner.event(0, 5))) == [("refused", "face_check_failed")]
    failed = learner.face_check(passed=False, at=learner.start + dt.timedelta(seconds=6))
    assert statuses(learner.send(learner.event(0, 5, face_check_id=failed))) == [
        ("refused", "no_face_check")
    ]
    learner.check_id = learner.face_check(passed=True, at=learner.start + dt.timedelta(seconds=8))
    assert statuses(learner.send(learner.event(0, 5))) == [("credited", None)]


def test_study_period_closed_refuses_progress(server: LiveServer) -> None:
    # RULES: LEARN-6, PROG-5
    learner = Learner(server, QIAN)
    assert statuses(learner.send(learner.event(0, 5))) == [("refused", "study_closed")]


def test_after_a_pass_a_closed_study_period_still_records_progress(server: LiveServer) -> None:
    # RULES: LEARN-6, EXAM-5 (no more credit is needed after the pass; recording it is harmless)
    sun = "530102198505050061"  # demo: paid 25 days ago (30 days of study), passed with 86
    server.clock.advance(days=7)
    learner = Learner(server, sun)
    study = server.call("GET", "/me", learner.token).json()["enrollments"][0]["study"]
    assert study["open"] is False
    assert statuses(learner.send(learner.event(0, 5))) == [("credited", None)]


def test_events_of_a_replaced_session_count_before_the_replacement(server: LiveServer) -> None:
    # RULES: SYNC-3, ACC-4
    learner = Learner(server)
    before = learner.event(0, 5)
    after = learner.event(5, 10, offset_s=30 * 60)  # played just after the new login
    new_token = server.login(ZHANG, "Anquan2026!")["token"]
    assert (
        server.call("POST", "/progress", learner.token, json={"events": [before]}).json()["error"][
            "code"
        ]
        == "session_replaced"
    )
    answer = learner.send(before, after, token=new_token)
    assert statuses(answer) == [("credited", None), ("refused", "after_session_replaced")]


def test_batches_over_500_events_are_refused(sqlite_server: LiveServer) -> None:
    learner = Learner(sqlite_server)
    events = [learner.event(0, 1) for _ in range(501)]
    response = sqlite_server.call("POST", "/progress", learner.token, json={"events": events})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_events"


def test_parallel_batches_of_several_trainees_all_land(server: LiveServer) -> None:
    # RULES: SYNC-1 (SQLite once answered "database is locked" with a 500 here)
    from concurrent.futures import ThreadPoolExecutor

    learners = [Learner(server, id_number) for id_number in (ZHANG, WANG, "53290119920607004X")]
    jobs = [
        (learner, [learner.event(s, s + 1, offset_s=s) for s in range(n * 5, n * 5 + 5)])
        for learner in learners
        for n in range(6)
    ]

    def send(job: tuple[Learner, list[dict[str, Any]]]) -> int:
        learner, events = job
        response = server.call("POST", "/progress", learner.token, json={"events": events})
        return response.status_code

    with ThreadPoolExecutor(len(jobs)) as pool:
        assert set(pool.map(send, jobs)) == {200}


def test_another_trainees_event_id_changes_nothing(server: LiveServer) -> None:
    # RULES: SYNC-2 (event ids are per trainee: another trainee who used this one's id
    # first, even while this batch is judged, does not make its event a duplicate)
    learner, other = Learner(server), Learner(server, WANG)
    contested = learner.event(0, 5)
    theirs = other.event(0, 2, event_id=contested["event_id"])
    assert statuses(other.send(theirs)) == [("credited", None)]
    fresh = learner.event(5, 8, offset_s=5)
    answer = learner.send(contested, fresh)
    assert statuses(answer) == [("credited", None), ("credited", None)]
    assert answer["lessons"][0]["credited_s"] == 8.0
    # Resent, the trainee's own id stays idempotent.
    assert statuses(learner.send(contested)) == [("duplicate", None)]


def test_parallel_batches_of_one_trainee_lose_no_credit(server: LiveServer) -> None:
    # RULES: LEARN-2 (each batch extends the intervals the previous one left: no lost update)
    from concurrent.futures import ThreadPoolExecutor

    learner = Learner(server)
    # Every stretch starts at 0, so any order is plausible; the union is the longest one.
    # Each is played at its own wall time (one clock, PROG-5).
    batches = [[learner.event(0, n, offset_s=10 * n)] for n in range(1, 9)]
    with ThreadPoolExecutor(len(batches)) as pool:
        answers = list(pool.map(lambda batch: learner.send(*batch), batches))
    assert all(statuses(answer) == [("credited", None)] for answer in answers)
    assert max(a["lessons"][0]["credited_s"] for a in answers) == 8.0
    me = server.call("GET", "/me", learner.token).json()
    assert me["enrollments"][0]["progress"]["credited_s"] == 8.0


def test_a_batch_takes_the_same_few_statements_whatever_its_size(server: LiveServer) -> None:
    # RULES: SYNC-2, PROG-5 (a batch is judged as a set: one query per kind of fact and one
    # insert for its events, so 200 clients' batches stay within the database's reach)
    from sqlalchemy import event

    learner = Learner(server)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    def statements_for(events: list[dict[str, Any]]) -> int:
        statements.clear()
        event.listen(server.context.engine, "before_cursor_execute", count)
        try:
            assert {s for s, _ in statuses(learner.send(*events))} == {"credited"}
        finally:
            event.remove(server.context.engine, "before_cursor_execute", count)
        return len(statements)

    one = statements_for([learner.event(0, 1)])
    twenty = statements_for([learner.event(n, n + 1, offset_s=n) for n in range(1, 21)])
    assert one == twenty
    # The login with the trainee's lock (one query on PostgreSQL, two on SQLite), the
    # lessons with progress, one union of the rest (stored ids, sessions, attempts, face
    # checks); then on PostgreSQL one statement for every write (the events and the
    # progress rows), on SQLite the progress update and the insert.
    postgresql = server.context.engine.dialect.name == "postgresql"
    assert twenty <= (4 if postgresql else 6)
    # A progress row's update sets what changed, never its key (SQLite: an update of key
    # columns checks the foreign keys and rewrites the index entries).
    assert not any("SET enrollment_id" in statement for statement in statements)
    if postgresql:  # a second lesson, new and so inserted, costs no statement more
        second_lesson = learner.lessons[1][0]
        both = [learner.event(21, 22, offset_s=21)]
        both.append(learner.event(0, 1, offset_s=22, lesson_id=second_lesson))
        assert statements_for(both) == twenty


def test_what_a_batch_stores_is_what_was_sent_and_judged(server: LiveServer) -> None:
    # RULES: SYNC-2, LEARN-2, LEARN-3 (the batch's rows, written in one statement on
    # PostgreSQL: times sent in Beijing time stored as the same instants, seconds exact,
    # each verdict kept, the lesson's credit and resume point; a refused event's row too)
    from sqlalchemy import select

    from app.server.context import CHINA_TZ
    from app.server.models import LessonProgress, ProgressEvent

    learner = Learner(server)
    credited = learner.event(0.125, 1.375, wall_s=1.25)
    for key in ("started_at", "ended_at"):  # the same instants, written in +08:00
        credited[key] = dt.datetime.fromisoformat(credited[key]).astimezone(CHINA_TZ).isoformat()
    refused = learner.event(5, 6, offset_s=3, lesson_id=987654)
    assert statuses(learner.send(credited, refused)) == [
        ("credited", None),
        ("refused", "unknown_lesson"),
    ]
    with server.context.sessions() as db:
        rows = {
            row.event_id: row
            for row in db.scalars(
                select(ProgressEvent).where(ProgressEvent.trainee_id == learner.trainee_id)
            )
        }
        progress = db.get_one(LessonProgress, (learner.enrollment_id, learner.lessons[0][0]))
    first, second = rows[credited["event_id"]], rows[refused["event_id"]]
    assert first.started_at == dt.datetime.fromisoformat(credited["started_at"])
    assert first.ended_at - first.started_at == dt.timedelta(seconds=1.25)
    assert first.started_at.tzinfo is not None and first.started_at.utcoffset() == dt.timedelta(0)
    assert (first.from_s, first.to_s, first.added_s) == (0.125, 1.375, 1.25)
    assert (first.status, first.reason, first.face_check_id) == ("credited", None, learner.check_id)
    assert (first.session_id, first.lesson_id) == (learner.session_id, learner.lessons[0][0])
    assert (second.status, second.reason, second.added_s) == ("refused", "unknown_lesson", 0.0)
    assert second.lesson_id == 987654 and first.received_at == second.received_at
    assert progress.intervals == [[0.125, 1.375]]
    assert (progress.credited_s, progress.resume_s, progress.complete) == (1.25, 1.375, False)
    assert progress.updated_at == first.received_at


def test_credited_seconds_never_exceed_the_wall_clock_time_that_passed(
    server: LiveServer,
) -> None:
    # RULES: PROG-5 (one trainee, one clock: random stretches over the trainee's lessons,
    # overlapping in wall time as a script would send them; after every batch the credited
    # seconds are at most the wall-clock time the credited stretches span, plus the 5% one
    # stretch may run ahead of its wall time)
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from sqlalchemy import func, select

    from app.core import intervals
    from app.core.rules import REAL_TIME_SLACK
    from app.server.models import LessonProgress, ProgressEvent

    learner = Learner(server)
    lessons = len(learner.lessons)
    stretches = st.tuples(
        st.integers(0, lessons - 1),  # lesson
        st.sampled_from([0.0, 1.0, 2.5, 4.0, 6.0]),  # from_s
        st.floats(0.2, 6.0),  # length in lesson seconds
        st.floats(0.0, 60.0),  # wall start, seconds after the learner's start
        st.floats(0.9, 1.5),  # wall time per lesson second
    )

    @settings(
        max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.lists(stretches, min_size=1, max_size=8))
    def batches(batch: list[tuple[int, float, float, float, float]]) -> None:
        events = []
        for lesson, from_s, length, wall_start, per_second in batch:
            event = learner.event(from_s, from_s + length, wall_s=length * per_second)
            event["lesson_id"] = learner.lessons[lesson][0]
            started = learner.start + dt.timedelta(seconds=10 + wall_start)
            event["started_at"] = started.isoformat()
            event["ended_at"] = (started + dt.timedelta(seconds=length * per_second)).isoformat()
            events.append(event)
        learner.send(*events)
        with server.context.sessions() as db:
            credited = db.scalar(
                select(func.coalesce(func.sum(LessonProgress.credited_s), 0.0)).where(
                    LessonProgress.enrollment_id == learner.enrollment_id
                )
            )
            spans = db.execute(
                select(ProgressEvent.started_at, ProgressEvent.ended_at).where(
                    ProgressEvent.trainee_id == learner.trainee_id,
                    ProgressEvent.status == "credited",
                )
            )
            wall = intervals.covered_seconds((a.timestamp(), b.timestamp()) for a, b in spans)
        assert credited <= wall * (1 + REAL_TIME_SLACK) + 1e-6

    batches()
