"""API errors in API.md's shape: ``{"error": {"code", "message", "support"?, ...}}``.

Every refusal is an :class:`ApiError`; the handlers below turn FastAPI's own errors
(validation, 404, 405) and any unexpected exception into the same shape.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core import support

log = logging.getLogger(__name__)

# code -> (HTTP status, plain Chinese message, support line or None)
CATALOG: dict[str, tuple[int, str, str | None]] = {
    "invalid_request": (422, "请求格式不正确，请检查后重试。", None),
    "request_too_large": (413, "提交的内容太大。", None),
    "not_found": (404, "没有找到要访问的内容。", None),
    "method_not_allowed": (405, "不支持这种请求方式。", None),
    "internal_error": (500, "服务器出现问题，请稍后再试。", support.SUPPORT_CLIENT),
    "invalid_id_number": (400, "身份证号不正确，请核对。", None),
    "agreement_required": (400, "请先阅读并勾选同意《用户协议》和《隐私政策》。", None),
    "bad_credentials": (
        401,
        "身份证号或密码不正确。如已缴费但无法登录，请致电继续教育客服。",
        support.SUPPORT_CLIENT,
    ),
    "account_locked": (
        423,
        "密码错误次数过多，账号已暂时锁定，请稍后再试。",
        support.SUPPORT_CLIENT,
    ),
    "weak_password": (400, "新密码不符合要求。", None),
    "not_logged_in": (401, "登录已失效，请重新登录。", None),
    "session_replaced": (401, "您的账号已在其他设备登录。", support.SUPPORT_CLIENT),
    "password_change_required": (403, "首次登录请先修改初始密码。", None),
    "forbidden": (403, "您没有权限进行此操作。", None),
    "not_paid": (
        403,
        "该项目尚未缴费，缴费后才能学习。请登录缴费系统缴费。",
        support.SUPPORT_PAYMENT,
    ),
    "study_closed": (403, "学习期限已结束，可在线申请延期。", support.SUPPORT_CLIENT),
    "bad_signature": (403, "视频链接无效或已过期，请重新打开课程。", None),
    "invalid_phone": (400, "请填写正确的11位手机号码。", None),
    "not_eligible": (409, "暂时不能提交此申请。", support.SUPPORT_CLIENT),
    "already_decided": (409, "该申请已经审核过了。", None),
    "too_many_attempts": (429, "密码错误次数较多，请稍后再试。", None),
    "username_taken": (409, "这个用户名已经有人用了，请换一个。", None),
    "session_expired": (401, "登录已超过8小时或密码已修改，请重新登录。", None),
    "already_paid": (409, "该报名已经缴过费，请勿重复缴费。", support.SUPPORT_PAYMENT),
    "order_expired": (410, "订单已超过30分钟未付款，已失效，请重新下单。", support.SUPPORT_PAYMENT),
    "too_many_events": (413, "一次最多提交500条学习记录。", None),
    "photo_locked": (
        409,
        "头像已设置并锁定。如上传错误，请联系客服重置。",
        support.SUPPORT_CLIENT,
    ),
    "photo_too_large": (413, "照片不能超过5MB，请换一张较小的照片。", None),
    "photo_rejected": (422, "照片不符合要求，请按提示重新拍摄或选择。", support.SUPPORT_CLIENT),
    "photo_attempts_exceeded": (
        429,
        "照片多次没有通过，请10分钟后再试。需要帮助请致电客服。",
        support.SUPPORT_CLIENT,
    ),
    "crop_too_large": (422, "人脸图片太大（每张不超过200KB、100万像素）。", None),
    "face_work_in_progress": (429, "上一次人脸识别还没有完成，请稍候再试。", None),
    "face_service_busy": (503, "人脸识别繁忙，请稍后再试。", support.SUPPORT_CLIENT),
    "exam_not_open": (409, "现在还不能开始考试。", support.SUPPORT_CLIENT),
    "exam_unavailable": (503, "暂时无法组卷，请稍后再试或联系客服。", support.SUPPORT_CLIENT),
    "attempt_closed": (409, "本次考试已经结束，不能再作答。", None),
    "invalid_answer": (422, "答案不正确，请重新选择。", None),
    "incident_id_taken": (409, "该记录编号已被其他考试使用。", None),
    "not_passed": (409, "考试合格后才能打印学时证明。", None),
    "consent_required": (
        403,
        "使用人脸识别前，请先阅读并同意《人脸信息处理同意书》。不同意也可以到培训点由工作人员核验身份后学习。",
        None,
    ),
    "id_card_not_checked": (400, "请先核验学员本人的身份证，再开始监督学习。", None),
    "exam_identity_required": (
        403,
        "开始考试前需要本人通过人脸识别（或在培训点由工作人员核验身份证后监督考试）。"
        "请重新点击“参加考试”，按提示完成人脸识别。",
        support.SUPPORT_CLIENT,
    ),
    "supervision_limit": (
        409,
        "您同时监督的学员已达上限，请先在管理后台「监督学习」页面结束其中一位学员的监督学习，"
        "再为下一位学员开始。",
        None,
    ),
    "unsupported_file": (400, "只能导入 .xlsx 或 .csv 文件。", None),
    "bad_columns": (400, "导入文件缺少必要的列。", None),
}


class ApiError(Exception):
    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        status: int | None = None,
        support_line: str | None = None,
        **extra: Any,
    ) -> None:
        default_status, default_message, default_support = CATALOG.get(
            code, (400, "请求无法完成。", None)
        )
        self.code = code
        self.status = status or default_status
        self.message = message or default_message
        self.support = support_line or default_support
        self.extra = extra
        super().__init__(f"{code}: {self.message}")

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.support:
            error["support"] = self.support
        error.update(self.extra)
        return {"error": error}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [
        {"field": ".".join(str(p) for p in err.get("loc", ())), "problem": err.get("type", "")}
        for err in exc.errors()[:20]
    ]
    return error_response(ApiError("invalid_request", fields=fields))


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(
        exc.status_code, "invalid_request"
    )
    return error_response(ApiError(code, status=exc.status_code))


async def _out_of_range(_request: Request, exc: Exception) -> JSONResponse:
    # A number the database cannot hold (an id of 40 digits): SQLite raises
    # OverflowError, PostgreSQL a DataError. It is bad input, not a server fault.
    log.info("number out of range: %s", exc)
    return error_response(ApiError("invalid_request", "请求中的数字超出范围。"))


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(ApiError("internal_error"))


# Exception type -> the handler that answers it in API.md's shape.
JSON_HANDLERS: dict[type[Exception], Callable[[Request, Exception], Awaitable[JSONResponse]]] = {
    ApiError: _api_error,
    RequestValidationError: _validation_error,
    StarletteHTTPException: _http_error,
    OverflowError: _out_of_range,
    DataError: _out_of_range,
    Exception: _unexpected,
}


def install_error_handlers(app: FastAPI) -> None:
    for kind, handler in JSON_HANDLERS.items():
        app.add_exception_handler(kind, handler)
