"""One question at a time in large type, its options as big radio buttons (single choice,
true/false) or check boxes (multiple choice), and the navigator: a numbered button per
question, marked answered or not (EXAM-6)."""

from __future__ import annotations

from datetime import datetime

from app.qt import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QKeyEvent,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.ui.exam.exam_option import WrappingCheckBox, WrappingRadioButton
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import add_shown, discard, label, set_role

# Six columns: the navigator scrolls up and down (55 questions are 10 rows), so the
# question's column keeps the width at 1024x768 and the window never outgrows the screen.
NAVIGATOR_COLUMNS = 6

QUESTION_STYLE = """
QLabel#question_text { font-size: 20pt; }
QScrollArea#question_scroll, QWidget#question_view { background: transparent; }
QRadioButton, QCheckBox { font-size: 18pt; padding: 10px 8px; }
QRadioButton::indicator, QCheckBox::indicator { width: 30px; height: 30px; }
QPushButton[role="nav"] { min-width: 44px; min-height: 40px; padding: 2px; font-size: 13pt; }
QPushButton[role="nav_answered"] {
    min-width: 44px; min-height: 40px; padding: 2px; font-size: 13pt;
    background: #1a7f37; color: #ffffff; border: 1px solid #1a7f37;
}
QPushButton[role="nav"]:checked, QPushButton[role="nav_answered"]:checked {
    border: 3px solid #0b57d0;
}
"""


def option_for_key(text: str, count: int) -> int | None:
    """Keys 1-9 and A-Z (either case) name an option by its place: 1 or A is the first."""
    if len(text) != 1:
        return None
    if text.isdigit():
        index = int(text) - 1
    elif "a" <= text.lower() <= "z":
        index = ord(text.lower()) - ord("a")
    else:
        return None
    return index if 0 <= index < count else None


def kind_text(kind: str) -> str:
    if kind == "multiple":
        return translate("ExamQuestion", "多选题")
    if kind == "judge":
        return translate("ExamQuestion", "判断题")
    return translate("ExamQuestion", "单选题")


class QuestionView(QWidget):
    """Shows one question; emits `answered(question_id, keys)` on every change."""

    answered = Signal(str, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question: wire.Question | None = None
        self.setObjectName("question_view")
        self.heading = label("", "heading", wrap=True)
        self.heading.setObjectName("question_heading")
        self.text = QLabel()
        self.text.setObjectName("question_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hint = label("", "hint")
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.buttonToggled.connect(self._toggled)
        self.option_buttons: list[QAbstractButton] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        column.addWidget(self.heading)
        column.addWidget(self.text)
        column.addWidget(self.hint)
        column.addLayout(self.options_box)
        column.addStretch(1)

    def show_question(
        self, number: int, total: int, question: wire.Question, answer: list[str]
    ) -> None:
        self.question = question
        heading = translate("ExamQuestion", "第 %1 题 / 共 %2 题　%3（%4 分）")
        self.heading.setText(
            heading.replace("%1", str(number)).replace("%2", str(total))
            .replace("%3", kind_text(question["kind"])).replace("%4", str(question["points"]))
        )
        self.text.setText(question["text"])
        self.hint.setText(
            translate("ExamQuestion", "可选多项，全部选对才得分。")
            if question["kind"] == "multiple"
            else ""
        )
        self.hint.setVisible(question["kind"] == "multiple")
        for widget in self.option_buttons:
            self.group.removeButton(widget)
            discard(widget)
        self.option_buttons = []
        multiple = question["kind"] == "multiple"
        self.group.setExclusive(not multiple)
        for index, option in enumerate(question["options"]):
            text = f"{option['key']}. {option['text']}"
            choice: QAbstractButton = (
                WrappingCheckBox(text) if multiple else WrappingRadioButton(text)
            )
            choice.setObjectName(f"option_{option['key']}")
            choice.setAccessibleName(text)
            choice.setProperty("key", option["key"])
            choice.setChecked(option["key"] in answer)
            choice.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.group.addButton(choice, index)
            add_shown(self.options_box, choice)  # the focus below lands on a shown option
            self.option_buttons.append(choice)
        if self.option_buttons:
            self.option_buttons[0].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """1-4 or A-D choose an option without the mouse (a ticked box toggles); Tab and
        the arrow keys move between the options as everywhere."""
        index = option_for_key(event.text(), len(self.option_buttons))
        if index is None:
            super().keyPressEvent(event)
            return
        choice = self.option_buttons[index]
        choice.setFocus()
        choice.click()

    def chosen(self) -> list[str]:
        return sorted(str(b.property("key")) for b in self.option_buttons if b.isChecked())

    def choose(self, keys: list[str]) -> None:
        """Tick exactly `keys` (what a trainee's clicks do; tests and keyboard use it)."""
        for widget in self.option_buttons:
            if (str(widget.property("key")) in keys) != widget.isChecked():
                widget.click()

    @Slot(QAbstractButton, bool)
    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if self.question is None:
            return
        # A radio group toggles twice on a change (one off, one on): report once, on "on".
        if not checked and self.question["kind"] != "multiple":
            return
        self.answered.emit(self.question["id"], self.chosen())


class Navigator(QScrollArea):
    """A numbered button per question: green when answered; a click goes there. It
    scrolls up and down when the rows are more than the room, and keeps the current
    question's button in view."""

    chosen = Signal(int)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.buttons: list[QPushButton] = []
        for index in range(count):
            widget = QPushButton(str(index + 1))
            widget.setObjectName(f"nav_{index + 1}")
            widget.setCheckable(True)
            widget.setAutoDefault(False)
            widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            set_role(widget, "nav")
            widget.clicked.connect(self._clicked)
            grid.addWidget(widget, index // NAVIGATOR_COLUMNS, index % NAVIGATOR_COLUMNS)
            self.buttons.append(widget)
        self.setWidget(grid_widget)
        grid_widget.setAutoFillBackground(False)  # setWidget turned it on: the page's colour

    def fit_width(self) -> None:
        """As wide as its columns and a scroll bar (call once styled: the style sets the
        buttons' size), so the question's column gets the rest."""
        inner = self.widget()
        if inner is not None:
            inner.ensurePolished()
            for widget in self.buttons:
                widget.ensurePolished()
            width = inner.sizeHint().width() + self.verticalScrollBar().sizeHint().width() + 4
            self.setFixedWidth(width)

    def mark(self, index: int, answered: bool) -> None:
        widget = self.buttons[index]
        set_role(widget, "nav_answered" if answered else "nav")
        state = (
            translate("ExamQuestion", "已答") if answered else translate("ExamQuestion", "未答")
        )
        widget.setAccessibleName(
            translate("ExamQuestion", "第 %1 题，%2").replace("%1", str(index + 1))
            .replace("%2", state)
        )

    def current(self, index: int) -> None:
        for n, widget in enumerate(self.buttons):
            widget.setChecked(n == index)
        if 0 <= index < len(self.buttons):
            self.ensureWidgetVisible(self.buttons[index], 0, 6)

    @Slot()
    def _clicked(self) -> None:
        sender = self.sender()
        if isinstance(sender, QPushButton) and sender in self.buttons:
            self.chosen.emit(self.buttons.index(sender))


def attempt_minutes(attempt: wire.Attempt) -> int:
    """The attempt's length in minutes, from the server's start and deadline."""
    started = datetime.fromisoformat(attempt["started_at"])
    deadline = datetime.fromisoformat(attempt["deadline"])
    return round((deadline - started).total_seconds() / 60)


def question_scroll(view: QuestionView) -> QScrollArea:
    """The question in a frameless scroll area on the window's ground: a long question or
    large type on a small screen scrolls, never cuts."""
    scroll = QScrollArea()
    scroll.setObjectName("question_scroll")
    scroll.viewport().setAutoFillBackground(False)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(view)
    return scroll
