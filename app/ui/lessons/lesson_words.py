"""The lesson window's words: the player's notices and errors, the face-check state, the
sync state and the server's refusals of progress (PROG-5), in plain words (UX.md).

The player layer speaks Chinese constants without a catalogue; the window shows these
translated sentences instead, keyed by the player's notice kinds and error reasons.
"""

from __future__ import annotations

from app.core import support
from app.sync.sender import SenderState, SenderStatus
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import format_clock, format_time


def guard_notice_text(kind: str, frontier_s: float) -> str:
    """For `LessonPlayer.guard_notice` kinds (app.player.lesson_player.GuardNotice)."""
    if kind in ("seek_refused", "seek_undone"):
        return translate(
            "LessonTexts", "不能拖动到尚未学习的位置。您已学到 %1，后面的内容请按顺序观看。"
        ).replace("%1", format_clock(frontier_s))
    if kind == "rate_reset":
        return translate("LessonTexts", "学习视频只能以正常速度（1倍速）播放。")
    if kind == "window_pause":
        return translate(
            "LessonTexts",
            "窗口已最小化或切换到其他程序，视频已暂停，这段时间不计入学时。"
            "回到本窗口后请点击“播放”继续。",
        )
    if kind == "rewound":
        return translate(
            "LessonTexts", "没有看到您的脸时播放的内容不计入学时，已退回到 %1 继续学习。"
        ).replace("%1", format_clock(frontier_s))
    if kind in ("check_hold", "resume_refused"):
        return translate("LessonTexts", "请先完成人脸识别，通过后才能继续播放。")
    return ""


def player_error_text(reason: str) -> str:
    """For `LessonPlayer.error` reasons (app.player.state.ErrorReason)."""
    if reason == "media_forbidden":
        return translate("LessonTexts", "视频链接已过期，正在重新获取，请稍候。")
    if reason == "network":
        return translate(
            "LessonTexts",
            "网络连接中断，视频无法继续播放。请检查网络后点击“播放”，学习记录已保存。",
        )
    if reason == "media_missing":
        return translate("LessonTexts", "找不到这个课时的视频文件，请在课程列表中重新下载。")
    text = translate("LessonTexts", "视频文件已损坏，无法播放。请重新下载课时，或致电 %1 求助。")
    return text.replace("%1", support.SUPPORT_CLIENT)


def check_needed_text(reason: str) -> str:
    """Why a face check interrupts the lesson (ProctorSession.check_needed reasons)."""
    if reason == "no_face_60s":
        return translate("LessonTexts", "有一分钟没有看到您的脸，视频已暂停，请重新进行人脸识别。")
    if reason == "many_faces":
        return translate("LessonTexts", "画面中有不止一个人，视频已暂停，请本人重新进行人脸识别。")
    return translate("LessonTexts", "需要再次确认是本人在学习，视频已暂停，请进行人脸识别。")


def refusal_text(reason: str | None) -> str:
    """PROG-5: why the server did not credit a stretch (API.md refusal reasons)."""
    table = {
        "faster_than_real_time": translate("LessonTexts", "播放速度不正常"),
        "beyond_furthest_point": translate("LessonTexts", "跳过了尚未学习的内容"),
        "no_face_check": translate("LessonTexts", "没有通过人脸识别"),
        "face_check_failed": translate("LessonTexts", "人脸识别未通过"),
        "study_closed": translate("LessonTexts", "学习期限已结束"),
        "after_session_replaced": translate("LessonTexts", "账号已在其他设备登录"),
    }
    return table.get(reason or "", translate("LessonTexts", "记录不完整"))


def refused_summary(count: int, reason: str | None) -> str:
    text = translate("LessonTexts", "有 %1 段学习记录没有计入学时（原因：%2）。")
    return text.replace("%1", str(count)).replace("%2", refusal_text(reason))


def sync_text(status: SenderStatus, journaled: int) -> tuple[str, str]:
    """(text, role) for this lesson's sync state."""
    if not journaled and not status.pending:
        return translate("LessonTexts", "学习记录会先保存在本机，再自动上传。"), "hint"
    if status.state is SenderState.HALTED and status.pending:
        return translate("LessonTexts", "学习记录已保存在本机，重新登录后上传。"), "reason"
    if status.state is SenderState.OFFLINE and status.pending:
        return translate(
            "LessonTexts", "学习记录已保存在本机，暂时无法连接服务器，联网后自动上传。"
        ), "reason"
    if status.pending:
        return translate("LessonTexts", "学习记录已保存在本机，正在上传…"), "hint"
    text = translate("LessonTexts", "学习记录已上传")
    if status.last_success_at is not None:
        when = format_time(status.last_success_at)
        text += translate("LessonTexts", "（%1）").replace("%1", when)
    return text, "ok"
