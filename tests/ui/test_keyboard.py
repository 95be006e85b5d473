"""The client without a mouse (issue 15): exam options by Tab/arrows and by 1-4 / A-D, and
every focusable control named for a screen reader."""

from __future__ import annotations

from typing import Any

import pytest

from app.ui.exam.exam_question import option_for_key

pytestmark = pytest.mark.display

SINGLE: Any = {"id": "q1", "kind": "single", "text": "安全帽的作用是？", "points": 2,
               "options": [{"key": k, "text": t} for k, t in
                           zip("ABCD", ["防晒", "防止头部受伤", "装饰", "防雨"], strict=True)]}
MULTIPLE: Any = {**SINGLE, "id": "q2", "kind": "multiple"}


def test_keys_name_options_by_place() -> None:
    assert [option_for_key(k, 4) for k in "1234"] == [0, 1, 2, 3]
    assert [option_for_key(k, 4) for k in "abcdABCD"] == [0, 1, 2, 3, 0, 1, 2, 3]
    assert option_for_key("5", 4) is None and option_for_key("e", 4) is None
    assert option_for_key("0", 4) is None and option_for_key("", 4) is None
    assert option_for_key("B", 2) == 1 and option_for_key("C", 2) is None  # true/false


def test_exam_options_answer_from_the_keyboard(styled_app: Any, qtbot: Any) -> None:
    from app.qt import Qt
    from app.ui.exam.exam_question import QuestionView

    view = QuestionView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    answers: list[list[str]] = []
    view.answered.connect(lambda _qid, keys: answers.append(keys))
    view.show_question(1, 2, SINGLE, [])
    focused = view.option_buttons[0]
    qtbot.keyClick(focused, "3")
    assert view.chosen() == ["C"] and answers[-1] == ["C"]
    qtbot.keyClick(view.option_buttons[2], "b")
    assert view.chosen() == ["B"]
    view.show_question(2, 2, MULTIPLE, [])
    for key in ("a", "4", "a", "2"):
        qtbot.keyClick(view.option_buttons[0], key)
    assert view.chosen() == ["B", "D"]
    for choice in view.option_buttons:  # every option has a name a screen reader says
        assert choice.accessibleName() and choice.focusPolicy() & Qt.FocusPolicy.TabFocus
