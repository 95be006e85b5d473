"""Business rules as pure functions (LEARN-5, LEARN-6, EXAM-1, EXAM-2, EXAM-5, APPLY-1..3,
CERT-2, PROG-5).

Every date and time comes in as an argument, never from the clock: the server decides
with its own clock, the client mirrors the rule with the server's time, and the tests
pick any day they like.
"""

import calendar
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final, Literal

from app.core.ids import INITIAL_PASSWORD

__all__ = [
    "EXAM_ATTEMPTS",
    "EXAM_MINUTES",
    "FRONTIER_SLACK_S",
    "FULL_SCORE",
    "INITIAL_PASSWORD",
    "ORDER_EXPIRY_MINUTES",
    "PASS_SCORE",
    "REAL_TIME_SLACK",
    "RENEWAL_MONTHS_BEFORE",
    "RENEWAL_WORKING_DAYS_AFTER_PASS",
    "SPEED_ABSOLUTE_SLACK_S",
    "STUDY_DAYS",
    "ApplicationKind",
    "RenewalState",
    "add_months",
    "add_working_days",
    "application_refusal",
    "best_score",
    "exam_closed_reason",
    "exam_deadline",
    "is_pass",
    "is_plausible_speed",
    "progress_refusal",
    "remaining_seconds",
    "renewal_state",
    "study_open",
    "study_period",
]

STUDY_DAYS: Final = 30  # LEARN-6, APPLY-2
EXAM_MINUTES: Final = 120  # EXAM-2
EXAM_ATTEMPTS: Final = 5  # EXAM-1; a retake (APPLY-3) grants this many more
PASS_SCORE: Final = 60  # EXAM-5
FULL_SCORE: Final = 100  # EXAM-5
REAL_TIME_SLACK: Final = 0.05  # PROG-5: credited length may exceed wall time by 5%
# PROG-5: timers and timestamps are coarse (tens of milliseconds, rounded serialisation),
# which matters for very short stretches where 5% is nothing.
SPEED_ABSOLUTE_SLACK_S: Final = 0.5
# PROG-5 / LEARN-3: a stretch may start this little past the frontier, for the same
# rounding reason (the player reports positions to a frame or so).
FRONTIER_SLACK_S: Final = 0.5
RENEWAL_MONTHS_BEFORE: Final = 3  # CERT-2
RENEWAL_WORKING_DAYS_AFTER_PASS: Final = 3  # CERT-2 (manual: 2-3 working days)
ORDER_EXPIRY_MINUTES: Final = 30  # PAY-2

# supervised_study: 人工核验, studying under a clerk's supervision instead of face checks.
ApplicationKind = Literal["extension", "retake", "supervised_study"]
# FACE-6 / FACE-8: this many failed face checks in a row open the way to supervised study.
FAILED_CHECKS_FOR_SUPERVISION: Final = 3
ExamClosedReason = Literal["not_paid", "study_closed", "progress_incomplete", "no_attempts_left"]
ApplicationRefusal = Literal[
    "study_not_ended", "passed", "attempts_remaining", "pending_exists", "face_check_possible"
]
ProgressRefusal = Literal["bad_interval", "faster_than_real_time", "beyond_furthest_point"]


# ---------------------------------------------------------------- study period (LEARN-6)


def study_period(paid_on: date, days: int = STUDY_DAYS) -> tuple[date, date]:
    """(opens_on, closes_on) of a study period that starts on `paid_on`.

    The day of payment is day 1, so `closes_on = paid_on + days - 1` is the last day on
    which learning is open: paid on 1 March, 30 days, open through 30 March. The same
    function gives the new period of an approved extension (APPLY-2), from its approval day.
    """
    if days < 1:
        raise ValueError(f"a study period lasts at least one day, got {days}")
    return paid_on, paid_on + timedelta(days=days - 1)


def study_open(today: date, opens_on: date, closes_on: date) -> bool:
    """Whether `today` lies in the study period, both ends included."""
    return opens_on <= today <= closes_on


# ---------------------------------------------------------------- exam (EXAM-*)


def exam_closed_reason(
    *,
    paid: bool,
    study_open: bool,
    progress_complete: bool,
    attempts_used: int,
    attempts_allowed: int,
    passed: bool,
) -> ExamClosedReason | None:
    """Why an attempt may not start (EXAM-1), or None when it may.

    Reasons in priority order, the one the trainee must deal with first:
    `not_paid`, `study_closed`, `progress_incomplete`, `no_attempts_left`.

    A trainee who has already passed may still use the attempts left while the period is
    open: the manual counts the best score (EXAM-5), so a further try can only raise what
    the receipt shows, never lose the pass. `passed` therefore never closes the exam; it
    is taken so that callers hand over the whole state and this choice stays here.
    """
    del passed  # deliberately no effect, see above
    if not paid:
        return "not_paid"
    if not study_open:
        return "study_closed"
    if not progress_complete:
        return "progress_incomplete"
    if attempts_used >= attempts_allowed:
        return "no_attempts_left"
    return None


def exam_deadline(started_at: datetime, minutes: int = EXAM_MINUTES) -> datetime:
    """EXAM-2: when the server submits an attempt by itself."""
    return started_at + timedelta(minutes=minutes)


def remaining_seconds(now: datetime, deadline: datetime) -> float:
    """Seconds left before `deadline`, never negative."""
    return max((deadline - now).total_seconds(), 0.0)


def best_score(scores: Iterable[int]) -> int | None:
    """EXAM-5: the best of all attempts is the one shown; None before any attempt."""
    return max(scores, default=None)


def is_pass(score: int) -> bool:
    """EXAM-5: 60 or more (of 100) passes."""
    return score >= PASS_SCORE


# ---------------------------------------------------------------- applications (APPLY-*)


def application_refusal(
    kind: ApplicationKind,
    *,
    study_ended: bool,
    passed: bool,
    attempts_used: int,
    attempts_allowed: int,
    pending_exists: bool,
    face_checks_closed: bool = False,
) -> ApplicationRefusal | None:
    """Why an extension or retake application is not allowed, or None when it is.

    `passed` comes first for both kinds because it is final: no waiting makes a passed
    enrollment eligible, while `study_not_ended` and `attempts_remaining` say "not yet".
    Extension (APPLY-2): only after the study period ended without a pass.
    Retake (APPLY-3): only when every allowed attempt is used and none passed.
    Supervised study (FACE-8): only when face checks are closed to the trainee (consent
    declined or withdrawn, or FAILED_CHECKS_FOR_SUPERVISION failed checks in a row).
    Any (APPLY-1): at most one pending application of the kind per enrollment.
    """
    if passed:
        return "passed"
    if kind == "extension" and not study_ended:
        return "study_not_ended"
    if kind == "retake" and attempts_used < attempts_allowed:
        return "attempts_remaining"
    if kind == "supervised_study" and not face_checks_closed:
        return "face_check_possible"
    if pending_exists:
        return "pending_exists"
    return None


# ---------------------------------------------------------------- progress (PROG-5)


def is_plausible_speed(
    from_s: float, to_s: float, started_at: datetime, ended_at: datetime
) -> bool:
    """PROG-5: a stretch is not credited faster than real time.

    Plausible when `to_s - from_s <= wall seconds * 1.05 + 0.5`: 5% from the rule, and
    half a second absolute for timer and timestamp granularity. A wall clock running
    backwards is never plausible.
    """
    wall_s = (ended_at - started_at).total_seconds()
    if wall_s < 0:
        return False
    return to_s - from_s <= wall_s * (1.0 + REAL_TIME_SLACK) + SPEED_ABSOLUTE_SLACK_S


def progress_refusal(
    from_s: float,
    to_s: float,
    *,
    duration_s: float,
    started_at: datetime,
    ended_at: datetime,
    frontier_s: float,
) -> ProgressRefusal | None:
    """The interval checks of PROG-5 for one progress event, or None when they pass.

    `bad_interval`: not `0 <= from_s < to_s`, or starting past the lesson's end.
    `faster_than_real_time`: see `is_plausible_speed`.
    `beyond_furthest_point`: starts after the frontier (LEARN-3), beyond a frame's slack.
    The face-check, session and study-period checks need stored state and stay with the
    server.
    """
    if not 0.0 <= from_s < to_s or from_s >= duration_s:
        return "bad_interval"
    if not is_plausible_speed(from_s, to_s, started_at, ended_at):
        return "faster_than_real_time"
    if from_s > frontier_s + FRONTIER_SLACK_S:
        return "beyond_furthest_point"
    return None


# ---------------------------------------------------------------- renewal (CERT-2)


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic; a day the target month lacks becomes its last day
    (31 May minus 3 months is 28 or 29 February)."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def add_working_days(
    start: date,
    n: int,
    holidays: Collection[date],
    extra_working_days: Collection[date] = (),
) -> date:
    """The `n`-th working day after `start` (`start` itself when n is 0).

    Working days are Monday to Friday minus `holidays`, plus `extra_working_days`: the
    weekend days China works to make up for a long holiday (调休).
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        weekday = day.weekday() < 5
        if day in extra_working_days or (weekday and day not in holidays):
            counted += 1
    return day


@dataclass(frozen=True)
class RenewalState:
    """Where a certificate stands for renewal (API.md `renewal`).

    `opens_on` is None while it cannot be known (no pass yet) or will never come.
    `closes_on` is the certificate's expiry day, the last day of the window, except
    for a void certificate, which has no window.
    """

    state: Literal["not_yet", "open", "closed", "void"]
    opens_on: date | None
    closes_on: date | None


def renewal_state(
    today: date,
    *,
    expires_on: date,
    passed_on: date | None,
    holidays: Collection[date],
) -> RenewalState:
    """CERT-2: the renewal window and where `today` is in it.

    The window runs from 3 calendar months before expiry through the expiry day, and
    opens no sooner than 3 working days after the pass.
    - `void`: expired with no pass on or before the expiry day (证书自动作废).
    - `closed`: passed in time but the window is over, or the 3 working days after the
      pass would end past expiry so it can never open.
    - `not_yet`: before it opens, including while there is no pass yet.
    - `open`: inside it.
    """
    passed_in_time = passed_on is not None and passed_on <= expires_on
    if today > expires_on and not passed_in_time:
        return RenewalState("void", None, None)
    if passed_on is None:
        return RenewalState("not_yet", None, expires_on)
    window_start = add_months(expires_on, -RENEWAL_MONTHS_BEFORE)
    settled_on = add_working_days(passed_on, RENEWAL_WORKING_DAYS_AFTER_PASS, holidays)
    opens_on = max(window_start, settled_on)
    if opens_on > expires_on:
        return RenewalState("closed", None, expires_on)
    if today > expires_on:
        return RenewalState("closed", opens_on, expires_on)
    if today < opens_on:
        return RenewalState("not_yet", opens_on, expires_on)
    return RenewalState("open", opens_on, expires_on)
