"""The lesson list: trainees, signing in, opening the list, the texts a screen shows."""

from __future__ import annotations

import re
from typing import Any

from tests.support.live_server import LiveServer

ZHANG_SAN = "530102198001010015"  # paid today, nothing watched


NEW_PASSWORD = "Anquan2026!"


CHINESE = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def signed_in(options: Any, server: LiveServer, id_number: str) -> Any:
    """An AppContext logged in as the trainee (password changed), its sender running."""
    from app.ui.kit.context import AppContext

    server.ready_trainee(id_number, NEW_PASSWORD)
    ctx = AppContext(options, options.server_url)
    ctx.begin_session(ctx.api.login(id_number, NEW_PASSWORD))
    ctx.refresh_me()
    return ctx


def open_list(qtbot: Any, ctx: Any, *, expect_problem: bool = False) -> Any:
    from app.ui.lessons.lesson_list import LessonsWindow

    assert ctx.me is not None
    window = LessonsWindow(ctx, ctx.me["enrollments"][0])
    qtbot.addWidget(window)
    signal = window.problem_shown if expect_problem else window.lessons_loaded
    with qtbot.waitSignal(signal, timeout=15000):
        window.show()
    return window


def visible_texts(root: Any) -> list[str]:
    from app.qt import QAbstractButton, QLabel

    texts = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text():
            texts.append(widget.text())
    texts.append(root.windowTitle())
    return texts


def lead_owned_fragments(enrollment: Any) -> list[str]:
    """Text the lead's shared helpers make (dates, the support sentence): their own
    catalogues (widgets.ts, texts.ts) decide their language, not this screen's."""
    from app.core import support
    from app.ui.kit.context import enrollment_title
    from app.ui.kit.widgets import format_date
    from app.ui.kit.words import support_sentence

    study = enrollment["study"]
    lines = [support.SUPPORT_PAYMENT, support.SUPPORT_CLIENT]
    dates = [format_date(study["opens_on"]), format_date(study["closes_on"])]
    return [enrollment_title(enrollment), *dates] + [
        support_sentence(line) for line in lines
    ]
