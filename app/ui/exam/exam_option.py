"""An exam option whose text wraps to its column (issue 15).

A QRadioButton or QCheckBox lays its text out on one line and never narrower: the bank's
longest option (50 characters) is ~1,200 px at 18 pt, so on a 1024x768 screen, where the
question's column is ~370 px, the question grew a horizontal scroll bar and the option
ran off the screen. These options draw the style's box and indicator, then their text
word-wrapped in the room left, and tell the layout their height for a width.
"""

from __future__ import annotations

from typing import cast

from app.qt import (
    QAbstractButton,
    QCheckBox,
    QFontMetrics,
    QPaintEvent,
    QPalette,
    QPoint,
    QRadioButton,
    QRect,
    QSize,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    Qt,
)

# Narrower than this, a column of Chinese text reads as a list of single characters.
MIN_TEXT_CHARS = 6
# What the option asks for when there is room: a comfortable line, not the whole text.
PREFERRED_TEXT_CHARS = 24


class _Wrapping:
    """The wrapping part, shared by the radio button and the check box: each names its
    style's control, contents and size type."""

    _element: QStyle.ControlElement
    _contents: QStyle.SubElement
    _size_type: QStyle.ContentsType

    def __init__(self, text: str) -> None:
        super().__init__(text)  # type: ignore[call-arg]  # the Qt button's, next in the MRO
        button = self._button
        policy = button.sizePolicy()
        # A radio button's height is Fixed at its one-line hint; these grow by lines.
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        policy.setVerticalPolicy(QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        button.setSizePolicy(policy)

    @property
    def _button(self) -> QAbstractButton:
        return cast(QAbstractButton, self)

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)  # type: ignore[attr-defined]
        return option

    def _wrap_flags(self) -> int:
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                   | Qt.TextFlag.TextWordWrap)

    def _size_for_text(self, text_size: QSize) -> QSize:
        button = self._button
        return button.style().sizeFromContents(self._size_type, self._option(), text_size, button)

    def _text_height(self, text_width: int) -> int:
        button = self._button
        metrics = QFontMetrics(button.font())
        bounds = metrics.boundingRect(QRect(0, 0, max(1, text_width), 100_000),
                                      self._wrap_flags(), button.text())
        return max(bounds.height(), metrics.height())

    def _frame_width(self) -> int:
        """What the indicator, the spacing, the padding and the border take of the width."""
        return self._size_for_text(QSize(0, 0)).width()

    def _width_at_chars(self, chars: int) -> int:
        button = self._button
        metrics = QFontMetrics(button.font())
        text_width = min(metrics.horizontalAdvance("中") * chars,
                         metrics.horizontalAdvance(button.text()) + 1)
        return text_width + self._frame_width()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        text_width = max(1, width - self._frame_width())
        return self._size_for_text(QSize(text_width, self._text_height(text_width))).height()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        width = self._width_at_chars(PREFERRED_TEXT_CHARS)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As narrow as still reads; one line high (the layout asks the height for the
        width it gives, and a taller minimum would leave gaps on a wide screen)."""
        button = self._button
        line = self._size_for_text(QSize(0, QFontMetrics(button.font()).height())).height()
        return QSize(self._width_at_chars(MIN_TEXT_CHARS), line)

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 (Qt's name)
        """Anywhere on the option, wrapped lines included, ticks it."""
        button = self._button
        return button.rect().contains(pos)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        button = self._button
        option = self._option()
        text = option.text
        option.text = ""  # the style draws the box, the focus border and the indicator
        painter = QStylePainter(button)
        painter.drawControl(self._element, option)
        room = button.style().subElementRect(self._contents, option, button)
        button.style().drawItemText(painter, room, self._wrap_flags(), option.palette,
                                    button.isEnabled(), text, QPalette.ColorRole.WindowText)


class WrappingRadioButton(_Wrapping, QRadioButton):
    _element = QStyle.ControlElement.CE_RadioButton
    _contents = QStyle.SubElement.SE_RadioButtonContents
    _size_type = QStyle.ContentsType.CT_RadioButton


class WrappingCheckBox(_Wrapping, QCheckBox):
    _element = QStyle.ControlElement.CE_CheckBox
    _contents = QStyle.SubElement.SE_CheckBoxContents
    _size_type = QStyle.ContentsType.CT_CheckBox
