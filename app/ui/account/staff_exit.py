"""Ctrl+Alt+Q on a kiosk (training-centre PC): staff leave the full-screen shell with the
training centre's PIN (`CEDU_KIOSK_PIN`); without one set, nobody can."""

from __future__ import annotations

from app.qt import QLineEdit, QMessageBox, QWidget
from app.ui.kit.i18n import translate


def staff_allows_exit(parent: QWidget, pin: str | None) -> bool:
    """Asks for the PIN; True when the one typed is the PC's."""
    from app.qt import QInputDialog  # built on first use, not before the first paint

    if not pin:
        QMessageBox.information(parent, translate("Shell", "管理员退出"), translate(
            "Shell", "本机未设置管理员退出密码（CEDU_KIOSK_PIN），请联系培训点管理员。"))
        return False
    typed, ok = QInputDialog.getText(
        parent, translate("Shell", "管理员退出"), translate("Shell", "请输入管理员密码："),
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return False
    if typed != pin:
        QMessageBox.warning(parent, translate("Shell", "管理员退出"),
                            translate("Shell", "密码不正确。"))
        return False
    return True
