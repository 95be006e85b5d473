"""The face data consent screen (FACE-8): a screen of its own, before the first photo or
face check, separate from the login's agreement. It says what is collected, why, where it
is kept, who sees it, for how long, and how to withdraw; 同意 and 不同意 are equal choices
(same size, same style, neither pre-selected). The server records the decision with the
text's version; 不同意 leads to supervised study at a training centre instead."""

from __future__ import annotations

from typing import Any

from app.core import support
from app.qt import QDialog, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget
from app.ui.kit import errors
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import button, label

# Bump when the text below changes: the server records which text each decision answered.
CONSENT_TEXT_VERSION = "2026-12-06"


def consent_sections() -> list[tuple[str, str]]:
    """The 人脸信息处理同意书, section by section (heading, text)."""
    return [
        (translate("Consent", "收集哪些信息"), translate(
            "Consent",
            "您的本人照片（头像）；由照片计算出的人脸特征值（一串数字，用于比对）；"
            "人脸识别没有通过时，当次识别的几张人脸小图（作为核查依据）。"
            "摄像头画面只在本机处理，不保存、不上传。",
        )),
        (translate("Consent", "为什么收集"), translate(
            "Consent",
            "继续教育的学时和考试成绩必须是本人完成。学习和考试时用摄像头与照片比对，"
            "确认是您本人在学习。",
        )),
        (translate("Consent", "保存在哪里，谁能看到"), translate(
            "Consent",
            "照片和特征值保存在省继续教育服务器上；为了断网时也能识别，本电脑也保存一份"
            "特征值。只有识别程序使用它们；未通过识别的人脸小图只有审核工作人员可以查看。"
            "不向其他单位提供，不用于其他用途。",
        )),
        (translate("Consent", "保存多久"), translate(
            "Consent",
            "照片和特征值在您最后一个继续教育项目合格或结束满一年后自动删除；"
            "未通过识别的人脸小图保存30天后自动删除。学时、考试成绩等培训记录按规定长期保存。",
        )),
        (translate("Consent", "您可以随时撤回"), translate(
            "Consent",
            "在首页点击「撤回人脸信息授权」，服务器和本电脑上的照片、特征值会立即删除。"
            "撤回或不同意后，您仍可以学习：携带身份证到培训点，由工作人员核验身份后"
            "在监督下学习和考试（人工核验）。",
        )),
        (translate("Consent", "依据"), translate(
            "Consent",
            "国家网信办、公安部《人脸识别技术应用安全管理办法》（2025年6月1日起施行）。"
            "有疑问请致电 %1。",
        ).replace("%1", support.SUPPORT_CLIENT)),
    ]


class ConsentDialog(QDialog):
    """Accepted once the server recorded 同意; rejected after 不同意 (recorded too) or
    when closed without a choice (nothing recorded)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.decision: bool | None = None
        self.setObjectName("consent_dialog")
        self.setWindowTitle(translate("Consent", "人脸信息处理同意书"))
        self.resize(720, 600)
        body = QWidget()
        text = QVBoxLayout(body)
        text.addWidget(label(translate(
            "Consent",
            "使用人脸识别学习前，请阅读以下说明，再选择是否同意。不同意也可以学习。",
        )))
        for heading, paragraph in consent_sections():
            text.addWidget(label(heading, "heading"))
            text.addWidget(label(paragraph))
        text.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        column = QVBoxLayout(self)
        column.addWidget(label(translate("Consent", "人脸信息处理同意书"), "title"))
        column.addWidget(scroll, 1)
        self.problem = label("", "error")
        self.problem.hide()
        column.addWidget(self.problem)
        # Equal choices: the same kind of button, side by side, neither the default.
        self.agree_button = button(translate("Consent", "同意"), name="consent_agree_button")
        self.decline_button = button(
            translate("Consent", "不同意"), name="consent_decline_button"
        )
        self.agree_button.clicked.connect(lambda: self._decide(True))
        self.decline_button.clicked.connect(lambda: self._decide(False))
        row = QHBoxLayout()
        for choice in (self.agree_button, self.decline_button):
            choice.setMinimumHeight(48)
            choice.setAutoDefault(False)  # Enter must not choose for the trainee
            row.addWidget(choice, 1)
        column.addLayout(row)
        scroll.setFocus()  # the text first; neither choice pre-selected

    def _decide(self, agree: bool) -> None:
        self.agree_button.setEnabled(False)
        self.decline_button.setEnabled(False)
        self.problem.hide()

        def done(_answer: Any) -> None:
            self.decision = agree
            self.done(QDialog.DialogCode.Accepted if agree else QDialog.DialogCode.Rejected)

        def failed(exc: Exception) -> None:
            self.agree_button.setEnabled(True)
            self.decline_button.setEnabled(True)
            self.problem.setText(errors.problem_text(errors.describe(exc)))
            self.problem.show()

        run_in_background(
            self,
            lambda: self.ctx.api.decide_consent(agree, CONSENT_TEXT_VERSION),
            on_success=done,
            on_failure=failed,
        )


def withdraw(ctx: AppContext) -> None:
    """FACE-8, run in the background: the server deletes the photo, its template and the
    evidence crops; then this PC's copy of the template goes too."""
    from app.ui.face.check_runner import forget_enrolled

    ctx.api.decide_consent(False, CONSENT_TEXT_VERSION)
    forget_enrolled(ctx)
