"""Request and response bodies of API.md, as pydantic models (they make /openapi.json)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

# The exam's bodies (exam_schemas) and the base (schema_types), named here too: every
# body of API.md is one import away.
from app.server.exam_schemas import AnswerRequest as AnswerRequest
from app.server.exam_schemas import AttemptOut as AttemptOut
from app.server.exam_schemas import ExamResultOut as ExamResultOut
from app.server.exam_schemas import ForbiddenProgramOut as ForbiddenProgramOut
from app.server.exam_schemas import ForbiddenProgramsOut as ForbiddenProgramsOut
from app.server.exam_schemas import IncidentRequest as IncidentRequest
from app.server.exam_schemas import OptionOut as OptionOut
from app.server.exam_schemas import QuestionOut as QuestionOut
from app.server.schema_types import ApiTime as ApiTime
from app.server.schema_types import Strict as Strict


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
    minutes: int  # an attempt's length (EXAM-2): the rules dialog says it before the start


class RenewalOut(Strict):
    state: Literal["not_yet", "open", "closed", "void"]
    opens_on: dt.date | None
    closes_on: dt.date | None


# 人工核验 (FACE-8): supervised study at a training centre instead of face checks.
ApplicationKind = Literal["extension", "retake", "supervised_study"]


class ApplicationOut(Strict):
    id: int
    kind: ApplicationKind
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


class ProctoringOut(Strict):
    """FACE-5: the bounds of the random identity checks while a lesson plays."""

    check_min_s: int
    check_max_s: int


class ConsentRequest(Strict):
    """FACE-8: the trainee's decision on the consent screen, and the text's version."""

    agree: bool
    text_version: str = Field(min_length=1, max_length=32)


class ConsentOut(Strict):
    state: Literal["none", "granted", "declined", "withdrawn"]
    text_version: str | None
    decided_at: dt.datetime | None


class CentreOut(Strict):
    name: str
    address: str
    phone: str


class SupervisionOut(Strict):
    """A clerk's supervised session (FACE-8), as the trainee's login and staff see it."""

    id: str
    clerk: str
    place: str
    started_at: dt.datetime
    ends_at: dt.datetime
    ended_at: dt.datetime | None
    active: bool


class SupervisedStudyOut(Strict):
    """FACE-8: `available` when the trainee studies under supervision instead of face
    checks (consent declined or withdrawn, or an approved 人工核验 application); where
    to go; and the supervised session of this login, if it is one."""

    available: bool
    centre: CentreOut
    session: SupervisionOut | None


class MeOut(Strict):
    id_number: str
    name: str
    photo: PhotoOut
    proctoring: ProctoringOut
    enrollments: list[EnrollmentOut]
    face_consent: ConsentOut
    supervised_study: SupervisedStudyOut


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
    # Added (issue 15): the credited stretches [from_s, to_s], sorted and disjoint, so the
    # client can show the gaps still to watch and reopen at the first of them.
    credited: list[tuple[float, float]] = []  # noqa: RUF012 (pydantic copies a default)


# ---------------------------------------------------------------- applications
class ApplicationRequest(Strict):
    kind: ApplicationKind
    phone: str = Field(max_length=32)
    reason: str = Field(default="", max_length=500)


# ---------------------------------------------------------------- staff
class StaffLogin(Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=256)


class TokenOut(Strict):
    token: str


class SupervisionStart(Strict):
    """A clerk opens a supervised session for a trainee, having checked the ID card."""

    id_number: str = Field(max_length=64)
    id_card_checked: bool = False
    place: str = Field(default="", max_length=128)
    device: Device = Field(default_factory=Device)


class SupervisionStarted(Strict):
    token: str
    session_id: str
    must_change_password: bool
    trainee: TraineeRef
    supervision: SupervisionOut


class StaffSupervisionOut(SupervisionOut):
    device_name: str
    ended_by: str | None
    credited_s: float


class DeletionOut(Strict):
    at: dt.datetime
    id_number: str | None
    cause: Literal["withdrawn", "retention", "evidence_expired", "staff_reset"]
    photos: int
    templates: int
    crops: int


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


# ---------------------------------------------------------------- face checks
class PhotoStored(Strict):
    status: Literal["locked"]


class Liveness(Strict):
    method: Literal["blink", "turn", "turn_left", "turn_right"]
    passed: bool


class ClientDecision(Strict):
    match: bool
    distance: float | None = None


class FaceCheckMeta(Strict):
    check_id: str = Field(min_length=8, max_length=64)
    purpose: Literal["lesson_start", "periodic", "exam", "photo_confirm"]
    lesson_id: int | None = None
    attempt_id: str | None = Field(default=None, max_length=36)
    started_at: ApiTime
    ended_at: ApiTime
    # The server's challenge this check answers; None when made offline (the client then
    # picked the gesture, named in liveness.method).
    challenge_id: str | None = Field(default=None, max_length=64)
    # One per crop, seconds after started_at, in order (checked against the crops).
    crop_times: list[Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None = Field(
        default=None, max_length=12
    )
    liveness: Liveness
    client_decision: ClientDecision | None = None


class FaceChallengeOut(Strict):
    challenge_id: str
    gesture: Literal["blink", "turn_left", "turn_right"]
    expires_at: dt.datetime


class FaceCheckResult(Strict):
    check_id: str
    passed: bool
    distance: float | None
    reason: str | None
    # What `reason` means more precisely (an addition to API.md): `replayed`, a not_live
    # check whose crops are an earlier check's sent again.
    detail: str | None = None


# ---------------------------------------------------------------- receipts (CERT-1)
class ReceiptCheckOut(Strict):
    """A wrong code and an unknown serial answer alike: valid false, every other field null."""

    valid: bool
    serial: str | None = None
    name: str | None = None
    trade: str | None = None
    credit_hours: float | None = None
    passed_at: dt.datetime | None = None


# ---------------------------------------------------------------- progress (LEARN-*, PROG-5)
class ProgressEventIn(Strict):
    event_id: str = Field(min_length=8, max_length=64)
    session_id: str = Field(max_length=36)
    lesson_id: int
    from_s: float = Field(allow_inf_nan=False)
    to_s: float = Field(allow_inf_nan=False)
    started_at: ApiTime
    ended_at: ApiTime
    face_check_id: str | None = Field(default=None, max_length=64)


class ProgressBatch(Strict):
    events: list[ProgressEventIn]


class ProgressResult(Strict):
    event_id: str
    status: Literal["credited", "duplicate", "refused"]
    reason: str | None = None


class LessonCredit(Strict):
    lesson_id: int
    credited_s: float
    complete: bool


class ProgressAnswer(Strict):
    results: list[ProgressResult]
    lessons: list[LessonCredit]
