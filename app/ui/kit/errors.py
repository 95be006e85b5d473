"""The one error display (DESIGN.md): every failure ends here, as the message, what to do,
the support line when a person can help, and the code in small type for support staff.

Errors that end the session (401: replaced, expired) are not shown here but handed to
the session-lost handler the main window registers, which returns to the login screen
with the message (ACC-4: 「您的账号已在其他设备登录」).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from app.core.errors import DomainError
from app.qt import QMessageBox, Qt, QWidget
from app.sync.errors import ApiError, AuthError, OfflineError, PasswordChangeRequiredError
from app.ui.kit.i18n import translate
from app.ui.kit.words import error_text, reason_text, support_for, support_sentence

log = logging.getLogger(__name__)
_session_lost_handler: Callable[[str], None] | None = None
_open_boxes: set[QMessageBox] = set()


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    support: str | None = None


def set_session_lost_handler(handler: Callable[[str], None] | None) -> None:
    global _session_lost_handler
    _session_lost_handler = handler


# Reason names that two codes share (`length`) are kept apart by a prefix in texts.py.
_REASON_PREFIX = {"weak_password": "password_", "invalid_id_number": "id_"}
# Reasons whose words say what happened in place of the code's general words.
_REASON_SAYS_ALL = {("not_logged_in", "supervision_ended_by_staff")}


def finer_text(code: str, reason: str | None) -> str | None:
    if not reason:
        return None
    return reason_text(_REASON_PREFIX.get(code, "") + reason)


def describe(exc: BaseException) -> Problem:
    """Plain words for any failure: ours first, the server's message as the fallback."""
    if isinstance(exc, OfflineError):
        return Problem("offline", error_text("offline") or exc.message)
    if isinstance(exc, ApiError):
        message = error_text(exc.code) or exc.message
        finer = finer_text(exc.code, exc.reason)
        if finer and (exc.code, exc.reason) in _REASON_SAYS_ALL:
            message = finer
        elif finer:
            message = f"{message}\n{finer}"
        line = exc.support or support_for(exc.code)
        return Problem(exc.code, message, line)
    if isinstance(exc, DomainError):
        finer = finer_text(exc.code, exc.reason)
        return Problem(exc.code, finer or _client_text(exc.code) or exc.message, exc.support)
    if isinstance(exc, OSError):
        log.warning("local failure", exc_info=exc)
        text = translate("Errors", "本机出现问题（%1），请重试。")
        return Problem("local_error", text.replace("%1", str(exc.strerror or exc)))
    log.error("unexpected failure", exc_info=exc)
    text = translate("Errors", "程序出现意外问题，请重试。")
    return Problem("unexpected", text, support_for("unexpected"))


def _client_text(code: str) -> str | None:
    """The client's own errors, translatable (app.sync keeps its message in Chinese)."""
    if code == "disk_full":  # JournalFullError: the words of DISK_FULL_MESSAGE
        return translate(
            "Errors",
            "电脑磁盘空间已满，学习记录无法保存。请删除不用的文件后继续学习；已保存的记录不受影响。",
        )
    return None


def problem_text(problem: Problem) -> str:
    lines = [problem.message]
    if problem.support:
        lines.append(support_sentence(problem.support))
    return "\n".join(lines)


def show_error(
    parent: QWidget | None, exc: BaseException, *, title: str | None = None
) -> QMessageBox | None:
    """The message box, opened window-modal with `open()`: callers are often queued
    callbacks, and `exec()`'s nested event loop would run other callbacks in the middle
    of theirs. Returns the box (None when the session-lost handler took the error)."""
    if (
        isinstance(exc, AuthError)
        and not isinstance(exc, PasswordChangeRequiredError)
        and _session_lost_handler is not None
    ):
        _session_lost_handler(describe(exc).message)
        return None
    problem = describe(exc)
    box = QMessageBox(parent)
    box.setObjectName("error_box")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or translate("Errors", "提示"))
    box.setText(problem_text(problem))
    box.setInformativeText(translate("Errors", "代码：%1").replace("%1", problem.code))
    box.setAccessibleName(problem.message)
    ok = box.addButton(translate("Errors", "知道了"), QMessageBox.ButtonRole.AcceptRole)
    ok.setObjectName("error_ok_button")
    box.setDefaultButton(ok)
    _open_boxes.add(box)  # a box without a parent would be collected while on screen
    box.finished.connect(lambda _code: _open_boxes.discard(box))
    box.destroyed.connect(lambda _obj=None: _open_boxes.discard(box))  # with its parent
    box.open()
    return box


def open_error_boxes() -> list[QMessageBox]:
    """The error boxes on screen (tests close them with their 知道了 button)."""
    shown = []
    for box in list(_open_boxes):
        try:
            if box.isVisible():
                shown.append(box)
        except RuntimeError:  # deleted with its parent before `destroyed` reached us
            _open_boxes.discard(box)
    return shown
