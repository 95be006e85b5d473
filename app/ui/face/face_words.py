"""What the face check says (FACE-3, FACE-4, FACE-6): why a check is asked, what to do
now (the gesture prompts, also spoken), why it failed, the consent it needs and the face
support line. Shared by the check dialog, the lesson window's face panel and the exam
window's gesture prompt (one word per thing, UX.md)."""

from __future__ import annotations

from app.core import support
from app.ui.kit.i18n import translate
from app.ui.kit.words import error_text, reason_text


def purpose_text(purpose: str) -> str:
    table = {
        "lesson_start": translate("FaceCheck", "开始学习前，请进行人脸识别。"),
        "periodic": translate("FaceCheck", "学习中途需要再次确认是本人，请进行人脸识别。"),
        "exam": translate("FaceCheck", "考试需要确认是本人，请进行人脸识别。"),
        "photo_confirm": translate("FaceCheck", "请对着摄像头，确认照片是您本人。"),
    }
    return table.get(purpose, table["lesson_start"])


# The liveness gestures, also spoken (resources/prompts/<hint>.wav).
SPOKEN_HINTS = ("blink", "turn_left", "turn_right")


def hint_text(hint: str) -> str:
    table = {
        "starting": translate("FaceCheck", "正在打开摄像头，请稍候……"),
        "no_face": translate("FaceCheck", "没有看到您的脸，请正对摄像头。"),
        "many_faces": translate("FaceCheck", "画面中有不止一个人，请只让本人在镜头前。"),
        "look": translate("FaceCheck", "请看着摄像头，保持不动。"),
        "blink": translate("FaceCheck", "请眨眼"),
        "turn_left": translate("FaceCheck", "请缓慢向左转头"),
        "turn_right": translate("FaceCheck", "请缓慢向右转头"),
        "deciding": translate("FaceCheck", "正在确认，请稍候……"),
    }
    return table.get(hint, table["look"])


def failure_text(reason: str | None) -> str:
    if reason == "offline":
        return translate(
            "FaceCheck",
            "无法连接服务器，这台电脑上没有您的照片信息，暂时无法识别。请检查网络后重试。",
        )
    return (reason_text(reason or "timeout") or error_text("photo_rejected") or "").strip()


def consent_prompt_text() -> str:
    return translate("FaceCheck", "请先阅读人脸信息处理同意书")


def consent_needed_text() -> str:
    return translate(
        "FaceCheck",
        "人脸识别需要您本人同意。同意后即可开始识别；"
        "不同意也可以到培训点由工作人员核验身份后学习（人工核验）。",
    )


def support_text() -> str:
    """FACE-6: after three failures in a row, the face support line."""
    return translate("FaceCheck", "人脸识别问题请致电 %1").replace("%1", support.SUPPORT_CLIENT)
