"""Large type and clear buttons (UX.md): body text at least 14 pt, main buttons 40 px+."""

from __future__ import annotations

from app.qt import QApplication, QFont, QFontDatabase
from app.ui.resources import resource_path

BODY_POINT_SIZE = 15
# Fonts that hold Chinese, in order of preference (Windows, then Linux).
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
                "WenQuanYi Micro Hei", "Source Han Sans SC")


def body_font() -> QFont:
    available = set(QFontDatabase.families())
    family = next((name for name in CJK_FAMILIES if name in available), None)
    font = QFont(family) if family else QFont()
    font.setPointSize(BODY_POINT_SIZE)
    return font


def apply_style(app: QApplication) -> None:
    app.setFont(body_font())
    sheet = resource_path("styles", "cedu.qss")
    if sheet.is_file():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
