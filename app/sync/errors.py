"""The exceptions of the API client, one per error family (the tree is drawn in api.py).

Every one carries what the UI's single error display needs: the API's snake_case
`code`, the plain Chinese `message`, the `support` line when RULES.md names one, the
HTTP `status` (0 when no answer came), and any extra fields of the error body
(`reason`, `unlock_at`, `attempt_id`, ...) in `details`.
"""

from __future__ import annotations

from typing import Any

# Shown when the server could not be reached at all: no code from the server exists.
OFFLINE_MESSAGE = "无法连接服务器，请检查网络。学习记录已保存在本机，联网后会自动上传。"
SERVER_MESSAGE = "服务器出现问题，请稍后再试。"


class ApiError(Exception):
    """Base of every error the API client raises."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status: int = 0,
        support: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.support = support
        self.details: dict[str, Any] = details or {}

    @property
    def reason(self) -> str | None:
        """The finer cause many refusals carry (`weak_password`, `not_eligible`, ...)."""
        value = self.details.get("reason")
        return str(value) if value is not None else None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, status={self.status}, "
            f"message={self.message!r}, support={self.support!r}, details={self.details!r})"
        )


class OfflineError(ApiError):
    """No answer: connection refused or reset, DNS failure, timeout. Worth retrying later."""


class ServerError(ApiError):
    """5xx, or an answer that is not in API.md's shape (a proxy's error page)."""


class AuthError(ApiError):
    """The session is not usable: the UI returns to the login screen (401)."""


class SessionReplacedError(AuthError):
    """401 `session_replaced`: the account logged in elsewhere (ACC-4). Keep the journal."""


class PasswordChangeRequiredError(AuthError):
    """403 `password_change_required`: only /auth/password and /auth/logout work."""


class RefusedError(ApiError):
    """Any other 4xx: the server understood and said no; retrying will not help."""


class MediaLinkExpiredError(RefusedError):
    """403 `bad_signature` on a media URL: ask /enrollments/{id}/lessons for fresh URLs."""


# Answers that mean "not now": sent again later like a 5xx, never kept as a refusal (the
# server judges one face check of a trainee at a time; a journaled check sent while a
# live one is judged must not be lost).
BUSY_CODES = frozenset({"face_work_in_progress"})


def error_for(status: int, body: Any) -> ApiError:
    """The exception for an HTTP error answer, from its status and decoded JSON body."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("code"), str):
        if status >= 500 or status == 0:
            return ServerError("internal_error", SERVER_MESSAGE, status=status)
        return RefusedError("unexpected_answer", SERVER_MESSAGE, status=status)
    code: str = error["code"]
    message = str(error.get("message") or SERVER_MESSAGE)
    support = error.get("support")
    details = {k: v for k, v in error.items() if k not in ("code", "message", "support")}
    kind: type[ApiError]
    if status >= 500 or code in BUSY_CODES:
        kind = ServerError
    elif code == "session_replaced":
        kind = SessionReplacedError
    elif code == "password_change_required":
        kind = PasswordChangeRequiredError
    elif status == 401:
        kind = AuthError
    elif code == "bad_signature":
        kind = MediaLinkExpiredError
    else:
        kind = RefusedError
    return kind(
        code,
        message,
        status=status,
        support=str(support) if support else None,
        details=details,
    )
