"""Request and response bodies of API.md, as pydantic models (they make /openapi.json)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


# ---------------------------------------------------------------- service
class Health(Strict):
    status: Literal["ok"]
    version: str


class ServerTime(Strict):
    now: dt.datetime


# ---------------------------------------------------------------- auth
class Device(Strict):
    kind: str = Field(default="desktop", max_length=32)
    name: str = Field(default="", max_length=128)


class LoginRequest(Strict):
    id_number: str = Field(max_length=64)
    password: str = Field(max_length=256)
    agree: bool = False
    device: Device = Field(default_factory=Device)


class TraineeRef(Strict):
    id_number: str
    name: str


class LoginResponse(Strict):
    token: str
    session_id: str
    must_change_password: bool
    trainee: TraineeRef


class PasswordChange(Strict):
    old_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


# ---------------------------------------------------------------- the trainee
class TradeOut(Strict):
    code: str
    name: str


class CertificateOut(Strict):
    number: str
    expires_on: dt.date
    status: Literal["valid", "void"]


class PaymentOut(Strict):
    status: Literal["unpaid", "paid"]
    paid_at: dt.datetime | None


class StudyOut(Strict):
    opens_on: dt.date | None
    closes_on: dt.date | None
    open: bool
    days_left: int | None = None


class ProgressOut(Strict):
    credited_s: float
    total_s: float
    percent: int


class ExamOut(Strict):
    open: bool
    reason: str | None
    attempts_used: int
    attempts_allowed: int
    best_score: int | None
    passed: bool
    passed_at: dt.datetime | None
    open_attempt_id: str | None


class RenewalOut(Strict):
    state: Literal["not_yet", "open", "closed", "void"]
    opens_on: dt.date | None
    closes_on: dt.date | None


class ApplicationOut(Strict):
    id: int
    kind: Literal["extension", "retake"]
    status: Literal["pending", "approved", "rejected"]
    phone: str
    reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_reason: str | None


class StaffApplicationOut(ApplicationOut):
    enrollment_id: int
    id_number: str
    name: str


class EnrollmentOut(Strict):
    id: int
    trade: TradeOut
    certificate: CertificateOut
    payment: PaymentOut
    study: StudyOut
    progress: ProgressOut
    exam: ExamOut
    renewal: RenewalOut
    applications: list[ApplicationOut]


class PhotoOut(Strict):
    status: Literal["missing", "locked"]


class MeOut(Strict):
    id_number: str
    name: str
    photo: PhotoOut
    enrollments: list[EnrollmentOut]


# ---------------------------------------------------------------- lessons
class MediaOut(Strict):
    url: str
    expires_at: dt.datetime
    sha256: str
    bytes: int


class LessonOut(Strict):
    id: int
    index: int
    title: str
    duration_s: float
    credit_hours: float
    credited_s: float
    resume_s: float
    complete: bool
    media: MediaOut


# ---------------------------------------------------------------- applications
class ApplicationRequest(Strict):
    kind: Literal["extension", "retake"]
    phone: str = Field(max_length=32)
    reason: str = Field(default="", max_length=500)


# ---------------------------------------------------------------- staff
class StaffLogin(Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class TokenOut(Strict):
    token: str


class Decision(Strict):
    approve: bool
    reason: str = Field(default="", max_length=500)


class ImportRowError(Strict):
    row: int
    reason: str
    message: str


class ImportResult(Strict):
    created: int
    updated: int
    errors: list[ImportRowError]


class OrderRequest(Strict):
    enrollment_ids: list[int] = Field(min_length=1, max_length=1000)


class OrderOut(Strict):
    id: str
    expires_at: dt.datetime
    amount: float


class OrderPaid(Strict):
    id: str
    status: Literal["paid"]
