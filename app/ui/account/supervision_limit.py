"""The centre's limit on a supervised session at a kiosk (FACE-8). Past the supervision's
`ends_at` on the server's clock the server credits nothing more (progress refused
`supervision_ended`), though the login itself goes on. So the kiosk asks the server then
(GET /me) and, when it says the supervision is over, the trainee is signed out with the
reason, rather than watching a lesson that no longer counts. Never in the middle of an
exam: the attempt's own login answers it to its end (EXAM-1), so the question waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from app.core.clock import server_now
from app.qt import QObject, QTimer, Signal
from app.sync import wire
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate

log = logging.getLogger(__name__)
SLACK_S = 5.0  # asked a little after the limit: the server's "now" has passed it then
LEAST_WAIT_S = 10.0  # when the server still says it runs (clocks apart): not in a loop
BUSY_WAIT_S = 60.0  # an exam is on: asked again a minute later


def limit_words(supervision: wire.Supervision) -> str:
    started = datetime.fromisoformat(supervision["started_at"])
    minutes = round((datetime.fromisoformat(supervision["ends_at"]) - started).total_seconds() / 60)
    return translate("SupervisionLimit",
        "监督学习已到培训点规定的时长（%1 分钟），学员已退出登录，之后的学习不会计入学时。"
        "如需继续学习，请工作人员当面核验身份证后重新开始监督学习。",
    ).replace("%1", str(minutes))


class SupervisionLimit(QObject):
    """Armed from every /me of a supervised login; `reached` carries what to say."""

    reached = Signal(str)

    def __init__(self, ctx: AppContext, busy: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self.ctx, self.busy = ctx, busy
        self.supervision: wire.Supervision | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check)
        ctx.signals.me_changed.connect(self._arm)
        ctx.signals.logged_out.connect(self._stop)

    def _stop(self) -> None:
        self.supervision = None
        self.timer.stop()

    def _arm(self, _me: object) -> None:
        self.supervision = self.ctx.supervision()
        if self.supervision is None:
            self.timer.stop()
            return
        ends = datetime.fromisoformat(self.supervision["ends_at"])
        left = (ends - server_now()).total_seconds() + SLACK_S
        self.timer.start(int(max(left, LEAST_WAIT_S) * 1000))

    def check(self) -> None:
        """The timer's slot: does the server still supervise this login?"""
        if self.ctx.id_number is None or self.supervision is None:
            return
        if self.busy():
            self.timer.start(int(BUSY_WAIT_S * 1000))
            return
        asked = self.supervision
        run_in_background(
            self, self.ctx.api.me,
            on_success=lambda me: self._answered(asked, me),
            on_failure=lambda exc: log.info("supervision limit not asked: %s", exc),
        )

    def _answered(self, asked: wire.Supervision, me: wire.Me) -> None:
        if self.supervision is not asked:
            return  # signed out, or another login, meanwhile
        study = me.get("supervised_study")
        session = study["session"] if study else None
        if session is not None and session["id"] == asked["id"] and not session["active"]:
            log.info("kiosk: supervision %s reached the centre's limit", asked["id"])
            self.reached.emit(limit_words(asked))
            return
        self.ctx.publish_me(me)  # still running (or another): armed again from it
