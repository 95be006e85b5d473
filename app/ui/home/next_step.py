"""The state table: for one enrollment, the one thing to do next and the line that says why.

Pure (no Qt), so every state is proven without a window. The home card shows the action
as its only primary button, first, and the reason as the line under it; nothing else on
the card repeats the action. Order matters: the first row that holds is the state.

| state                                   | main action       | reason           |
| --------------------------------------- | ----------------- | ---------------- |
| not paid (PAY-1)                        | none (pay online) | not_paid         |
| an attempt still open (EXAM-4)          | resume_exam       | attempt_open     |
| passed (EXAM-5)                         | receipt           | passed           |
| period over, extension pending          | wait_review       | extension_pending|
| period over (LEARN-6, APPLY-2)          | apply_extension   | study_closed     |
| 5 attempts used, retake pending         | wait_review       | retake_pending   |
| 5 attempts used (APPLY-3)               | apply_retake      | no_attempts_left |
| no enrolled photo (FACE-1)              | set_photo         | no_photo         |
| every lesson credited (LEARN-5)         | exam              | exam_open        |
| otherwise                               | lessons           | progress_incomplete |
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from app.core.beijing import beijing_date
from app.sync import wire

# CERT-2: the card warns from this many days before a certificate would expire void.
VOID_WARNING_DAYS = 90


class Action(StrEnum):
    NONE = "none"
    RESUME_EXAM = "resume_exam"
    RECEIPT = "receipt"
    WAIT_REVIEW = "wait_review"
    APPLY_EXTENSION = "apply_extension"
    APPLY_RETAKE = "apply_retake"
    SET_PHOTO = "set_photo"
    EXAM = "exam"
    LESSONS = "lessons"


class Reason(StrEnum):
    NOT_PAID = "not_paid"
    ATTEMPT_OPEN = "attempt_open"
    PASSED = "passed"
    EXTENSION_PENDING = "extension_pending"
    STUDY_CLOSED = "study_closed"
    RETAKE_PENDING = "retake_pending"
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    NO_PHOTO = "no_photo"
    EXAM_OPEN = "exam_open"
    PROGRESS_INCOMPLETE = "progress_incomplete"


@dataclass(frozen=True)
class NextStep:
    action: Action
    reason: Reason
    # What the reason line and the button quote: the pending application's day, the
    # pass day, the progress, the attempts.
    applied_on: date | None = None
    passed_on: date | None = None
    percent: int = 0
    started: bool = False  # some of the course is credited: 继续学习 rather than 进入学习
    attempts_left: int = 0
    best_score: int | None = None

    @property
    def studying(self) -> bool:
        """The study period matters to the trainee now: show the days left."""
        return self.action in (Action.LESSONS, Action.EXAM, Action.SET_PHOTO)


def pending(enrollment: wire.Enrollment, kind: str) -> wire.Application | None:
    for application in enrollment["applications"]:
        if application["kind"] == kind and application["status"] == "pending":
            return application
    return None


def next_step(enrollment: wire.Enrollment, *, photo_set: bool) -> NextStep:
    e = enrollment
    exam = e["exam"]
    facts = NextStep(
        Action.NONE, Reason.NOT_PAID,
        percent=int(e["progress"]["percent"]),
        started=e["progress"]["credited_s"] > 0,
        attempts_left=max(0, exam["attempts_allowed"] - exam["attempts_used"]),
        best_score=exam["best_score"],
    )
    if e["payment"]["status"] != "paid":
        return facts
    if exam["open_attempt_id"]:
        return replace(facts, action=Action.RESUME_EXAM, reason=Reason.ATTEMPT_OPEN)
    if exam["passed"]:
        passed_on = beijing_date(exam["passed_at"]) if exam["passed_at"] else None
        return replace(facts, action=Action.RECEIPT, reason=Reason.PASSED, passed_on=passed_on)
    if not e["study"]["open"]:
        return _apply_or_wait(facts, pending(e, "extension"), Action.APPLY_EXTENSION,
                              Reason.STUDY_CLOSED, Reason.EXTENSION_PENDING)
    if exam["attempts_used"] >= exam["attempts_allowed"]:
        return _apply_or_wait(facts, pending(e, "retake"), Action.APPLY_RETAKE,
                              Reason.NO_ATTEMPTS_LEFT, Reason.RETAKE_PENDING)
    if not photo_set:
        return replace(facts, action=Action.SET_PHOTO, reason=Reason.NO_PHOTO)
    if exam["open"]:
        return replace(facts, action=Action.EXAM, reason=Reason.EXAM_OPEN)
    return replace(facts, action=Action.LESSONS, reason=Reason.PROGRESS_INCOMPLETE)


def _apply_or_wait(facts: NextStep, application: wire.Application | None, apply: Action,
                   closed: Reason, waiting: Reason) -> NextStep:
    """The only way forward is an application: make it, or wait for its review."""
    if application is None:
        return replace(facts, action=apply, reason=closed)
    return replace(facts, action=Action.WAIT_REVIEW, reason=waiting,
                   applied_on=beijing_date(application["created_at"]))


def days_until_void(enrollment: wire.Enrollment, today: date) -> int | None:
    """CERT-2: days left before an unpassed enrollment's certificate expires void, from
    VOID_WARNING_DAYS before; None when there is nothing to warn about."""
    expires_on = enrollment["certificate"]["expires_on"]
    if enrollment["exam"]["passed"] or not expires_on:
        return None
    left = (beijing_date(expires_on) - today).days
    if 0 <= left <= VOID_WARNING_DAYS:
        return left
    return None

