"""The progress event: one credited stretch of a lesson (API.md, P), the one type the
player's tracker makes, the outbox journals and the wire sends (`to_payload`).

A stretch is one continuous run of playback at 1x; `closed_by` says what ended it (for
the logs and the tests, it does not travel).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypedDict


class CloseReason(StrEnum):
    PAUSE = "pause"
    SEEK = "seek"
    CHECK = "check"  # a face-check hold or failure (FACE-5)
    END = "end"
    CHUNK = "chunk"  # the periodic close, every `chunk_s` of play
    JUMP = "jump"  # the position moved by more than playback explains
    STALL = "stall"
    RATE = "rate"  # played at another speed than 1x (LEARN-2)
    STOP = "stop"
    ABSENT = "absent"  # no face in view (FACE-5): crediting is suspended


class ProgressPayload(TypedDict):
    """A progress event as `POST /progress` takes it and the journal keeps it (JSON)."""

    event_id: str
    session_id: str
    lesson_id: int
    from_s: float
    to_s: float
    started_at: str
    ended_at: str
    face_check_id: str | None


@dataclass(frozen=True)
class ProgressEvent:
    """One credited stretch, as the tracker closed it."""

    event_id: str
    session_id: str
    lesson_id: int  # the lesson's id in the API (an int, API.md)
    from_s: float
    to_s: float
    started_at: datetime
    ended_at: datetime
    face_check_id: str | None
    closed_by: CloseReason

    def to_payload(self) -> ProgressPayload:
        return {
            "event_id": self.event_id,
            "session_id": self.session_id,
            "lesson_id": self.lesson_id,
            "from_s": round(self.from_s, 3),
            "to_s": round(self.to_s, 3),
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat(),
            "face_check_id": self.face_check_id,
        }
