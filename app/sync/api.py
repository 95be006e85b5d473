"""The typed client of API.md: one method per call the trainee's client makes.

Exceptions (app.sync.errors), one per error family; each carries `code`, the Chinese
`message`, the `support` line, the HTTP `status` and the error body's extra fields::

    ApiError
    ├── OfflineError                  no answer: refused, reset, DNS, timeout
    ├── ServerError                   5xx, or an answer not in API.md's error shape
    ├── AuthError                     401: back to the login screen
    │   ├── SessionReplacedError      401 session_replaced (ACC-4; keep the journal)
    │   └── PasswordChangeRequiredError  403 password_change_required
    └── RefusedError                  any other 4xx: understood, and refused
        └── MediaLinkExpiredError     403 bad_signature: fetch fresh media URLs

The HTTP under the calls (timeouts, which calls are retried, one connection pool per
thread) is app.sync.transport.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from app.sync import wire
from app.sync.errors import (
    ApiError,
    AuthError,
    MediaLinkExpiredError,
    OfflineError,
    PasswordChangeRequiredError,
    RefusedError,
    ServerError,
    SessionReplacedError,
)
from app.sync.transport import HttpTransport

__all__ = [
    "ApiClient",
    "ApiError",
    "AuthError",
    "MediaLinkExpiredError",
    "OfflineError",
    "PasswordChangeRequiredError",
    "RefusedError",
    "ServerError",
    "SessionReplacedError",
]

UPLOAD_TIMEOUT = (5.0, 60.0)
CHALLENGE_TIMEOUT = (5.0, 10.0)  # the trainee is waiting in front of the camera


class ApiClient(HttpTransport):
    """API.md over HTTP. `token` is set by `login` and cleared by `logout`."""

    # Server time minus local time, in seconds; set by measure_clock_offset().
    clock_offset_s: float | None = None

    # ------------------------------------------------------------------ service
    def health(self) -> dict[str, str]:
        return self._json("GET", "/health", lambda b: cast(dict[str, str], b), auth=False)

    def server_time(self) -> datetime:
        return self._json(
            "GET", "/time", lambda b: datetime.fromisoformat(str(b["now"])), auth=False
        )

    def measure_clock_offset(self, samples: int = 3) -> float:
        """Server clock minus ours, in seconds: the server's `now` against the midpoint
        of the round trip, from the sample with the shortest round trip (least noise)."""
        best: tuple[float, float] | None = None  # (round trip, offset)
        for _ in range(samples):
            sent = time.time()
            server_now = self.server_time().timestamp()
            received = time.time()
            sample = (received - sent, server_now - (sent + received) / 2)
            if best is None or sample[0] < best[0]:
                best = sample
        assert best is not None
        self.clock_offset_s = best[1]
        return best[1]

    # ------------------------------------------------------------------ auth
    def login(self, id_number: str, password: str, *, agree: bool = True) -> wire.LoginResult:
        body = {
            "id_number": id_number,
            "password": password,
            "agree": agree,
            "device": {"kind": "desktop", "name": self.device_name},
        }
        result = self._json(
            "POST", "/auth/login", lambda b: cast(wire.LoginResult, b), json=body, auth=False
        )
        self.token = result["token"]
        self.session_id = result["session_id"]
        return result

    def change_password(self, old_password: str, new_password: str) -> None:
        self.request(
            "POST",
            "/auth/password",
            json={"old_password": old_password, "new_password": new_password},
        )

    def logout(self) -> None:
        """Ends the session on the server when it can; forgets the token in any case."""
        try:
            if self.token:
                self.request("POST", "/auth/logout")
        finally:
            self.token = None
            self.session_id = None

    # ------------------------------------------------------------------ the trainee
    def me(self) -> wire.Me:
        return self._json("GET", "/me", lambda b: cast(wire.Me, b))

    def upload_photo(self, image: bytes, content_type: str = "image/jpeg") -> None:
        self.request(
            "PUT",
            "/me/photo",
            data=image,
            headers={"Content-Type": content_type},
            idempotent=False,  # the first success locks the photo; a repeat would 409
            timeout=UPLOAD_TIMEOUT,
        )

    def decide_consent(self, agree: bool, text_version: str) -> wire.Consent:
        """FACE-8: the trainee's decision on the consent screen; no after yes withdraws."""
        return self._json(
            "POST",
            "/me/consents",
            lambda b: cast(wire.Consent, b),
            json={"agree": agree, "text_version": text_version},
        )

    def _staff_token(self, username: str, password: str) -> str:
        """A staff login for one call at a kiosk (FACE-8): never kept."""
        staff = self._json(
            "POST",
            "/admin/login",
            lambda b: cast(dict[str, str], b),
            json={"username": username, "password": password},
            auth=False,
        )
        return staff["token"]

    def start_supervision(
        self, username: str, password: str, id_number: str, place: str = ""
    ) -> wire.SupervisionStarted:
        """FACE-8 at a kiosk: the clerk signs in with their staff account and, having
        checked the trainee's ID card, opens the trainee's supervised login. The staff
        token serves this one call and is not kept; the trainee's becomes this client's."""
        staff_token = self._staff_token(username, password)
        result = self._json(
            "POST",
            "/supervision/sessions",
            lambda b: cast(wire.SupervisionStarted, b),
            json={
                "id_number": id_number,
                "id_card_checked": True,
                "place": place,
                "device": {"kind": "kiosk", "name": self.device_name},
            },
            headers={"Authorization": f"Bearer {staff_token}"},
            auth=False,
        )
        self.token = result["token"]
        self.session_id = result["session_id"]
        return result

    def end_supervision(self, username: str, password: str, supervision_id: str) -> None:
        """FACE-8 at a kiosk: a clerk, with their password, ends the supervision; the
        server ends the trainee's login with it."""
        self.request(
            "POST",
            f"/supervision/sessions/{supervision_id}/end",
            headers={"Authorization": f"Bearer {self._staff_token(username, password)}"},
            auth=False,
        )

    def lessons(self, enrollment_id: int) -> list[wire.Lesson]:
        return self._json(
            "GET", f"/enrollments/{enrollment_id}/lessons", lambda b: cast(list[wire.Lesson], b)
        )

    def face_challenge(self) -> wire.FaceChallenge:
        """The gesture the next check must show (FACE-3). Not retried: a lost answer
        costs a fresh challenge, and the check must not wait long before it starts."""
        return self._json(
            "POST", "/face-checks/challenges", lambda b: cast(wire.FaceChallenge, b),
            timeout=CHALLENGE_TIMEOUT,
        )  # fmt: skip

    def face_check(self, meta: dict[str, Any], crops: Sequence[bytes]) -> wire.FaceCheckResult:
        """`meta` carries the client-made `check_id`, so a repeat is judged once."""
        files: list[tuple[str, tuple[str | None, bytes | str, str]]] = [
            ("meta", (None, json.dumps(meta, ensure_ascii=False), "application/json"))
        ]
        files += [("crop", (f"crop{n}.jpg", data, "image/jpeg")) for n, data in enumerate(crops)]
        return self._json(
            "POST",
            "/face-checks",
            lambda b: cast(wire.FaceCheckResult, b),
            files=files,
            idempotent=True,
            timeout=UPLOAD_TIMEOUT,
        )

    def send_progress(self, events: Sequence[wire.ProgressEvent]) -> wire.ProgressAnswer:
        """At most 500 events (413 beyond); each is applied once by its event_id."""
        return self._json(
            "POST",
            "/progress",
            lambda b: cast(wire.ProgressAnswer, b),
            json={"events": list(events)},
            idempotent=True,
            timeout=UPLOAD_TIMEOUT,
        )

    # ------------------------------------------------------------------ exam
    def start_attempt(self, enrollment_id: int) -> wire.Attempt:
        return self._json(
            "POST", f"/enrollments/{enrollment_id}/attempts", lambda b: cast(wire.Attempt, b)
        )

    def attempt(self, attempt_id: str) -> wire.Attempt:
        return self._json("GET", f"/attempts/{attempt_id}", lambda b: cast(wire.Attempt, b))

    def save_answer(self, attempt_id: str, question_id: str, answer: Sequence[str]) -> None:
        self.request(
            "PUT", f"/attempts/{attempt_id}/answers/{question_id}", json={"answer": list(answer)}
        )

    def submit_attempt(self, attempt_id: str) -> wire.ExamResult:
        # Not retried blindly: the server grades once, and a lost answer is read back
        # with attempt(), whose `result` says whether the submit went through.
        return self._json(
            "POST", f"/attempts/{attempt_id}/submit", lambda b: cast(wire.ExamResult, b)
        )

    def abandon_attempt(self, attempt_id: str) -> wire.ExamResult:
        return self._json(
            "POST", f"/attempts/{attempt_id}/abandon", lambda b: cast(wire.ExamResult, b)
        )

    def forbidden_programs(self) -> wire.ForbiddenPrograms:
        return self._json(
            "GET", "/exam/forbidden-programs", lambda b: cast(wire.ForbiddenPrograms, b)
        )

    def report_incident(self, attempt_id: str, incident: wire.Incident) -> None:
        self.request(
            "POST", f"/attempts/{attempt_id}/incidents", json=dict(incident), idempotent=True
        )

    # ------------------------------------------------------------------ applications
    def apply(self, enrollment_id: int, kind: str, phone: str, reason: str) -> wire.Application:
        return self._json(
            "POST",
            f"/enrollments/{enrollment_id}/applications",
            lambda b: cast(wire.Application, b),
            json={"kind": kind, "phone": phone, "reason": reason},
        )

    def applications(self, enrollment_id: int) -> list[wire.Application]:
        return self._json(
            "GET",
            f"/enrollments/{enrollment_id}/applications",
            lambda b: cast(list[wire.Application], b),
        )

    # ------------------------------------------------------------------ receipts
    def receipt_pdf(self, enrollment_id: int) -> bytes:
        return self.request("GET", f"/enrollments/{enrollment_id}/receipt.pdf").content

    def check_receipt(self, serial: str, code: str) -> wire.ReceiptCheck:
        return self._json(
            "GET",
            f"/receipts/{serial}",
            lambda b: cast(wire.ReceiptCheck, b),
            params={"code": code},
            auth=False,
        )
