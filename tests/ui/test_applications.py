"""Applications against the real server (APPLY-1..3): 钱七 applies for an extension, 赵六
for a retake; a bad mobile number is refused as typed; what is not possible yet is said
before the form is filled; the staff's decision shows in the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.exam_client import WANG_WU, signed_in
from tests.support.exam_screens import contexts  # noqa: F401  (fixture)
from tests.support.live_server import LiveServer

QIAN_QI = "530302196909300057"  # paid 35 days ago, half watched: may apply for an extension
ZHAO_LIU = "53290119920607004X"  # 5 attempts used, best 45: may apply for a retake


def open_dialog(qtbot: Any, ctx: Any) -> Any:
    from app.ui.home.applications import ApplicationsDialog

    dialog = ApplicationsDialog(ctx, ctx.me["enrollments"][0])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.applications_loaded, timeout=10000):
        dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def decide(server: LiveServer, application_id: int, approve: bool, reason: str = "") -> None:
    answer = server.call(
        "POST", f"/admin/applications/{application_id}/decision", server.admin_token(),
        json={"approve": approve, "reason": reason},
    )
    assert answer.status_code == 200, answer.text


def test_qian_qi_applies_for_an_extension_and_sees_it_approved(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any], shots_dir: Path,  # noqa: F811
) -> None:
    # RULES: APPLY-1, APPLY-2
    ctx = signed_in(client_options, ui_server, QIAN_QI, None)
    contexts.append(ctx)
    dialog = open_dialog(qtbot, ctx)
    assert dialog.kind() == "extension" and not dialog.refusal.isVisible()
    assert dialog.rows == [] and not dialog.submit_button.isEnabled()

    dialog.kind_buttons["retake"].click()  # attempts remain: said before any typing
    assert dialog.refusal.isVisible() and dialog.refusal.text() == "考试机会用完后才能申请补考。"
    assert not dialog.form.isEnabled() and not dialog.submit_button.isEnabled()
    dialog.kind_buttons["extension"].click()

    qtbot.keyClicks(dialog.phone, "1381234567")  # ten digits
    assert dialog.phone_problem.isVisible()
    assert dialog.phone_problem.text() == "请填写正确的11位手机号码。"
    assert dialog.why_disabled.text() == "请先填写正确的手机号码"
    qtbot.keyClicks(dialog.phone, "8")
    assert not dialog.phone_problem.isVisible()
    assert dialog.why_disabled.text() == "请填写申请理由"
    dialog.phone.setText("12812345678")  # 12 is no mobile prefix (1[3-9])
    assert dialog.phone_problem.isVisible() and not dialog.submit_button.isEnabled()
    dialog.phone.setText("+86 138-1234-5678")
    dialog.reason.insertPlainText("工作繁忙，未能在期限内学完。")  # typed with an IME
    assert dialog.submit_button.isEnabled()
    with qtbot.waitSignal(dialog.submitted, timeout=10000) as sent:
        dialog.submit_button.click()
    application = sent.args[0]
    assert application["status"] == "pending" and application["phone"] == "13812345678"
    assert "延期申请已提交" in dialog.outcome.text()
    assert len(dialog.rows) == 1 and dialog.rows[0].endswith("审核中")
    assert dialog.refusal.text() == "已有一份同类申请正在审核，请耐心等待。"  # APPLY-1
    qtbot.wait(200)  # new rows show on the next turn of the event loop
    dialog.grab().save(str(shots_dir / "applications.png"))

    decide(ui_server, application["id"], True)
    with qtbot.waitSignal(dialog.applications_loaded, timeout=10000):
        dialog.load()
    assert dialog.rows[0].endswith("已通过")
    assert ctx.api.me()["enrollments"][0]["study"]["open"]  # a new 30 days (APPLY-2)


def test_zhao_liu_applies_for_a_retake_and_sees_the_staff_reason(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any], shots_dir: Path,  # noqa: F811
) -> None:
    # RULES: APPLY-1, APPLY-3
    ctx = signed_in(client_options, ui_server, ZHAO_LIU, None)
    contexts.append(ctx)
    dialog = open_dialog(qtbot, ctx)
    assert dialog.kind() == "retake" and not dialog.refusal.isVisible()
    dialog.phone.setText("13912345678")
    dialog.reason.setPlainText("想再考一次。")
    with qtbot.waitSignal(dialog.submitted, timeout=10000) as sent:
        dialog.submit_button.click()
    decide(ui_server, sent.args[0]["id"], False, "请先联系培训机构复习后再申请。")
    with qtbot.waitSignal(dialog.applications_loaded, timeout=10000):
        dialog.load()
    assert "未通过" in dialog.rows[0] and "请先联系培训机构复习后再申请。" in dialog.rows[0]
    qtbot.wait(200)
    dialog.grab().save(str(shots_dir / "applications_rejected.png"))

    # Applied again and approved: 5 more attempts (APPLY-3).
    dialog.phone.setText("13912345678")
    dialog.reason.setPlainText("已复习。")
    with qtbot.waitSignal(dialog.submitted, timeout=10000) as again:
        dialog.submit_button.click()
    decide(ui_server, again.args[0]["id"], True)
    exam = ctx.api.me()["enrollments"][0]["exam"]
    assert exam["attempts_allowed"] == 10 and exam["open"]


def test_the_server_refusal_is_shown_when_the_client_could_not_tell(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any],  # noqa: F811
) -> None:
    # RULES: APPLY-2
    ctx = signed_in(client_options, ui_server, WANG_WU, None)
    contexts.append(ctx)
    dialog = open_dialog(qtbot, ctx)
    # Neither kind is possible for 王五 (study open, attempts left): said at once.
    assert dialog.refusal.text() == "学习期限结束后才能申请延期。"
    assert not dialog.submit_button.isEnabled()
    # A client that believed otherwise (its clock days ahead) still gets the server's word.
    from datetime import timedelta

    dialog.today += timedelta(days=400)
    dialog._check_form()
    dialog.phone.setText("13712345678")
    dialog.reason.setPlainText("测试")
    assert dialog.submit_button.isEnabled()
    dialog.submit_button.click()
    qtbot.waitUntil(lambda: dialog.refusal.isVisible(), timeout=10000)
    assert dialog.refusal.text() == "学习期限结束后才能申请延期。"
    assert not dialog.submit_button.isEnabled()
