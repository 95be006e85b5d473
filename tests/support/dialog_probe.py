"""The kiosk's clerk sign-in dialog (FACE-8) on a real screen of some size, showing the
server's longest refusal (a clerk at their limit of four, named): whether every text fits
its widget, whether any two widgets overlap, and whether the dialog lies inside the
screen's free area.

Run as `python -m tests.support.dialog_probe SHOTS_DIR` on a display of the size to check
(a fresh Xvfb: tests.support.xvfb). Prints one JSON line; saves the screen as
`fit-supervision-<w>x<h>.png` in SHOTS_DIR.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

# What the server says at the limit of four (services.supervision), names masked.
LIMIT_MESSAGE = (
    "您正在监督 4 位学员（张*、赵*、钱*、欧阳**），已达同时监督 4 位的上限。"
    "请让其中一位学员退出登录，或在管理后台「监督学习」页面结束一位，再为下一位开始。"
)


def text_fits(widget: Any) -> bool:
    """The widget is as big as its text asks: a wrapped label its height at its width, a
    field its line of text (its size hint moves by its focus frame's 2 px)."""
    from app.qt import QLabel, QLineEdit

    if isinstance(widget, QLabel) and widget.wordWrap():
        return widget.heightForWidth(widget.width()) <= widget.height()
    if isinstance(widget, QLineEdit):
        room = widget.contentsRect()
        metrics = widget.fontMetrics()
        return (metrics.height() <= room.height()
                and metrics.horizontalAdvance(widget.displayText()) <= room.width())
    hint = widget.sizeHint()
    return bool(hint.width() <= widget.width() and hint.height() <= widget.height())


def leaves(dialog: Any) -> list[Any]:
    """The visible widgets a person reads or uses (labels, fields, the box, buttons)."""
    from app.qt import QAbstractButton, QLabel, QLineEdit, QWidget

    kinds = (QLabel, QLineEdit, QAbstractButton)
    return [w for w in dialog.findChildren(QWidget) if isinstance(w, kinds) and w.isVisible()]


def main(shots_dir: str) -> None:
    from app.qt import QApplication, QRect, QWidget
    from app.sync.errors import ApiError
    from app.ui.account.supervision import SupervisionDialog
    from app.ui.kit.errors import describe, problem_text
    from app.ui.kit.style import apply_style
    from tests.support.home_probe import settle

    app = QApplication([])
    apply_style(app)
    parent = QWidget()  # the login window, over the screen's free area
    parent.setGeometry(app.primaryScreen().availableGeometry())
    parent.show()
    dialog = SupervisionDialog(SimpleNamespace(), parent)  # type: ignore[arg-type]
    dialog.open()
    settle(dialog.isVisible)
    dialog.clerk_edit.setText("admin")
    dialog.clerk_password_edit.setText("a-password-of-staff")
    dialog.id_edit.setText("532501198811200037")
    dialog.id_card_box.setChecked(True)
    refusal = ApiError("supervision_limit", LIMIT_MESSAGE, status=409)
    dialog.show_problem(problem_text(describe(refusal)))
    for _ in range(5):  # the resize and the layouts' requests carried out
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    widgets = leaves(dialog)
    rects = {id(w): QRect(w.mapTo(dialog, w.rect().topLeft()), w.size()) for w in widgets}
    names = {id(w): w.objectName() or (w.text() if hasattr(w, "text") else "")[:12]
             for w in widgets}
    overlaps = [
        (names[id(a)], names[id(b)])
        for i, a in enumerate(widgets) for b in widgets[i + 1:]
        if rects[id(a)].intersects(rects[id(b)])
    ]
    screen = dialog.screen()
    free = screen.availableGeometry()
    size = f"{screen.geometry().width()}x{screen.geometry().height()}"
    screen.grabWindow(0).save(str(Path(shots_dir) / f"fit-supervision-{size}.png"))
    print(json.dumps({
        "screen": size,
        "dialog": dialog.frameGeometry().getRect(),
        "inside": free.contains(dialog.frameGeometry()),
        "error_shown": dialog.error.isVisible() and "上限" in dialog.error.text(),
        "cut": [names[id(w)] for w in widgets if not text_fits(w)],
        "overlaps": overlaps,
        "widgets": len(widgets),
    }))
    dialog.close()
    parent.close()


if __name__ == "__main__":
    main(sys.argv[1])
