"""Help (all support lines, each with its topic, RULES.md) and About (the version, for
staff: F1 anywhere; trainees never need it, so Help does not show it)."""

from __future__ import annotations

import platform

import app as cedu
from app.core import support
from app.qt import QT_VERSION, QDialog, QFormLayout, QVBoxLayout, QWidget
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import label, primary_button
from app.ui.kit.words import support_line


def support_lines() -> list[tuple[str, str]]:
    return [
        (translate("Help", "软件安装、登录、人脸识别、考试、延期、补考"), support.SUPPORT_CLIENT),
        (translate("Help", "继续教育学习问题"), support.SUPPORT_QUESTIONS),
        (translate("Help", "缴费系统登录与缴费"), support.SUPPORT_PAYMENT),
        (translate("Help", "证书查询、证书类别、报名"), support.SUPPORT_CERTIFICATE),
        (translate("Help", "发票查询"), support.SUPPORT_INVOICE),
    ]


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "帮助"))
        column = QVBoxLayout(self)
        column.addWidget(label(translate("Help", "遇到问题可以拨打以下电话"), "heading"))
        self.setMinimumWidth(720)  # the longest topic on one or two whole lines
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for topic, line in support_lines():
            form.addRow(label(topic), label(support_line(line), "heading"))
        column.addLayout(form)
        column.addWidget(label(translate(
            "Help",
            "学习流程：登录 → 设置本人照片 → 人脸识别 → 看完全部课程 → 参加考试 → "
            "打印学时证明。",
        )))
        close = primary_button(translate("Help", "关闭"))
        close.clicked.connect(self.accept)
        column.addWidget(close)


class AboutText(QWidget):
    def __init__(self, server_url: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        version = translate("Help", "cedu 继续教育学习客户端 版本 %1")
        version = version.replace("%1", cedu.__version__)
        column.addWidget(label(version, "hint"))
        column.addWidget(label(f"Qt {QT_VERSION} · Python {platform.python_version()}", "hint"))
        if server_url:
            server = translate("Help", "服务器：%1").replace("%1", server_url)
            column.addWidget(label(server, "hint"))


class AboutDialog(QDialog):
    def __init__(self, server_url: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "关于"))
        column = QVBoxLayout(self)
        column.addWidget(label(translate("Help", "建设行业继续教育"), "title"))
        column.addWidget(AboutText(server_url))
        close = primary_button(translate("Help", "关闭"))
        close.clicked.connect(self.accept)
        column.addWidget(close)
