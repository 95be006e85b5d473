"""Typed shapes of API.md's answers and bodies, as the JSON arrives (TypedDicts).

TypedDicts rather than classes: the answers are passed on to the UI as they are, and a
field the server adds later (API.md allows it) travels along without a code change.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from app.core.progress import ProgressPayload

# P of API.md: the JSON form of app.core.progress.ProgressEvent, the one progress type.
ProgressEvent = ProgressPayload


class TraineeRef(TypedDict):
    id_number: str
    name: str


class LoginResult(TypedDict):
    token: str
    session_id: str
    must_change_password: bool
    trainee: TraineeRef


class Trade(TypedDict):
    code: str
    name: str


class Certificate(TypedDict):
    number: str
    expires_on: str | None
    status: Literal["valid", "void"]


class Payment(TypedDict):
    status: Literal["unpaid", "paid"]
    paid_at: str | None


class Study(TypedDict):
    opens_on: str | None
    closes_on: str | None
    open: bool
    days_left: NotRequired[int | None]  # the server's count; the client counts its own


class Progress(TypedDict):
    credited_s: float
    total_s: float
    percent: float


class ExamState(TypedDict):
    open: bool
    reason: str | None
    attempts_used: int
    attempts_allowed: int
    best_score: int | None
    passed: bool
    passed_at: str | None
    open_attempt_id: str | None
    minutes: NotRequired[int]  # added to API.md's fields: an older server leaves it out


class Renewal(TypedDict):
    state: Literal["not_yet", "open", "closed", "void"]
    opens_on: str | None
    closes_on: str | None


class Application(TypedDict):
    id: int
    kind: Literal["extension", "retake", "supervised_study"]
    status: Literal["pending", "approved", "rejected"]
    phone: str
    reason: str
    created_at: str
    decided_at: str | None
    decision_reason: str | None


class Enrollment(TypedDict):
    id: int
    trade: Trade
    certificate: Certificate
    payment: Payment
    study: Study
    progress: Progress
    exam: ExamState
    renewal: Renewal
    applications: list[Application]


class Photo(TypedDict):
    status: Literal["missing", "locked"]


class Proctoring(TypedDict):
    """FACE-5: the bounds of the random identity checks while a lesson plays."""

    check_min_s: int
    check_max_s: int


class Consent(TypedDict):
    """FACE-8: the trainee's latest decision on face data."""

    state: Literal["none", "granted", "declined", "withdrawn"]
    text_version: str | None
    decided_at: str | None


class Centre(TypedDict):
    name: str
    address: str
    phone: str


class Supervision(TypedDict):
    """A clerk's supervised session at a training centre (FACE-8)."""

    id: str
    clerk: str
    place: str
    started_at: str
    ends_at: str
    ended_at: str | None
    active: bool


class SupervisedStudy(TypedDict):
    available: bool
    centre: Centre
    session: Supervision | None


class SupervisionStarted(LoginResult):
    supervision: Supervision


class Me(TypedDict):
    id_number: str
    name: str
    photo: Photo
    proctoring: NotRequired[Proctoring]  # added (issue 14): an older server leaves it out
    enrollments: list[Enrollment]
    # FACE-8 (added to API.md's fields: an older server leaves them out)
    face_consent: NotRequired[Consent]
    supervised_study: NotRequired[SupervisedStudy]


class Media(TypedDict):
    url: str
    expires_at: str
    sha256: str
    bytes: int


class Lesson(TypedDict):
    id: int
    index: int
    title: str
    duration_s: float
    credit_hours: float
    credited_s: float
    resume_s: float
    complete: bool
    media: Media
    credited: NotRequired[list[list[float]]]  # added (issue 15): the credited stretches


class FaceChallenge(TypedDict):
    """POST /face-checks/challenges: the gesture the server asks for (FACE-3)."""

    challenge_id: str
    gesture: str  # "blink" | "turn_left" | "turn_right"
    expires_at: str


class Liveness(TypedDict):
    method: str  # "blink" | "turn_left" | "turn_right" (older clients: "turn")
    passed: bool


class ClientDecision(TypedDict):
    match: bool
    distance: float | None


class FaceCheckMeta(TypedDict):
    """POST /face-checks' `meta` part (JSON beside the crops): what the client says of its
    check; the server records it and judges from the crops (FACE-3)."""

    check_id: str
    purpose: str  # "lesson_start" | "periodic" | "exam" | "photo_confirm"
    lesson_id: int | None
    attempt_id: str | None
    started_at: str
    ended_at: str
    challenge_id: str | None  # None when made offline: the client picked the gesture
    crop_times: list[float]  # seconds after started_at, one per crop
    liveness: Liveness
    client_decision: NotRequired[ClientDecision]  # only when the client judged identity


class FaceCheckResult(TypedDict):
    check_id: str
    passed: bool
    distance: float | None
    reason: str | None


class ProgressResult(TypedDict):
    event_id: str
    status: Literal["credited", "duplicate", "refused"]
    reason: str | None


class LessonCredit(TypedDict):
    lesson_id: int
    credited_s: float
    complete: bool


class ProgressAnswer(TypedDict):
    results: list[ProgressResult]
    lessons: list[LessonCredit]


class Option(TypedDict):
    key: str
    text: str


class Question(TypedDict):
    id: str
    kind: Literal["single", "multiple", "judge"]
    text: str
    options: list[Option]
    points: int


class ExamResult(TypedDict):
    score: int
    passed: bool
    best_score: int | None
    attempts_used: int
    attempts_allowed: int
    enrollment_passed: bool
    ended_at: str | None


class Attempt(TypedDict):
    id: str
    enrollment_id: int
    number: int
    state: Literal["open", "submitted", "abandoned", "expired"]
    started_at: str
    deadline: str
    remaining_s: float
    questions: list[Question]
    answers: dict[str, list[str]]
    result: ExamResult | None
    identity_required: Literal["attempt_other_login", "exam_check_too_old"] | None


class Incident(TypedDict):
    incident_id: str
    kind: str
    at: str
    detail: str


class ForbiddenProgram(TypedDict):
    name: str
    category: str
    processes: list[str]
    products: list[str]


class ForbiddenPrograms(TypedDict):
    """EXAM-7: the server's list (app.proctor.programs.parse_list reads it)."""

    version: str
    programs: list[ForbiddenProgram]


class ReceiptCheck(TypedDict):
    valid: bool
    serial: str | None
    name: str | None
    trade: str | None
    credit_hours: float | None
    passed_at: str | None
