"""Small building blocks every screen uses, so they all look and read alike (UX.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from app.core.beijing import beijing_date, in_beijing
from app.qt import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QObject,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from app.ui.kit.i18n import translate


def label(text: str, role: str | None = None, *, wrap: bool = True) -> QLabel:
    """A label; `role` is its style (title, heading, big, reason, error, ok, hint)."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    set_by_name(widget, "textInteractionFlags", "TextSelectableByMouse")
    if role:
        _role_of_new(widget, role)
    return widget


def set_role(widget: QWidget, role: str) -> None:
    """The style of a widget (the `role` property the style sheet keys on); re-polished
    so a change shows at once.

    The widgets made here take their role without this: a widget not yet shown has not
    been polished, and its first show polishes it with the role in place. Calling
    `widget.style()` before the login window shows would also make PySide build the
    QStyle classes and their many enums, ~45 ms on a 2-core PC."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def _role_of_new(widget: QWidget, role: str) -> None:
    """The role of a widget just made: its first show polishes it (see set_role)."""
    widget.setProperty("role", role)


def set_by_name(target: QObject, name: str, keys: str) -> None:
    """Set the enum or flags property `name` by its keys' C++ names ("AlignRight").

    For what the login window sets before it first shows: naming `Qt.AlignmentFlag`
    would make PySide build every enum of the Qt namespace (app.qt), 35 ms on a 2-core
    PC; Qt's property system reads the names itself."""
    if not target.setProperty(name, keys):
        raise ValueError(f"{type(target).__name__} has no {name} taking {keys!r}")


def primary_button(
    text: str, accessible_name: str | None = None, *,
    name: str = "", on_click: Callable[[], object] | None = None,
) -> QPushButton:
    """The screen's one main action: first, big, blue."""
    widget = button(text, accessible_name, name=name, on_click=on_click)
    _role_of_new(widget, "primary")
    widget.setDefault(True)
    return widget


def button(
    text: str, accessible_name: str | None = None, *,
    name: str = "", on_click: Callable[[], object] | None = None,
) -> QPushButton:
    """A button; `name` is its object name (tests and the style find it by it)."""
    widget = QPushButton(text)
    widget.setAccessibleName(accessible_name or text)
    # Enter presses the focused button as Space does (older trainees reach for Enter); in a
    # dialog the main action stays the default while focus is in a text box.
    widget.setAutoDefault(True)
    if name:
        widget.setObjectName(name)
    if on_click is not None:
        widget.clicked.connect(on_click)
    return widget


def centre(page: QWidget, column: QVBoxLayout, max_width: int) -> None:
    """A form in a column no wider than the eye can follow, centred on a wide screen."""
    box = QWidget()
    box.setLayout(column)
    box.setMaximumWidth(max_width)
    outer = QHBoxLayout(page)
    outer.addStretch(1)
    outer.addWidget(box, 4)
    outer.addStretch(1)


def add_shown(column: QBoxLayout, widget: QWidget) -> None:
    """Add `widget` to a page's column and show it now. A layout shows a new child of a
    visible page only on the next turn of the event loop: a focus set before that sits
    on a hidden widget, from which Tab skips the hidden ones next to it (issue 15: a
    card's main button Tabbed to the header's 设备检测)."""
    column.addWidget(widget)
    widget.setVisible(True)


def discard(widget: QWidget) -> None:
    """Take `widget` off its page for good: hidden by hand, out of its layout, deleted
    later. Only unparented, a widget made and replaced within one turn of the loop still
    had the layout's queued show coming, and showed as a window of its own (a home card
    at 10,10 over the page, issue 15)."""
    widget.hide()
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if layout is not None:
        layout.removeWidget(widget)  # also from a layout nested in it
    widget.deleteLater()


def at_left(widget: QWidget) -> QHBoxLayout:
    """`widget` at its own width on the left of a column."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def action_row(actions: Sequence[QWidget], why_disabled: QLabel, close: QWidget) -> QHBoxLayout:
    """A dialog's bottom row: its actions first, then why they are off, 关闭 last."""
    row = QHBoxLayout()
    for widget in actions:
        row.addWidget(widget)
    row.addWidget(why_disabled, 1)
    row.addWidget(close)
    return row


class Card(QFrame):
    """A white rounded panel holding one thing (an enrollment, a check result)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _role_of_new(self, "card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 16)
        self.body.setSpacing(8)


def format_date(value: date | datetime | str | None) -> str:
    """2026年12月24日 (UX.md), the Beijing day of a moment (app.core.beijing)."""
    if value is None or value == "":
        return ""
    day = beijing_date(value)
    text = translate("Widgets", "%1年%2月%3日")
    return text.replace("%1", str(day.year)).replace("%2", str(day.month)).replace(
        "%3", str(day.day)
    )


def format_month_day(value: date | datetime | str | None) -> str:
    """12月24日: a day of this year, short (「已提交，等待审核（12月24日）」)."""
    if value is None or value == "":
        return ""
    day = beijing_date(value)
    text = translate("Widgets", "%1月%2日")
    return text.replace("%1", str(day.month)).replace("%2", str(day.day))


def format_time(value: datetime) -> str:
    """14:05 (UX.md), in Beijing time whatever the PC's time zone."""
    return in_beijing(value).strftime("%H:%M")


def format_duration(seconds: float) -> str:
    """1小时05分 for long spans, 5分钟 for short ones (UX.md)."""
    total_minutes = max(0, round(seconds / 60))
    hours, minutes = divmod(total_minutes, 60)
    if hours:
        text = translate("Widgets", "%1小时%2分")
        return text.replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
    return translate("Widgets", "%1分钟").replace("%1", str(minutes))


def format_clock(seconds: float) -> str:
    """05:12 or 1:05:12 for timers (UX.md)."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
