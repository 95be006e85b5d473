"""The lessons list against the real server on loopback: each lesson with its progress and
way in, the total, the study period, unpaid and closed study explained (LEARN-1, LEARN-5,
LEARN-6), downloads for offline study (resume, checksum), and English screens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.lesson_screens import (
    CHINESE,
    ZHANG_SAN,
    lead_owned_fragments,
    open_list,
    signed_in,
    visible_texts,
)
from tests.support.live_server import LiveServer

WANG_WU = "532501198811200037"  # every lesson credited
QIAN_QI = "530302196909300057"  # paid 35 days ago, half watched: study closed
ZHOU_JIU = "530102199001010079"  # not paid


@pytest.fixture
def sign_in(client_options: Any, ui_server: LiveServer) -> Iterator[Callable[[str], Any]]:
    made: list[Any] = []

    def make(id_number: str) -> Any:
        ctx = signed_in(client_options, ui_server, id_number)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.shutdown()


def test_each_lesson_shows_its_progress_and_the_way_in(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], shots_dir: Path
) -> None:
    # RULES: LEARN-1, LEARN-5
    ctx = sign_in(ZHANG_SAN)
    window = open_list(qtbot, ctx)
    assert len(window.lessons) >= 4 and len(window.rows) == len(window.lessons)
    first = window.rows[window.lessons[0]["id"]]
    assert first.open_button.text() == "开始学习"
    assert window.lessons[0]["title"] in first.heading.text()
    assert "学时" in first.facts.text() and first.percent.text() == "0%"
    assert window.total_percent.text() == "0%"
    assert "剩余" in window.days.text() and "天" in window.days.text()
    assert "学习期限" in window.period.text() and "年" in window.period.text()
    assert window.start_button.objectName() == "start_lesson_button"
    assert "第 1 课" in window.start_button.text()
    window.resize(1100, 780)
    qtbot.wait(200)
    window.grab().save(str(shots_dir / "lessons-list.png"))


def test_a_trainee_with_every_lesson_credited_sees_them_complete(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any]
) -> None:
    # RULES: LEARN-2, LEARN-5
    window = open_list(qtbot, sign_in(WANG_WU))
    assert all(row.open_button.text() == "重新观看" for row in window.rows.values())
    assert all(row.percent.text() == "100%" for row in window.rows.values())
    assert window.total_percent.text() == "100%"
    assert not window.start_button.isEnabled()
    assert "考试" in window.start_why.text()  # a disabled button says why


def test_the_first_focus_lands_on_a_shown_button(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any]
) -> None:
    """Every lesson watched: the focus goes to the first row's 重新观看 as the list comes,
    and that button is shown then (a row added to a shown window showed only on the next
    turn of the loop, and Tab from a hidden button skips its hidden neighbours)."""
    from app.ui.lessons.lesson_list import LessonsWindow

    ctx = sign_in(WANG_WU)
    window = LessonsWindow(ctx, ctx.me["enrollments"][0])
    qtbot.addWidget(window)
    seen: list[tuple[Any, bool]] = []
    window.lessons_loaded.connect(
        lambda _lessons: seen.append((window.focusWidget(), window.focusWidget().isVisible())))
    with qtbot.waitSignal(window.lessons_loaded, timeout=15000):
        window.show()
    first = window.rows[window.lessons[0]["id"]].open_button
    assert seen[0] == (first, True)


def test_unpaid_study_is_explained_with_the_payment_line(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], shots_dir: Path
) -> None:
    # RULES: LEARN-6, PAY-1
    window = open_list(qtbot, sign_in(ZHOU_JIU), expect_problem=True)
    assert "缴费" in window.problem_text.text()
    assert "0871-" in window.problem_support.text()
    assert not window.start_button.isEnabled() and window.start_why.text()
    assert not window.rows
    window.grab().save(str(shots_dir / "lessons-unpaid.png"))


def test_closed_study_is_explained_with_what_to_do(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any]
) -> None:
    # RULES: LEARN-6
    window = open_list(qtbot, sign_in(QIAN_QI), expect_problem=True)
    assert "学习期限" in window.problem_text.text() and "延期" in window.problem_text.text()
    assert "0871-" in window.problem_support.text()
    assert not window.days.isVisible()


def test_a_download_completes_and_a_corrupted_part_is_caught(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any]
) -> None:
    from app.sync.download import part_path, sha256_of
    from app.ui.lessons.downloads import download_path, downloaded_file

    ctx = sign_in(ZHANG_SAN)
    window = open_list(qtbot, ctx)
    first, second = window.lessons[0], window.lessons[1]
    row = window.rows[first["id"]]
    qtbot.waitUntil(row.download_button.isVisible, timeout=5000)
    row.download_button.click()
    qtbot.waitUntil(lambda: downloaded_file(ctx, first) is not None, timeout=20000)
    qtbot.waitUntil(lambda: "下载完成" in row.download_state.text(), timeout=5000)
    path = downloaded_file(ctx, first)
    assert path is not None and sha256_of(path) == first["media"]["sha256"]
    assert path.parent == ctx.options.downloads_dir
    assert row.delete_button.isVisible() and not row.download_button.isVisible()

    # A partial download whose bytes went bad on disk: resumed, then refused by the checksum.
    other = window.rows[second["id"]]
    part = part_path(download_path(ctx, second))
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"\0" * (int(second["media"]["bytes"]) // 2))
    other.show_download_state()
    assert other.download_button.text() == "继续下载"
    other.download_button.click()
    qtbot.waitUntil(lambda: "损坏" in other.download_state.text(), timeout=20000)
    assert not part.exists() and downloaded_file(ctx, second) is None
    assert other.download_button.isVisible()


def assert_english(window: Any, data: set[str]) -> None:
    for text in visible_texts(window):
        for item in sorted(data, key=len, reverse=True):
            text = text.replace(item, "")
        assert not CHINESE.search(text), text


def test_offline_the_last_list_shows_and_downloaded_lessons_stay_available(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], ui_server: LiveServer
) -> None:
    # RULES: SYNC-1
    from app.ui.lessons.downloads import downloaded_file

    ctx = sign_in(ZHANG_SAN)
    window = open_list(qtbot, ctx)
    first = window.lessons[0]
    window.rows[first["id"]].download_button.click()
    qtbot.waitUntil(lambda: downloaded_file(ctx, first) is not None, timeout=20000)
    window.close()
    ui_server.stop()  # the network is gone
    offline = open_list(qtbot, ctx)
    assert [x["id"] for x in offline.lessons] == [x["id"] for x in window.lessons]
    assert "无法连接服务器" in offline.problem_text.text() and offline.problem.isVisible()
    row = offline.rows[first["id"]]
    assert "没有网络也能学习" in row.download_state.text()
    assert row.open_button.isEnabled() and offline.start_button.isEnabled()
    # One not downloaded cannot be studied now, and says so (not a button that fails).
    second = offline.rows[window.lessons[1]["id"]]
    assert not second.open_button.isEnabled() and not second.download_button.isVisible()
    assert "联网后才能学习" in second.download_state.text()


def test_the_list_speaks_english_with_the_english_catalogues(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], shots_dir: Path
) -> None:
    from app.qt import QLocale
    from app.ui.kit.i18n import install_translators

    translators = install_translators(styled_app, "en")
    try:
        ctx = sign_in(ZHANG_SAN)
        window = open_list(qtbot, ctx)
        enrollment = ctx.me["enrollments"][0]
        data = {lesson["title"] for lesson in window.lessons} | {enrollment["trade"]["name"]}
        assert_english(window, data | set(lead_owned_fragments(enrollment)))
        assert "Start: Lesson 1" in window.start_button.text()
        window.resize(1100, 780)
        qtbot.wait(300)
        window.grab().save(str(shots_dir / "lessons-list-en.png"))
        unpaid = open_list(qtbot, sign_in(ZHOU_JIU), expect_problem=True)
        enrollment = unpaid.enrollment
        assert "not paid" in unpaid.problem_text.text()
        owned = set(lead_owned_fragments(enrollment))
        assert_english(unpaid, {enrollment["trade"]["name"]} | owned)
    finally:
        for translator in translators:
            styled_app.removeTranslator(translator)
        QLocale.setDefault(QLocale("zh_CN"))


def offline_list(
    qtbot: Any, sign_in: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, Callable[[], None]]:
    """张三's list opened once, then again with the server unreachable (the kept list and
    the offline notice, asked again every 0.3 s); and what brings the network back."""
    from app.sync.errors import OfflineError
    from app.ui.lessons import lesson_list

    monkeypatch.setattr(lesson_list, "OFFLINE_RETRY_MS", 300)
    ctx = sign_in(ZHANG_SAN)
    open_list(qtbot, ctx).close()  # the list is kept on this PC
    answer = ctx.api.lessons

    def unreachable(_enrollment_id: str) -> Any:
        raise OfflineError("offline", "connection refused")

    monkeypatch.setattr(ctx.api, "lessons", unreachable)
    window = open_list(qtbot, ctx)
    assert window.problem.isVisible() and "无法连接服务器" in window.problem_text.text()
    return window, lambda: monkeypatch.setattr(ctx.api, "lessons", answer)


def test_the_offline_notice_goes_when_the_server_answers_again(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 15: stale notices cleared when their cause is gone.
    window, network_back = offline_list(qtbot, sign_in, monkeypatch)
    network_back()
    qtbot.waitUntil(lambda: not window.problem.isVisible(), timeout=10000)


def test_a_hidden_list_stops_asking_the_server_and_asks_again_when_shown(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list left open but hidden (behind the home page, a closed kiosk screen) sends no
    # requests nobody sees; shown again, it asks at once.
    window, network_back = offline_list(qtbot, sign_in, monkeypatch)
    assert window._offline_retry.isActive()
    window.hide()
    assert not window._offline_retry.isActive()
    with qtbot.waitSignal(window.lessons_loaded, timeout=15000):
        window.refresh()  # an answer that arrives while hidden starts no timer either
    assert not window._offline_retry.isActive()
    network_back()
    window.show()
    qtbot.waitUntil(lambda: not window.problem.isVisible(), timeout=10000)
    assert not window._offline_retry.isActive()


def test_the_closed_notice_goes_when_me_says_the_study_is_open_again(
    styled_app: Any, qtbot: Any, sign_in: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 15: an extension granted (or a payment made) while the list is open.
    from app.sync.errors import ApiError

    ctx = sign_in(ZHANG_SAN)
    answer = ctx.api.lessons

    def closed(_enrollment_id: str) -> Any:
        raise ApiError("study_closed", "study closed", status=403)

    monkeypatch.setattr(ctx.api, "lessons", closed)
    window = open_list(qtbot, ctx, expect_problem=True)
    assert window.problem.isVisible() and "申请延期" in window.problem_text.text()
    monkeypatch.setattr(ctx.api, "lessons", answer)  # the extension is granted
    ctx.publish_me(ctx.refresh_me())
    qtbot.waitUntil(lambda: not window.problem.isVisible(), timeout=10000)
    assert window.start_button.isEnabled() and window.start_why.text() == ""
