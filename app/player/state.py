"""The words the player speaks in: playback states, error reasons and their messages.

Qt-free, so the tracker, the guard and the UI's tests can share them without a display.
"""

from enum import StrEnum
from typing import Final

from app.core.support import SUPPORT_CLIENT


class PlaybackState(StrEnum):
    """Where playback is. `loading` covers opening and buffering before the first frame."""

    IDLE = "idle"
    LOADING = "loading"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    ERROR = "error"


class ErrorReason(StrEnum):
    """Why playback failed; the caller acts on the reason, the trainee reads the message."""

    # The signed media URL was refused (API.md: 403 bad_signature, usually expired): the
    # caller fetches a fresh URL and reloads at the same position.
    MEDIA_FORBIDDEN = "media_forbidden"
    # The server could not be reached, or the stream broke or stalled midway.
    NETWORK = "network"
    # The file (or what the server sent) cannot be decoded.
    MEDIA_BROKEN = "media_broken"
    # A local file that is not there, or a 404 from the server.
    MEDIA_MISSING = "media_missing"


ERROR_MESSAGES: Final[dict[ErrorReason, str]] = {
    ErrorReason.MEDIA_FORBIDDEN: "视频链接已过期，正在重新获取，请稍候。",
    ErrorReason.NETWORK: "网络连接中断，视频无法继续播放。请检查网络后重试，学习进度已保存。",
    ErrorReason.MEDIA_BROKEN: (
        f"视频文件已损坏，无法播放。请重新下载课时，或致电 {SUPPORT_CLIENT} 求助。"
    ),
    ErrorReason.MEDIA_MISSING: "找不到这个课时的视频文件，请重新下载课时。",
}

# LEARN-3: what the trainee reads when a seek beyond the credited frontier is refused.
SEEK_REFUSED_MESSAGE: Final = "不能拖动到尚未学习的位置"
RATE_LOCKED_MESSAGE: Final = "学习视频只能以正常速度（1倍速）播放"
WINDOW_PAUSE_MESSAGE: Final = (
    "窗口已最小化或切换到其他程序，视频已暂停。回到本窗口后请点击播放继续学习。"
)
CHECK_HOLD_MESSAGE: Final = "请先完成人脸识别，通过后才能继续播放。"
REWOUND_MESSAGE: Final = "没有计入学时的这一段需要重新观看，已退回到已学到的位置。"
