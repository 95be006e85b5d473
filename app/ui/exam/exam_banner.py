"""The exam window's banner and what it says: the warnings recorded as incidents (the
window left, the face watch: EXAM-7), the time up (EXAM-2), and why an offline exam is
neither submitted nor left yet. Plain words (UX.md): what happened, what to do now."""

from __future__ import annotations

from app.qt import QLabel
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import label


def banner_label() -> QLabel:
    """The banner itself, hidden until a warning: its room is kept, shown or not (two
    lines), so the question and the options never move under the mouse when a warning
    appears (issue 15)."""
    banner = label("", "error")
    banner.setObjectName("exam_banner")
    banner.setVisible(False)
    policy = banner.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    banner.setSizePolicy(policy)
    banner.setMinimumHeight(56)  # two lines of 15 pt, as the login hint
    return banner


def incident_warning(kind: str) -> str:
    """For the face watch's incident kinds (API.md incidents)."""
    if kind == "no_face":
        return translate("ExamBanner", "摄像头没有看到您，请正对摄像头作答。已记录。")
    if kind == "many_faces":
        return translate("ExamBanner", "画面中有不止一个人，请只让本人在镜头前。已记录。")
    if kind == "identity_failed":
        return translate("ExamBanner", "人脸核对与本人照片不一致，已记录。请本人参加考试。")
    return translate("ExamBanner", "已记录一次考试异常。")


def programs_running_warning(names: list[str]) -> str:
    """EXAM-7: forbidden programs started during the exam, still running."""
    return translate(
        "ExamBanner", "考试中不能运行以下程序：%1。这已被记录，请立即关闭。"
    ).replace("%1", "、".join(names))


def programs_closed_text() -> str:
    return translate("ExamBanner", "程序已关闭，请继续作答。")


def left_window_warning() -> str:
    return translate("ExamBanner", "您离开了考试窗口，这已被记录。请留在考试窗口内作答。")


def time_up_text() -> str:
    return translate("ExamBanner", "考试时间到，正在按已保存的答案交卷…")


def submitting_text() -> str:
    return translate("ExamBanner", "正在交卷…")


def submit_waiting_text() -> str:
    return translate(
        "ExamBanner", "暂时无法连接服务器，还没有交卷。答案都已保存在本机，联网后会自动交卷。"
    )


def cannot_leave_offline_text() -> str:
    return translate(
        "ExamBanner",
        "暂时无法连接服务器，现在不能退出考试。断网不算离开考试：答案已保存，联网后可继续作答。",
    )
