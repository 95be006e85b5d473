"""Plain words for every code and reason the client can meet (UX.md: what happened, why,
what to do next). The server's Chinese message is the fallback for a code not listed.

Functions, not module constants: `translate` must run after the translators are
installed, so the English catalogue applies.
"""

from __future__ import annotations

from app.core import support
from app.ui.kit.i18n import translate


def error_text(code: str) -> str | None:
    """The message for an API error code (API.md) or a client-side code."""
    table = {
        "offline": translate(
            "Texts", "无法连接服务器，请检查网络。学习记录已保存在本机，联网后会自动上传。"
        ),
        "internal_error": translate("Texts", "服务器出现问题，请稍后再试。"),
        "unexpected_answer": translate("Texts", "服务器出现问题，请稍后再试。"),
        "invalid_request": translate("Texts", "提交的内容格式不正确，请检查后重试。"),
        "invalid_id_number": translate("Texts", "身份证号不正确，请核对。"),
        "agreement_required": translate("Texts", "请先阅读并勾选同意《用户协议》和《隐私政策》。"),
        "bad_credentials": translate("Texts", "身份证号或密码不正确。"),
        "account_locked": translate("Texts", "密码错误次数过多，账号已暂时锁定，请稍后再试。"),
        "weak_password": translate("Texts", "新密码不符合要求。"),
        "not_logged_in": translate("Texts", "登录已失效，请重新登录。"),
        "session_replaced": translate("Texts", "您的账号已在其他设备登录。"),
        "password_change_required": translate("Texts", "首次登录请先修改初始密码。"),
        "not_paid": translate("Texts", "该项目尚未缴费，缴费后才能学习。"),
        "study_closed": translate("Texts", "学习期限已结束，可在线申请延期。"),
        "bad_signature": translate("Texts", "视频链接已过期，请重新打开课程。"),
        "invalid_phone": translate("Texts", "请填写正确的11位手机号码。"),
        "not_eligible": translate("Texts", "暂时不能提交此申请。"),
        "photo_locked": translate("Texts", "头像已设置并锁定。如上传错误，请联系客服重置。"),
        "photo_too_large": translate("Texts", "照片不能超过5MB，请换一张较小的照片。"),
        "photo_rejected": translate("Texts", "照片不符合要求，请按提示重新拍摄或选择。"),
        "exam_not_open": translate("Texts", "现在还不能开始考试。"),
        "exam_unavailable": translate("Texts", "暂时无法组卷，请稍后再试。"),
        "attempt_closed": translate("Texts", "本次考试已经结束，不能再作答。"),
        "invalid_answer": translate("Texts", "答案格式不正确，请重新选择。"),
        "not_passed": translate("Texts", "考试合格后才能打印学时证明。"),
        "request_too_large": translate("Texts", "提交的内容太大。"),
        "not_found": translate("Texts", "没有找到要访问的内容。"),
    }
    return table.get(code)


def reason_text(reason: str) -> str | None:
    """The finer reasons: photo refusals, exam gate, applications, passwords, checks."""
    table = {
        # FACE-8: a kiosk's supervised login that a clerk ended in the console (401)
        "supervision_ended_by_staff": translate(
            "Texts",
            "监督学习已由工作人员在管理端结束，学员已退出登录。"
            "如需继续学习，请工作人员当面核验身份证后重新开始监督学习。",
        ),
        # FACE-1 photo refusals
        "not_an_image": translate("Texts", "这不是一张照片，请选择 JPG 或 PNG 格式的照片。"),
        "too_small": translate("Texts", "照片太小，至少需要 295×413 像素，请换一张清晰的照片。"),
        "no_face": translate("Texts", "没有看清您的脸，请正对摄像头，光线充足。"),
        "many_faces": translate("Texts", "画面中有不止一个人，请只让本人在镜头前。"),
        "face_too_small": translate("Texts", "脸在照片中太小，请靠近一些，拍上半身照。"),
        "face_cut_off": translate("Texts", "脸没有完整拍进照片，请让整张脸都在画面中。"),
        "blurred": translate("Texts", "照片不够清晰，请保持不动、对好焦后重新拍摄。"),
        "background_not_white": translate("Texts",
            "照片背景不是白色，请在白墙前重新拍摄，或使用“自动换白底”。"
        ),
        # face checks
        "mismatch": translate("Texts", "与本人照片不一致，请本人参加学习。"),
        "not_live": translate("Texts", "没有通过活体检测，请按提示眨眼或缓慢转头。"),
        "no_photo": translate("Texts", "还没有设置本人照片，请先设置头像。"),
        "timeout": translate("Texts", "30 秒内没有完成识别，请调整光线后重试。"),
        "challenge_expired": translate("Texts", "识别用时太长，请重新识别。"),
        "challenge_required": translate(
            "Texts", "这次识别没有按服务器提示的动作进行，请重新识别。"
        ),
        # exam gate (API.md exam.reason)
        "progress_incomplete": translate("Texts", "完成全部课时后可参加考试。"),
        "not_paid": translate("Texts", "缴费后才能参加考试。"),
        "study_closed": translate("Texts", "学习期限已结束，请先申请延期。"),
        "no_attempts_left": translate("Texts", "5 次考试机会已用完，可申请补考。"),
        "attempt_open": translate("Texts", "有一场考试尚未结束，请继续作答。"),
        # applications (APPLY-*)
        "study_not_ended": translate("Texts", "学习期限结束后才能申请延期。"),
        "passed": translate("Texts", "您已考试合格，无需申请。"),
        "attempts_remaining": translate("Texts", "考试机会用完后才能申请补考。"),
        "pending_exists": translate("Texts", "已有一份同类申请正在审核，请耐心等待。"),
        "face_check_possible": translate(
            "Texts", "不同意人脸识别、撤回授权，或人脸识别连续3次未通过后，才可申请人工核验。"
        ),
        # ACC-2 password rules (app.core.ids.check_new_password reasons, prefixed)
        "password_length": translate("Texts", "新密码应为 8 到 64 个字符。"),
        "password_one_character": translate("Texts", "新密码不能全是同一个字符。"),
        "password_initial_password": translate("Texts", "新密码不能是初始密码 12345678。"),
        "password_id_suffix": translate("Texts", "新密码不能是身份证号的后 8 位。"),
        # ACC-1 ID number as typed (app.core.ids.normalize_id_number reasons, prefixed)
        "id_length": translate("Texts", "身份证号应为 18 位。"),
        "id_characters": translate("Texts", "身份证号前 17 位应为数字，最后一位为数字或 X。"),
        "id_birth_date": translate("Texts", "身份证号中的出生日期不对，请核对。"),
        "id_check_character": translate("Texts", "身份证号最后一位校验码不对，请核对。"),
    }
    return table.get(reason)


def support_for(code: str) -> str | None:
    """The support line for a code (RULES.md, Support lines), when a person can help."""
    if code in ("not_paid", "already_paid", "order_expired"):
        return support.SUPPORT_PAYMENT
    if code in ("offline", "invalid_request", "not_found", "invalid_phone", "weak_password",
                "agreement_required", "invalid_id_number", "attempt_open"):
        return None
    return support.SUPPORT_CLIENT


def support_line(line: str) -> str:
    """A support number as the language writes it: the manual's 「转 6」 is "ext. 6"."""
    return line.replace(" 转 ", translate("Texts", " 转 "))


def support_sentence(line: str) -> str:
    return translate("Texts", "如需帮助，请致电 %1").replace("%1", support_line(line))
