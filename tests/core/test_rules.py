"""Business rules: study period, exam gate, applications, PROG-5 speed, CERT-2 renewal."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core import ids, rules
from app.core.rules import (
    EXAM_ATTEMPTS,
    FULL_SCORE,
    PASS_SCORE,
    RenewalState,
    add_months,
    add_working_days,
    application_refusal,
    best_score,
    exam_closed_reason,
    exam_deadline,
    is_pass,
    is_plausible_speed,
    progress_refusal,
    remaining_seconds,
    renewal_state,
    study_open,
    study_period,
)

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
NO_HOLIDAYS: frozenset[date] = frozenset()


def after(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# ---------------------------------------------------------------- LEARN-6, APPLY-2


def test_study_period_is_30_days_with_the_payment_day_as_day_one() -> None:
    # RULES: LEARN-6
    opens_on, closes_on = study_period(date(2025, 3, 1))
    assert (opens_on, closes_on) == (date(2025, 3, 1), date(2025, 3, 30))
    assert (closes_on - opens_on).days + 1 == rules.STUDY_DAYS
    assert study_open(date(2025, 3, 1), opens_on, closes_on)
    assert study_open(date(2025, 3, 30), opens_on, closes_on)
    assert not study_open(date(2025, 3, 31), opens_on, closes_on)
    assert not study_open(date(2025, 2, 28), opens_on, closes_on)


def test_study_period_across_a_leap_day() -> None:
    # RULES: LEARN-6
    assert study_period(date(2024, 2, 15)) == (date(2024, 2, 15), date(2024, 3, 15))
    assert study_period(date(2025, 2, 15)) == (date(2025, 2, 15), date(2025, 3, 16))


def test_extension_gives_a_new_period_from_the_approval_day() -> None:
    # RULES: APPLY-2
    assert study_period(date(2025, 5, 10), days=30)[1] == date(2025, 6, 8)
    with pytest.raises(ValueError):
        study_period(date(2025, 5, 10), days=0)


# ---------------------------------------------------------------- EXAM-1, EXAM-5


def gate(**changes: object) -> str | None:
    state: dict[str, object] = {
        "paid": True,
        "study_open": True,
        "progress_complete": True,
        "attempts_used": 0,
        "attempts_allowed": EXAM_ATTEMPTS,
        "passed": False,
    }
    state.update(changes)
    return exam_closed_reason(**state)  # type: ignore[arg-type]


def test_exam_opens_when_paid_open_complete_and_attempts_remain() -> None:
    # RULES: EXAM-1, LEARN-5
    assert gate() is None
    assert gate(attempts_used=EXAM_ATTEMPTS - 1) is None


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"paid": False, "study_open": False, "progress_complete": False}, "not_paid"),
        ({"study_open": False, "progress_complete": False, "attempts_used": 5}, "study_closed"),
        ({"progress_complete": False, "attempts_used": 5}, "progress_incomplete"),
        ({"attempts_used": 5}, "no_attempts_left"),
        ({"attempts_used": 9, "attempts_allowed": 10}, None),  # after a retake
        ({"attempts_used": 10, "attempts_allowed": 10}, "no_attempts_left"),
    ],
)
def test_exam_closed_reasons_in_priority_order(changes: dict[str, object], reason: str) -> None:
    # RULES: EXAM-1, LEARN-5, LEARN-6, APPLY-3
    assert gate(**changes) == reason


def test_a_passed_trainee_may_use_the_attempts_left() -> None:
    # RULES: EXAM-5 (best score counts, so another try cannot lose the pass)
    assert gate(passed=True, attempts_used=2) is None
    assert gate(passed=True, attempts_used=5) == "no_attempts_left"
    assert gate(passed=True, study_open=False) == "study_closed"


def test_best_score_and_pass_mark() -> None:
    # RULES: EXAM-5
    assert best_score([]) is None
    assert best_score([45, 86, 59]) == 86
    assert best_score(iter([0])) == 0
    assert (PASS_SCORE, FULL_SCORE) == (60, 100)
    assert is_pass(60) and is_pass(100)
    assert not is_pass(59)


def test_exam_deadline_is_120_minutes_after_the_start() -> None:
    # RULES: EXAM-2
    deadline = exam_deadline(T0)
    assert deadline == T0 + timedelta(hours=2)
    assert remaining_seconds(T0 + timedelta(minutes=119), deadline) == 60.0
    assert remaining_seconds(deadline + timedelta(seconds=5), deadline) == 0.0


# ---------------------------------------------------------------- APPLY-1..3


def apply(kind: rules.ApplicationKind, **changes: object) -> str | None:
    state: dict[str, object] = {
        "study_ended": True,
        "passed": False,
        "attempts_used": EXAM_ATTEMPTS,
        "attempts_allowed": EXAM_ATTEMPTS,
        "pending_exists": False,
    }
    state.update(changes)
    return application_refusal(kind, **state)  # type: ignore[arg-type]


def test_extension_only_after_the_period_ended_without_a_pass() -> None:
    # RULES: APPLY-2
    assert apply("extension", attempts_used=2) is None  # 钱七 in the demo data
    assert apply("extension", study_ended=False) == "study_not_ended"
    assert apply("extension", passed=True) == "passed"
    assert apply("extension", passed=True, study_ended=False) == "passed"


def test_retake_only_when_every_attempt_is_used_and_none_passed() -> None:
    # RULES: APPLY-3
    assert apply("retake", study_ended=False) is None  # 赵六 in the demo data
    assert apply("retake", attempts_used=4) == "attempts_remaining"
    assert apply("retake", passed=True) == "passed"
    assert apply("retake", attempts_used=10, attempts_allowed=10) is None


@pytest.mark.parametrize("kind", ["extension", "retake"])
def test_one_pending_application_of_a_kind(kind: rules.ApplicationKind) -> None:
    # RULES: APPLY-1
    assert apply(kind, pending_exists=True) == "pending_exists"


# ---------------------------------------------------------------- PROG-5


def test_stretch_no_faster_than_real_time_plus_five_percent() -> None:
    # RULES: PROG-5
    assert is_plausible_speed(0.0, 60.0, T0, after(60.0))
    assert is_plausible_speed(0.0, 63.5, T0, after(60.0))  # 60 * 1.05 + 0.5
    assert not is_plausible_speed(0.0, 63.6, T0, after(60.0))
    assert not is_plausible_speed(0.0, 120.0, T0, after(60.0))  # played at 2x
    assert is_plausible_speed(10.0, 10.4, T0, T0)  # timer granularity on a tiny stretch
    assert not is_plausible_speed(0.0, 1.0, after(10.0), T0)  # clock ran backwards


@given(st.floats(0.0, 100_000.0), st.floats(0.0, 36_000.0))
def test_plausible_exactly_up_to_the_slack(from_s: float, wall_s: float) -> None:
    # RULES: PROG-5
    limit = wall_s * 1.05 + 0.5
    assert is_plausible_speed(from_s, from_s + limit * 0.999, T0, after(wall_s))
    assert not is_plausible_speed(from_s, from_s + limit * 1.001 + 1e-3, T0, after(wall_s))


@pytest.mark.parametrize(
    ("from_s", "to_s", "wall_s", "frontier_s", "reason"),
    [
        (0.0, 30.0, 30.0, 0.0, None),
        (40.0, 70.0, 30.0, 40.3, None),
        (-1.0, 30.0, 31.0, 0.0, "bad_interval"),
        (30.0, 30.0, 0.0, 30.0, "bad_interval"),
        (50.0, 40.0, 10.0, 60.0, "bad_interval"),
        (120.0, 130.0, 10.0, 120.0, "bad_interval"),  # lesson is 120 s
        (0.0, 60.0, 20.0, 0.0, "faster_than_real_time"),
        (41.0, 60.0, 20.0, 40.0, "beyond_furthest_point"),
    ],
)
def test_progress_refusal_reasons(
    from_s: float, to_s: float, wall_s: float, frontier_s: float, reason: str | None
) -> None:
    # RULES: PROG-5, LEARN-3
    assert (
        progress_refusal(
            from_s,
            to_s,
            duration_s=120.0,
            started_at=T0,
            ended_at=after(wall_s),
            frontier_s=frontier_s,
        )
        == reason
    )


# ---------------------------------------------------------------- CERT-2


def test_month_arithmetic_clamps_to_the_last_day() -> None:
    # RULES: CERT-2 (3 calendar months before expiry)
    assert add_months(date(2025, 5, 31), -3) == date(2025, 2, 28)
    assert add_months(date(2024, 5, 31), -3) == date(2024, 2, 29)
    assert add_months(date(2025, 2, 15), -3) == date(2024, 11, 15)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9000, 1, 1)), st.integers(-60, 60))
def test_month_arithmetic_keeps_or_clamps_the_day(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(1)).day == 1)


def test_working_days_skip_weekends_and_holidays() -> None:
    # RULES: CERT-2
    friday = date(2025, 3, 7)
    assert add_working_days(friday, 0, NO_HOLIDAYS) == friday
    assert add_working_days(friday, 1, NO_HOLIDAYS) == date(2025, 3, 10)
    assert add_working_days(friday, 3, NO_HOLIDAYS) == date(2025, 3, 12)
    saturday = date(2025, 3, 8)
    assert add_working_days(saturday, 1, NO_HOLIDAYS) == date(2025, 3, 10)
    # National Day 2025: 1-8 October off, Sunday 28 September and Saturday 11 October worked.
    national_day = {date(2025, 10, day) for day in range(1, 9)}
    assert add_working_days(date(2025, 9, 30), 1, national_day) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 3, national_day) == date(2025, 10, 13)
    worked = {date(2025, 10, 11)}
    assert add_working_days(date(2025, 9, 30), 3, national_day, worked) == date(2025, 10, 11)
    with pytest.raises(ValueError):
        add_working_days(friday, -1, NO_HOLIDAYS)


def renewal(
    today: date, passed_on: date | None, holidays: frozenset[date] = NO_HOLIDAYS
) -> RenewalState:
    return renewal_state(
        today, expires_on=date(2025, 5, 31), passed_on=passed_on, holidays=holidays
    )


def test_renewal_open_from_three_months_before_expiry_through_expiry() -> None:
    # RULES: CERT-2
    passed = date(2025, 1, 6)
    assert renewal(date(2025, 2, 27), passed) == RenewalState(
        "not_yet", date(2025, 2, 28), date(2025, 5, 31)
    )
    assert renewal(date(2025, 2, 28), passed).state == "open"
    assert renewal(date(2025, 5, 31), passed).state == "open"
    assert renewal(date(2025, 6, 1), passed) == RenewalState(
        "closed", date(2025, 2, 28), date(2025, 5, 31)
    )


def test_renewal_waits_three_working_days_after_the_pass() -> None:
    # RULES: CERT-2 (manual: 2-3 working days)
    passed_friday = date(2025, 4, 4)
    assert renewal(date(2025, 4, 8), passed_friday).state == "not_yet"
    assert renewal(date(2025, 4, 9), passed_friday) == RenewalState(
        "open", date(2025, 4, 9), date(2025, 5, 31)
    )
    qingming = frozenset({date(2025, 4, 7)})  # a holiday on the Monday pushes it a day
    assert renewal(date(2025, 4, 9), passed_friday, qingming).state == "not_yet"
    assert renewal(date(2025, 4, 10), passed_friday, qingming).state == "open"


def test_renewal_without_a_pass() -> None:
    # RULES: CERT-2 (a certificate that expires without a pass is void)
    assert renewal(date(2025, 4, 1), None) == RenewalState("not_yet", None, date(2025, 5, 31))
    assert renewal(date(2025, 5, 31), None).state == "not_yet"
    assert renewal(date(2025, 6, 1), None) == RenewalState("void", None, None)
    assert renewal(date(2025, 6, 5), date(2025, 6, 3)).state == "void"  # passed too late


def test_pass_too_close_to_expiry_never_opens_the_window() -> None:
    # RULES: CERT-2
    passed_thursday = date(2025, 5, 29)
    assert renewal(date(2025, 5, 30), passed_thursday) == RenewalState(
        "closed", None, date(2025, 5, 31)
    )
    assert renewal(date(2025, 6, 30), passed_thursday).state == "closed"


def test_demo_renewal_for_sun_ba_is_open() -> None:
    # RULES: CERT-2 (API.md: passed 10 days ago, expires in 60 days: renewal open)
    for today in (date(2025, 1, 15), date(2025, 3, 1), date(2024, 12, 31), date(2025, 7, 4)):
        state = renewal_state(
            today,
            expires_on=today + timedelta(days=60),
            passed_on=today - timedelta(days=10),
            holidays=NO_HOLIDAYS,
        )
        assert state.state == "open"


def test_initial_password_is_the_same_in_both_modules() -> None:
    # RULES: ACC-2
    assert rules.INITIAL_PASSWORD == ids.INITIAL_PASSWORD == "12345678"
