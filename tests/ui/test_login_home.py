"""Login, the forced password change, the session rules and the home cards, through the
real main window against the real server on loopback."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.support.home_screens import (
    NEW_PASSWORD,
    WANG_WU,
    ZHANG_SAN,
    log_in,
    main_window,
    ready,
)
from tests.support.live_server import LiveServer

__all__ = ["main_window"]  # fixtures used below

ZHAO_LIU = "53290119920607004X"  # 5 attempts used, best 45
SUN_BA = "530102198505050061"  # passed, renewal open
ZHOU_JIU = "530102199001010079"  # not paid


def test_id_number_is_checked_as_typed_and_agreement_starts_unticked(main_window: Any) -> None:
    # RULES: ACC-1, ACC-3
    page = main_window.login_page
    assert not page.agree_box.isChecked()
    page.id_edit.setText("53010219800101001")
    assert "17" in page.id_hint.text()
    page.id_edit.setText("530102198001010016")  # wrong check character
    assert "校验码" in page.id_hint.text()
    page.id_edit.setText("530102199002300015")  # 30 February
    assert "出生日期" in page.id_hint.text()
    page.id_edit.setText("53010219800101001x".upper().replace("X", "5"))
    assert not page.id_hint.isVisible() or page.id_hint.text() == ""
    page.password_edit.setText("12345678")
    assert not page.login_button.isEnabled()
    assert "用户协议" in page.login_why.text()
    page.agree_box.setChecked(True)
    assert page.login_button.isEnabled()


def test_first_login_forces_a_password_change_then_shows_home(
    main_window: Any, qtbot: Any, screenshot: Callable[[str], Path]
) -> None:
    # RULES: ACC-2
    log_in(qtbot, main_window, ZHANG_SAN)
    page = main_window.password_page
    assert main_window.stack.currentWidget() is page
    page.new_edit.setText("12345678")
    page.repeat_edit.setText("12345678")
    assert "初始密码" in page.hint.text() and not page.save_button.isEnabled()
    page.new_edit.setText("01010015")  # the ID's last 8 characters
    page.repeat_edit.setText("01010015")
    assert "后 8 位" in page.hint.text() and not page.save_button.isEnabled()
    page.new_edit.setText(NEW_PASSWORD)
    page.repeat_edit.setText(NEW_PASSWORD)
    screenshot("password-change")
    assert page.save_button.isEnabled()
    page.save_button.click()
    qtbot.waitUntil(lambda: bool(main_window.home_page.cards), timeout=15000)
    home = main_window.home_page
    assert "张三" in home.greeting.text()
    card = home.cards[0]
    # FACE-1: no photo yet, so the photo is the one main action; lessons wait for it.
    assert list(card.buttons) == ["set_photo_button"]
    assert "设置本人照片" in card.reason.text()
    screenshot("home-zhangsan")


def test_wrong_passwords_lock_the_account_with_the_unlock_time(
    main_window: Any, qtbot: Any
) -> None:
    # RULES: ACC-5
    page = main_window.login_page
    for _ in range(5):
        log_in(qtbot, main_window, WANG_WU, "wrong-password")
        assert "不正确" in page.error.text()
        page.error.hide()
    log_in(qtbot, main_window, WANG_WU, "wrong-password")
    assert "锁定" in page.error.text() and "请于" in page.error.text()
    assert "0871-63122229" in page.error.text()


def test_a_login_elsewhere_sends_this_client_back_to_login(
    main_window: Any, qtbot: Any, ui_server: LiveServer
) -> None:
    # RULES: ACC-4
    ready(qtbot, main_window, ui_server, WANG_WU)
    ui_server.login(WANG_WU, NEW_PASSWORD)  # another PC
    main_window.refresh()
    qtbot.waitUntil(lambda: main_window.stack.currentWidget() is main_window.login_page,
                    timeout=15000)
    assert "您的账号已在其他设备登录" in main_window.login_page.banner.text()


@pytest.mark.parametrize(
    ("id_number", "expect"),
    [
        (ZHOU_JIU, ["未缴费", "boss.edu.ynjspx.cn", "0871-68503755 转 6"]),
        (ZHAO_LIU, ["5 次考试机会已用完", "最高分 45"]),
        (SUN_BA, ["考试合格", "现在可以办理到期换证"]),
        (WANG_WU, ["学习期限", "剩余"]),
    ],
)
def test_home_cards_tell_the_state_of_each_enrollment(
    main_window: Any, qtbot: Any, ui_server: LiveServer, screenshot: Callable[[str], Path],
    id_number: str, expect: list[str],
) -> None:
    # RULES: PAY-1, EXAM-1, EXAM-5, CERT-2, LEARN-6
    from app.qt import QLabel

    ready(qtbot, main_window, ui_server, id_number)
    card = main_window.home_page.cards[0]
    text = "\n".join(widget.text() for widget in card.findChildren(QLabel))
    for needle in expect:
        assert needle in text, (needle, text)
    screenshot(f"home-{id_number}")
    if id_number == WANG_WU:  # every lesson credited, but no photo yet (FACE-1)
        assert "set_photo_button" in card.buttons and "exam_button" not in card.buttons
    if id_number == SUN_BA:
        assert "receipt_button" in card.buttons
    if id_number == ZHOU_JIU:
        assert "lessons_button" not in card.buttons


def test_kiosk_keeps_nothing_and_logs_out_when_idle(
    styled_app: Any, client_options: Any, qtbot: Any, ui_server: LiveServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Kiosk mode (issue 7): nothing of a trainee kept, idle logout, staff exit with a PIN.
    from app.qt import QInputDialog, QMessageBox
    from app.ui.launch import create_main_window

    options = replace(client_options, kiosk=True, kiosk_idle_s=1.5, kiosk_pin="2468")
    window, _ = create_main_window(options)
    qtbot.addWidget(window)
    window.show()
    try:
        downloads = options.downloads_dir
        downloads.mkdir(parents=True)
        (downloads / "lesson.mp4").write_bytes(b"cached video")
        ready(qtbot, window, ui_server, WANG_WU)
        assert window.ctx.credentials.memory_only
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page,
                        timeout=10000)
        assert "自动退出" in window.login_page.banner.text()
        assert not downloads.exists()
        assert window.login_page.id_edit.text() == ""  # the ID is not remembered
        assert window.ctx.credentials.token(WANG_WU) is None

        # Closing the shell asks staff for the PIN; a wrong one keeps it open.
        warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
        monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("1357", True))
        window.close()
        assert window.isVisible() and warnings == ["密码不正确。"]
        monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("2468", True))
        window.close()
        assert not window.isVisible()
    finally:
        window.ctx.shutdown()


def test_a_login_elsewhere_during_study_returns_to_login_through_the_sender(
    main_window: Any, qtbot: Any, ui_server: LiveServer
) -> None:
    # RULES: ACC-4, SYNC-3: while a lesson plays only the sender talks to the server; its
    # 401 session_replaced brings the client back to login, and the journal keeps the event.
    import datetime as dt
    import uuid

    ready(qtbot, main_window, ui_server, WANG_WU)
    ctx = main_window.ctx
    ui_server.login(WANG_WU, NEW_PASSWORD)  # another PC
    now = dt.datetime.now(dt.UTC)
    ctx.journal.append_progress(WANG_WU, {
        "event_id": str(uuid.uuid4()), "session_id": ctx.session_id, "lesson_id": 1,
        "from_s": 0.0, "to_s": 1.0, "started_at": (now - dt.timedelta(seconds=1)).isoformat(),
        "ended_at": now.isoformat(), "face_check_id": None,
    })
    ctx.sender.wake()
    qtbot.waitUntil(lambda: main_window.stack.currentWidget() is main_window.login_page,
                    timeout=20000)
    assert "您的账号已在其他设备登录" in main_window.login_page.banner.text()
    assert ctx.journal.pending_count(WANG_WU) == 1  # kept for the next login (SYNC-3)


def test_password_changed_from_home_and_self_check_offered_before_login(
    main_window: Any, qtbot: Any, ui_server: LiveServer, screenshot: Callable[[str], Path]
) -> None:
    """修改密码 on the home page (the current password asked for; a wrong one is told
    plainly and keeps the trainee signed in), and 设备检测 on the login page (issue 16)."""
    # RULES: ACC-2
    login = main_window.login_page
    check_button = login.findChild(object, "self_check_button")
    assert check_button is not None and check_button.isVisible()
    with qtbot.waitSignal(login.self_check, timeout=2000):
        check_button.click()
    main_window.close_windows()
    screenshot("login-with-self-check")

    ready(qtbot, main_window, ui_server, SUN_BA)
    home = main_window.home_page
    home.findChild(object, "change_password_home_button").click()
    page = main_window.password_page
    assert main_window.stack.currentWidget() is page and page.old_edit.isVisible()
    assert page.title.text() == "修改密码"
    page.new_edit.setText("Xinmima2027!")
    page.repeat_edit.setText("Xinmima2027!")
    assert "原密码" in page.hint.text() and not page.save_button.isEnabled()
    page.old_edit.setText("not-my-password")
    qtbot.wait(300)  # painted before the grab
    screenshot("password-change-from-home")
    page.save_button.click()
    qtbot.waitUntil(page.error.isVisible, timeout=15000)
    assert "原密码不正确" in page.error.text()
    assert main_window.stack.currentWidget() is page  # still signed in, still here

    page.old_edit.setText(NEW_PASSWORD)
    offline = main_window.ctx.offline_logins  # this PC's offline sign-in (issue 16)
    qtbot.waitUntil(lambda: offline.has(SUN_BA), timeout=15000)
    before = offline._read(SUN_BA)["verifier"]
    from app.qt import QMessageBox, QTimer

    def close_notice() -> None:
        for box in main_window.findChildren(QMessageBox):
            box.accept()

    QTimer.singleShot(1500, close_notice)
    page.save_button.click()
    qtbot.waitUntil(lambda: main_window.stack.currentWidget() is home, timeout=15000)
    # The offline sign-in's verifier follows the new password.
    from app.sync.errors import RefusedError

    qtbot.waitUntil(lambda: offline._read(SUN_BA)["verifier"] != before, timeout=15000)
    assert offline.sign_in(SUN_BA, "Xinmima2027!").id_number == SUN_BA
    with pytest.raises(RefusedError, match="bad_credentials"):
        offline.sign_in(SUN_BA, NEW_PASSWORD)
    main_window.log_out(confirm=False)
    assert not offline.has(SUN_BA)  # the login it journals under ended
    log_in(qtbot, main_window, SUN_BA, "Xinmima2027!")
    qtbot.waitUntil(lambda: main_window.stack.currentWidget() is home, timeout=15000)

