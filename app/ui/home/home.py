"""Home: a greeting, the enrolled-photo reminder, one card per enrollment, and the sync
state at the bottom (pending items, offline since)."""

from __future__ import annotations

from app.core import support
from app.core.beijing import beijing_today
from app.core.ids import mask_id_number
from app.qt import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSignalBlocker,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.sync.sender import SenderState, SenderStatus
from app.ui.home.face_data import FaceDataCard
from app.ui.home.home_card import ACTION_APPLICATIONS, ACTION_SET_PHOTO, EnrollmentCard
from app.ui.kit import errors
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import (
    Card,
    add_shown,
    button,
    discard,
    format_month_day,
    format_time,
    label,
    set_role,
)


class SyncBar(QFrame):
    """「全部学习记录已上传」 or 「3 条记录待上传（14:05 起未联网）」, with 立即上传."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        set_role(self, "statusbar")
        self.text = label("", "hint")
        self.text.setObjectName("sync_state_label")
        self.send_now = button(translate("Home", "立即上传"))
        self.send_now.setObjectName("send_now_button")
        self.send_now.clicked.connect(self._send_now)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.send_now)
        ctx.signals.sync_status.connect(self.show_status, Qt.ConnectionType.QueuedConnection)
        self.show_status(ctx.outbox.status)

    @Slot(object)
    def show_status(self, status: SenderStatus) -> None:
        if self.ctx.offline_since is not None and self.ctx.id_number is not None:
            # Signed in offline: nothing is sent before the real login (issue 16).
            pending = self.ctx.journal.pending_count(self.ctx.id_number)
            text = translate("Home", "%1 条学习记录保存在本机，联网后自动上传").replace(
                "%1", str(pending)) if pending else translate("Home", "离线：没有待上传的学习记录")
            self.text.setText(text)
            self.send_now.hide()
            return
        if status.state is SenderState.OFFLINE and status.offline_since is not None:
            text = translate("Home", "%1 条记录待上传（%2 起无法连接服务器，联网后自动上传）")
            text = text.replace("%1", str(status.pending)).replace(
                "%2", format_time(status.offline_since))
        elif status.state is SenderState.HALTED:
            text = translate("Home", "%1 条记录待上传，重新登录后继续上传").replace(
                "%1", str(status.pending))
        elif status.pending:
            text = translate("Home", "%1 条记录正在上传…").replace("%1", str(status.pending))
        else:
            text = translate("Home", "全部学习记录已上传")
            if status.last_success_at is not None:
                when = format_time(status.last_success_at)
                text += translate("Home", "（%1）").replace("%1", when)
        self.text.setText(text)
        self.send_now.setVisible(status.pending > 0)

    def _send_now(self) -> None:
        self.ctx.outbox.wake()


class HomePage(QWidget):
    action = Signal(str, object)  # forwarded from the cards: (ACTION_*, enrollment)
    set_photo = Signal()
    self_check = Signal()
    change_password = Signal()
    show_help = Signal()
    log_out = Signal()
    end_supervision = Signal()  # FACE-8: a clerk ends the kiosk's supervised session

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.greeting = label("", "title")
        self.id_line = label("", "hint")
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.greeting)
        names.addWidget(self.id_line)
        header.addLayout(names, 1)
        self.header_buttons: dict[str, QWidget] = {}
        for text, name, signal in (
            (translate("Home", "设备检测"), "self_check_button", self.self_check),
            (translate("Home", "修改密码"), "change_password_home_button", self.change_password),
            (translate("Home", "帮助"), "help_button", self.show_help),
            (translate("Home", "结束监督"), "end_supervision_button", self.end_supervision),
            (translate("Home", "退出登录"), "logout_button", self.log_out),
        ):
            widget = button(text)
            widget.setObjectName(name)
            widget.clicked.connect(signal)
            header.addWidget(widget)
            self.header_buttons[name] = widget
        # Spoken prompts (issue 16), the trainee's own setting; hidden when the command
        # line turned them off for this PC (a training room).
        self.voice_box = QCheckBox(translate("Home", "语音提示"))
        self.voice_box.setObjectName("voice_prompts_box")
        self.voice_box.setToolTip(translate(
            "Home", "人脸识别时朗读要做的动作，考试时朗读剩余时间"))
        self.voice_box.setAccessibleName(translate("Home", "语音提示"))
        self.voice_box.setVisible(ctx.options.voice_prompts)
        self.voice_box.toggled.connect(ctx.set_voice)
        header.insertWidget(1, self.voice_box)
        # Signed in offline (issue 16): since when, and what waits for the network.
        self.offline_note = Card()
        self.offline_note.setObjectName("offline_note")
        self.offline_title = label("", "heading", wrap=False)
        self.offline_title.setObjectName("offline_since_label")
        self.offline_data_age = label("", "hint")
        self.offline_data_age.setObjectName("offline_data_age_label")
        # Since when and how old the view is, on one line: at 1024x768 the note's fourth
        # line pushed the card below it past the screen's bottom.
        since = QHBoxLayout()
        since.setSpacing(16)
        since.addWidget(self.offline_title)
        since.addWidget(self.offline_data_age, 1)
        self.offline_note.body.addLayout(since)
        self.offline_note.body.addWidget(label(translate(
            "Home", "已下载的课时可以照常学习，学习记录保存在本机，联网后自动上传并计入学时。"),
            "ok"))
        self.offline_note.body.addWidget(label(translate(
            "Home", "考试、延期和补考申请、上传照片、打印学时证明需要联网，联网后再办理。"),
            "reason"))
        self.offline_note.hide()

        self.cards_box = QVBoxLayout()
        self.cards_box.setSpacing(16)
        self.face_data = FaceDataCard()
        self.face_data.withdraw.connect(self._withdraw)
        self.face_data.apply.connect(self._apply_supervised_study)
        self.face_data.hide()
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.offline_note)
        inner_layout.addWidget(self.face_data)
        inner_layout.addLayout(self.cards_box)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)

        self.sync_bar = SyncBar(ctx)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 16, 24, 0)
        column.addLayout(header)
        column.addWidget(scroll, 1)
        column.addWidget(self.sync_bar)
        self.cards: list[EnrollmentCard] = []
        self._notes: list[QWidget] = []  # 「您还没有继续教育项目」, made anew like the cards
        ctx.signals.me_changed.connect(self.show_me)

    @Slot(object)
    def show_me(self, me: wire.Me) -> None:
        self.greeting.setText(translate("Home", "您好，%1").replace("%1", me["name"]))
        self.id_line.setText(translate("Home", "身份证号 %1").replace(
            "%1", mask_id_number(me["id_number"])))
        study = me.get("supervised_study")
        # FACE-8: a clerk's supervised login studies without a photo or face checks.
        supervised = bool(study and study["session"] and study["session"]["active"])
        photo_set = me["photo"]["status"] != "missing" or supervised
        with QSignalBlocker(self.voice_box):
            self.voice_box.setChecked(self.ctx.voice().enabled)
        offline = self.ctx.offline_since is not None
        self.offline_note.setVisible(offline)
        if self.ctx.offline_since is not None:
            self.offline_title.setText(translate("Home", "离线，自 %1 起").replace(
                "%1", format_time(self.ctx.offline_since)))
            read_at = self.ctx.offline_data_at or self.ctx.offline_since
            self.offline_data_age.setText(translate(
                "Home", "下面是 %1 %2 联网时的信息，离线学习的学时联网后才会计入。").replace(
                "%1", format_month_day(read_at)).replace("%2", format_time(read_at)))
        self.header_buttons["change_password_home_button"].setVisible(not offline)
        self.header_buttons["end_supervision_button"].setVisible(supervised and not offline)
        self.face_data.setVisible(self.face_data.show_me(me) and not offline)
        self.sync_bar.show_status(self.ctx.outbox.status)
        kept = self._focus_in_cards()
        for old in (*self.cards, *self._notes):
            discard(old)
        self.cards, self._notes = [], []
        today = beijing_today()
        if not me["enrollments"]:
            self._notes.append(EnrollmentlessNote())
            add_shown(self.cards_box, self._notes[-1])
        for enrollment in me["enrollments"]:
            card = EnrollmentCard(enrollment, today, photo_set=photo_set, offline=offline)
            card.action.connect(self._card_action)
            add_shown(self.cards_box, card)
            self.cards.append(card)
        self._focus_again(kept)

    def _focus_in_cards(self) -> tuple[int, str] | None:
        """Which card's button has the focus (the card's place, the button's name; "" for
        its main action), so a card made anew from /me keeps it (issue 15)."""
        focused = self.window().focusWidget()
        for index, card in enumerate(self.cards):
            if focused is not None and card.isAncestorOf(focused):
                return index, "" if focused is card.main_button else focused.objectName()
        return None

    def _focus_again(self, kept: tuple[int, str] | None) -> None:
        if kept is not None and kept[0] < len(self.cards):
            button = self.cards[kept[0]].buttons.get(kept[1])
            if button is not None and button is not self.cards[kept[0]].main_button:
                button.setFocus()
                return
        self.focus_main_action()

    def focus_main_action(self) -> None:
        """Focus starts on the first card's main action, so Enter does it (issue 15)."""
        for card in self.cards:
            if card.main_button is not None:
                card.main_button.setFocus()
                return

    def _withdraw(self) -> None:
        """FACE-8: consent withdrawn; the server and this PC delete the face data."""
        from app.ui.face.consent import withdraw

        def work() -> wire.Me:
            withdraw(self.ctx)
            return self.ctx.refresh_me()

        def failed(exc: Exception) -> None:
            errors.show_error(self, exc)

        run_in_background(self, work, on_success=self.ctx.publish_me, on_failure=failed)

    def _apply_supervised_study(self) -> None:
        me = self.ctx.me
        if me and me["enrollments"]:
            self.action.emit(ACTION_APPLICATIONS, me["enrollments"][0])

    @Slot(str, object)
    def _card_action(self, action: str, enrollment: wire.Enrollment) -> None:
        if action == ACTION_SET_PHOTO:
            self.set_photo.emit()
        else:
            self.action.emit(action, enrollment)


class EnrollmentlessNote(Card):
    def __init__(self) -> None:
        super().__init__()
        self.body.addWidget(label(translate(
            "Home", "您还没有继续教育项目。报名请登录省建设行业继续教育平台，或咨询 %1。"
        ).replace("%1", support.SUPPORT_CERTIFICATE)))
