"""The exam's request and response bodies of API.md (EXAM-*), named in schemas too."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from app.server.schema_types import ApiTime, Strict


class OptionOut(Strict):
    key: str
    text: str


class QuestionOut(Strict):
    """Q of API.md. No field carries the key (EXAM-6)."""

    id: str
    kind: Literal["single", "multiple", "judge"]
    text: str
    options: list[OptionOut]
    points: int


class ExamResultOut(Strict):
    """R of API.md. `passed` is this attempt's; `enrollment_passed` says whether any
    attempt has passed (EXAM-5), which is what the receipt needs; `ended_at` is when this
    attempt was graded (its deadline, for an expired one)."""

    score: int
    passed: bool
    best_score: int | None
    attempts_used: int
    attempts_allowed: int
    enrollment_passed: bool
    ended_at: dt.datetime | None


class AttemptOut(Strict):
    id: str
    enrollment_id: int
    number: int
    state: Literal["open", "submitted", "abandoned", "expired"]
    started_at: dt.datetime
    deadline: dt.datetime
    remaining_s: float
    questions: list[QuestionOut]
    answers: dict[str, list[str]]
    result: ExamResultOut | None
    # What this login must show before it answers (EXAM-1): null when it may answer;
    # `attempt_other_login` / `exam_check_too_old` as the answers' 403 would say.
    identity_required: Literal["attempt_other_login", "exam_check_too_old"] | None = None


class AnswerRequest(Strict):
    answer: list[Annotated[str, Field(max_length=4)]] = Field(max_length=8)


class IncidentRequest(Strict):
    incident_id: str = Field(min_length=1, max_length=64)
    kind: Literal[
        "focus_lost",
        "key_blocked",
        "display_changed",
        "no_face",
        "many_faces",
        "identity_failed",
        # EXAM-7, added: what else runs, what the PC is, what the lock could not do
        "forbidden_program",
        "virtual_machine",
        "remote_session",
        "capture_not_blocked",
        "injected_input",
    ]
    at: ApiTime
    detail: str = Field(default="", max_length=2000)


class ForbiddenProgramOut(Strict):
    name: str
    category: Literal["remote", "capture", "camera", "ai"]
    processes: list[str]
    products: list[str]


class ForbiddenProgramsOut(Strict):
    """EXAM-7: what the client refuses to start the exam beside, and watches during it."""

    version: str
    programs: list[ForbiddenProgramOut]
