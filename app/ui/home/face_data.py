"""The home page's face data card (FACE-8): where to go for supervised study (人工核验)
when the trainee declined or withdrew consent or staff approved it, the supervised
session this login is, and the way to withdraw consent."""

from __future__ import annotations

from app.qt import QHBoxLayout, QMessageBox, Signal
from app.sync import wire
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, button, label


def centre_text(study: wire.SupervisedStudy) -> str:
    centre = study["centre"]
    where = centre["name"]
    if centre["address"]:
        where += translate("FaceData", "（%1）").replace("%1", centre["address"])
    return translate(
        "FaceData",
        "请携带本人身份证到%1，由工作人员核验身份后在监督下学习和考试，不需要人脸识别。"
        "地址和开放时间请致电 %2。",
    ).replace("%1", where).replace("%2", centre["phone"])


class FaceDataCard(Card):
    """Shown when there is something to say: supervised study, or consent to withdraw."""

    withdraw = Signal()
    apply = Signal()  # 申请人工核验 (reviewed by staff, like extensions and retakes)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("face_data_card")
        self.heading = label("", "heading")
        self.text = label("")
        self.withdraw_button = button(
            translate("FaceData", "撤回人脸信息授权"), name="withdraw_consent_button"
        )
        self.withdraw_button.clicked.connect(self._confirm_withdrawal)
        self.apply_button = button(
            translate("FaceData", "申请人工核验"), name="apply_supervised_study_button"
        )
        self.apply_button.clicked.connect(self.apply)
        row = QHBoxLayout()
        row.addWidget(self.withdraw_button)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.text)
        self.body.addLayout(row)

    def show_me(self, me: wire.Me) -> bool:
        """Fills the card from /me; False when it has nothing to say."""
        consent = me.get("face_consent", {"state": "none"})["state"]
        study = me.get("supervised_study")
        session = study["session"] if study else None
        self.withdraw_button.setVisible(consent == "granted" and session is None)
        declined = consent in ("declined", "withdrawn")
        self.apply_button.setVisible(declined and session is None and bool(me["enrollments"]))
        if session is not None:
            self.heading.setText(translate("FaceData", "工作人员监督学习中"))
            self.text.setText(translate(
                "FaceData", "本次登录由工作人员 %1 在%2核验身份后开启，学习时不需要人脸识别。"
            ).replace("%1", session["clerk"]).replace("%2", session["place"]))
        elif study is not None and study["available"]:
            self.heading.setText(translate("FaceData", "人工核验：到培训点学习"))
            self.text.setText(centre_text(study))
        elif consent == "granted":
            self.heading.setText(translate("FaceData", "人脸信息"))
            self.text.setText(translate(
                "FaceData",
                "您已同意使用人脸识别学习。撤回后，服务器和本电脑上的照片和人脸特征值会立即删除，"
                "之后可到培训点由工作人员核验身份后学习。",
            ))
        else:
            return False
        return True

    def _confirm_withdrawal(self) -> None:
        answer = QMessageBox.question(
            self,
            translate("FaceData", "撤回人脸信息授权"),
            translate(
                "FaceData",
                "撤回后，您的本人照片和人脸特征值会立即删除，不能再用人脸识别学习，"
                "需要到培训点由工作人员核验身份后学习。确定撤回吗？",
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.withdraw.emit()
