"""Every screen on a trainee's real PC (issue 15): at 1024x768, 1366x768 and 1920x1080
(less a 40 px taskbar) each demo trainee's card shows its main button whole, the sync
bar stays in view, and focus starts on the main action; the lessons list and the lesson
window keep their main button and the whole panel on screen. Screenshots of each go to
$CEDU_SHOTS_DIR as fit-<screen>-<size>.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.display, pytest.mark.timeout(240)]

SIZES = [(1024, 768), (1366, 768), (1920, 1080)]
TASKBAR_PX = 40  # Windows 10/11's taskbar at 100 %
NEW_PASSWORD = "Anquan2026!"
TRAINEES = {
    "zhangsan": "530102198001010015", "wangwu": "532501198811200037",
    "zhaoliu": "53290119920607004X", "qianqi": "530302196909300057",
    "sunba": "530102198505050061", "zhoujiu": "530102199001010079",
}


def fully_shown(widget: Any) -> bool:
    """Visible and not clipped by its window, a scroll area or a sibling."""
    return bool(widget.isVisible()) and widget.visibleRegion().boundingRect() == widget.rect()


def set_screen(qtbot: Any, window: Any, size: tuple[int, int]) -> None:
    """The window as maximised on a screen of `size` with the taskbar at the bottom."""
    from app.qt import QApplication, QSize, Qt

    width, height = size[0], size[1] - TASKBAR_PX
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(0, 0, width, height)
    qtbot.waitUntil(lambda: window.size() == QSize(width, height), timeout=5000)
    QApplication.processEvents()


def shoot(shots_dir: Path, window: Any, name: str, size: tuple[int, int]) -> None:
    window.grab().save(str(shots_dir / f"fit-{name}-{size[0]}x{size[1]}.png"))


@pytest.fixture
def main_window(styled_app: Any, client_options: Any, qtbot: Any) -> Iterator[Any]:
    from app.ui.launch import create_main_window

    window, _server = create_main_window(client_options)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.ctx.shutdown()


def test_every_cards_main_button_and_the_sync_bar_fit_every_screen(
    main_window: Any, qtbot: Any, ui_server: LiveServer, shots_dir: Path
) -> None:
    window = main_window
    ui_server.ready_trainee(TRAINEES["wangwu"], NEW_PASSWORD)
    page = window.login_page
    page.id_edit.setText(TRAINEES["wangwu"])
    page.password_edit.setText(NEW_PASSWORD)
    page.agree_box.setChecked(True)
    page.login_button.click()
    qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=15000)
    home = window.home_page
    for name, id_number in TRAINEES.items():
        token = ui_server.ready_trainee(id_number, NEW_PASSWORD) if name != "wangwu" else None
        me = ui_server.call("GET", "/me", token or window.ctx.api.token).json()
        window.ctx.publish_me(me)
        card = home.cards[0]
        for size in SIZES:
            set_screen(qtbot, window, size)
            if card.main_button is not None:
                assert fully_shown(card.main_button), (name, size)
            assert fully_shown(home.sync_bar), (name, size)
            assert fully_shown(card.reason), (name, size)
            if name in ("zhangsan", "qianqi", "sunba"):
                shoot(shots_dir, window, f"home-{name}", size)
        if card.main_button is not None:
            assert window.focusWidget() is card.main_button, name  # Enter does it
