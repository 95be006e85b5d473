"""The home card's state table (issue 15): for every demo trainee, as the real server
describes them, the one main action and the reason line; again after each tries to apply
for an extension and a retake, and after staff approve what was applied for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.core.beijing import beijing_today
from app.ui.home.home_card import main_button_text, reason_line
from app.ui.home.next_step import Action, NextStep, Reason, days_until_void, next_step
from tests.support.live_server import LiveServer, start_server

ZHANG_SAN = "530102198001010015"
WANG_WU = "532501198811200037"
ZHAO_LIU = "53290119920607004X"
QIAN_QI = "530302196909300057"
SUN_BA = "530102198505050061"
ZHOU_JIU = "530102199001010079"
PHONE = "13812345678"
NEW_PASSWORD = "Anquan2026!"


@pytest.fixture(scope="module")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, ui_media_dir: Path
) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("next-step"), None, ui_media_dir,
                        demo_lesson_seconds=8)
    yield live
    live.stop()


def sign_in(server: LiveServer, id_number: str) -> str:
    """A token; the initial password is changed on the first sign-in of the module."""
    again = server.call("POST", "/auth/login", json={
        "id_number": id_number, "password": NEW_PASSWORD, "agree": True,
        "device": {"kind": "desktop", "name": "test"}})
    if again.status_code == 200:
        return str(again.json()["token"])
    return server.ready_trainee(id_number, NEW_PASSWORD)


def enrollment_of(server: LiveServer, token: str) -> dict[str, Any]:
    me = server.call("GET", "/me", token).json()
    assert len(me["enrollments"]) == 1
    enrollment: dict[str, Any] = me["enrollments"][0]
    return enrollment


def steps(server: LiveServer, token: str) -> tuple[NextStep, NextStep]:
    """(without a photo, with one): the photo only matters where lessons or exam are next."""
    enrollment: Any = enrollment_of(server, token)
    return next_step(enrollment, photo_set=False), next_step(enrollment, photo_set=True)


def apply_for_both(server: LiveServer, token: str) -> list[int]:
    enrollment = enrollment_of(server, token)
    codes = []
    for kind in ("extension", "retake"):
        response = server.call("POST", f"/enrollments/{enrollment['id']}/applications", token,
                               json={"kind": kind, "phone": PHONE, "reason": "工地忙"})
        codes.append(response.status_code)
    return codes


# The words the card shows for each state (Chinese, the source language).
WORDS = {
    ZHANG_SAN: ("设置本人照片", "学习和考试前请先设置本人照片"),
    WANG_WU: ("设置本人照片", "学习和考试前请先设置本人照片"),
    ZHAO_LIU: ("申请补考", "5 次考试机会已用完（最高分 45 分），请申请补考"),
    QIAN_QI: ("申请延期", "学习期限已结束，学习和考试已关闭。请申请延期"),
    SUN_BA: ("打印学时证明", "考试合格（"),
    ZHOU_JIU: (None, "未缴费：缴费成功后才能学习和考试。"),
}


# RULES: PAY-1, LEARN-5, LEARN-6, EXAM-1, APPLY-2, APPLY-3, CERT-1
@pytest.mark.parametrize(
    ("id_number", "before", "with_photo", "applied", "after"),
    [
        # 张三: paid today, nothing watched: the photo first, then the lessons.
        (ZHANG_SAN, (Action.SET_PHOTO, Reason.NO_PHOTO),
         (Action.LESSONS, Reason.PROGRESS_INCOMPLETE), [409, 409],
         (Action.SET_PHOTO, Reason.NO_PHOTO)),
        # 王五: every lesson credited: the exam, once the photo is set.
        (WANG_WU, (Action.SET_PHOTO, Reason.NO_PHOTO), (Action.EXAM, Reason.EXAM_OPEN),
         [409, 409], (Action.SET_PHOTO, Reason.NO_PHOTO)),
        # 赵六: 5 attempts used: apply for a retake, never 进入学习; then wait.
        (ZHAO_LIU, (Action.APPLY_RETAKE, Reason.NO_ATTEMPTS_LEFT),
         (Action.APPLY_RETAKE, Reason.NO_ATTEMPTS_LEFT), [409, 201],
         (Action.WAIT_REVIEW, Reason.RETAKE_PENDING)),
        # 钱七: the period is over: apply for an extension; then wait.
        (QIAN_QI, (Action.APPLY_EXTENSION, Reason.STUDY_CLOSED),
         (Action.APPLY_EXTENSION, Reason.STUDY_CLOSED), [201, 409],
         (Action.WAIT_REVIEW, Reason.EXTENSION_PENDING)),
        # 孙八: passed: the receipt, no photo demanded.
        (SUN_BA, (Action.RECEIPT, Reason.PASSED), (Action.RECEIPT, Reason.PASSED), [409, 409],
         (Action.RECEIPT, Reason.PASSED)),
        # 周九: not paid: nothing to press here, where to pay is the reason.
        (ZHOU_JIU, (Action.NONE, Reason.NOT_PAID), (Action.NONE, Reason.NOT_PAID), [409, 409],
         (Action.NONE, Reason.NOT_PAID)),
    ],
    ids=["zhang_san", "wang_wu", "zhao_liu", "qian_qi", "sun_ba", "zhou_jiu"],
)
def test_each_demo_trainee_has_one_main_action_and_its_reason(
    demo_server: LiveServer, id_number: str, before: tuple[Action, Reason],
    with_photo: tuple[Action, Reason], applied: list[int], after: tuple[Action, Reason],
) -> None:
    token = sign_in(demo_server, id_number)
    no_photo, photo = steps(demo_server, token)
    assert (no_photo.action, no_photo.reason) == before
    button, reason = WORDS[id_number]  # what the card says (home_card)
    assert main_button_text(no_photo) == button
    assert reason in reason_line(no_photo)[0]
    assert (photo.action, photo.reason) == with_photo

    assert apply_for_both(demo_server, token) == applied
    no_photo, _ = steps(demo_server, token)
    assert (no_photo.action, no_photo.reason) == after
    if after[0] is Action.WAIT_REVIEW:
        assert no_photo.applied_on == beijing_today(demo_server.clock())
    if id_number == SUN_BA:
        assert no_photo.passed_on is not None and not no_photo.studying


def test_approved_applications_open_the_way_again(demo_server: LiveServer) -> None:
    """After staff approve 钱七's extension and 赵六's retake (applied above, or here when
    this test runs alone), both are back to learning or the exam."""
    admin = demo_server.admin_token()
    for id_number in (QIAN_QI, ZHAO_LIU):
        apply_for_both(demo_server, sign_in(demo_server, id_number))
    pending = demo_server.call("GET", "/admin/applications?status=pending", admin).json()
    for application in pending:
        if application["id_number"] in (QIAN_QI, ZHAO_LIU):
            decided = demo_server.call("POST", f"/admin/applications/{application['id']}/decision",
                                       admin, json={"approve": True, "reason": ""})
            assert decided.status_code == 200, decided.text
    _, qian_qi = steps(demo_server, sign_in(demo_server, QIAN_QI))
    assert (qian_qi.action, qian_qi.reason) == (Action.LESSONS, Reason.PROGRESS_INCOMPLETE)
    assert qian_qi.started and 0 < qian_qi.percent < 100
    _, zhao_liu = steps(demo_server, sign_in(demo_server, ZHAO_LIU))
    assert zhao_liu.action in (Action.EXAM, Action.LESSONS)
    assert zhao_liu.attempts_left == 5


# RULES: CERT-2
def test_a_certificate_about_to_expire_void_is_counted_down_until_passed() -> None:
    enrollment: Any = {"exam": {"passed": False}, "certificate": {"expires_on": "2027-03-01"}}
    today = date(2026, 12, 1)
    assert days_until_void(enrollment, today) == 90
    assert days_until_void(enrollment, date(2026, 11, 30)) is None  # 91 days: not yet
    assert days_until_void(enrollment, date(2027, 3, 1)) == 0
    assert days_until_void(enrollment, date(2027, 3, 2)) is None  # void: said elsewhere
    enrollment["exam"]["passed"] = True
    assert days_until_void(enrollment, today) is None


def test_waiting_for_review_names_the_day_applied() -> None:
    step = NextStep(Action.WAIT_REVIEW, Reason.EXTENSION_PENDING, applied_on=date(2026, 12, 6))
    assert main_button_text(step) == "已提交，等待审核（12月6日）"
    assert "延期申请正在审核" in reason_line(step)[0]
    step = NextStep(Action.LESSONS, Reason.PROGRESS_INCOMPLETE, percent=62, started=True)
    assert main_button_text(step) == "继续学习"
    assert reason_line(step)[0] == "完成全部课时后可参加考试（当前 62%）"


@pytest.mark.parametrize("utc_end", ["2026-11-25T16:30:00+00:00", "2026-11-25T23:59:00+00:00"],
                         ids=["00:30 Beijing", "07:59 Beijing"])
def test_the_pass_day_is_the_beijing_day_on_the_card_and_on_the_receipt(
    demo_server: LiveServer, qapp: Any, monkeypatch: pytest.MonkeyPatch, utc_end: str
) -> None:
    """孙八 passed at 00:30 / 07:59 Beijing time on 26 November, still the 25th in UTC (and
    in New York, where this PC's clock is set): the card and the receipt both say the 26th."""
    # RULES: CERT-1
    import datetime as dt
    import io
    import time

    from pypdf import PdfReader

    from app.server.models import Trainee
    from app.ui.home.home_card import EnrollmentCard

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        with demo_server.context.sessions() as db:
            trainee = db.query(Trainee).filter_by(id_number=SUN_BA).one()
            attempts = [a for e in trainee.enrollments for a in e.attempts if a.score is not None]
            for attempt in attempts:
                attempt.ended_at = dt.datetime.fromisoformat(utc_end)
            db.commit()
        token = sign_in(demo_server, SUN_BA)
        enrollment: Any = enrollment_of(demo_server, token)
        card = EnrollmentCard(enrollment, beijing_today(), photo_set=False)
        assert "考试合格（2026年11月26日）" in card.reason.text()
        pdf = demo_server.call("GET", f"/enrollments/{enrollment['id']}/receipt.pdf", token)
        assert pdf.status_code == 200, pdf.text
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "2026年11月26日" in text.replace(" ", "")
        card.deleteLater()
    finally:
        monkeypatch.undo()
        time.tzset()
