"""Large type and clear buttons (UX.md): body text at least 14 pt, main buttons 40 px+."""

from __future__ import annotations

from app.qt import QApplication, QFont
from app.ui.kit.resources import resource_path

BODY_POINT_SIZE = 15
# Fonts that hold Chinese, in order of preference (Windows, then Linux).
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
                "WenQuanYi Micro Hei", "Source Han Sans SC")


def body_font() -> QFont:
    """The first of CJK_FAMILIES the PC has, else Qt's default font with its fallbacks.

    Qt matches the list itself when the font is first used: listing the PC's families
    (QFontDatabase.families()) to choose one loaded every font's details, ~10 ms of the
    start-up on a 2-core PC. The self-check (设备检测) says when no Chinese font is there."""
    font = QFont()
    font.setFamilies(list(CJK_FAMILIES))
    font.setPointSize(BODY_POINT_SIZE)
    return font


def apply_style(app: QApplication) -> None:
    app.setFont(body_font())
    sheet = resource_path("styles", "cedu.qss")
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
