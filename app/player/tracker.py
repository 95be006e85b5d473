"""The tracker: playback ticks in, credited stretches and progress events out.

Qt-free on purpose: it is fed `(position, playing, rate)` ticks and reads the wall clock
from an injectable function, so its rules are tested with a fake clock and no display.

A *stretch* is one continuous run of playback at 1x (API.md, `POST /progress`). It is
closed, and an event emitted, at every pause, seek, face-check hold, end of media, and
every `chunk_s` seconds of play, so that killing the client loses little (DESIGN.md).
A stretch is broken, and nothing is credited across the break, when the position jumps
or media time runs ahead of the wall clock (PROG-5: never faster than real time), and
when media time stops while the wall clock runs on (a stall: its wall time must not be
reported as watching).
"""

import logging
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from app.core import intervals as credit
from app.core.clock import server_now
from app.core.intervals import Interval
from app.core.progress import CloseReason, ProgressEvent

__all__ = ["CloseReason", "ProgressEvent", "ProgressTracker", "TrackerTolerances", "utc_now"]

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    """The server's time as best known (app.core.clock): what progress is stamped with."""
    return server_now()


@dataclass
class _Stretch:
    from_s: float
    started_at: datetime
    last_s: float  # the furthest position seen in this stretch
    last_at: datetime  # when it was seen
    moved_at: datetime  # when the position last advanced (stall detection)
    # (position, wall time) each time the position advanced: where playback really was
    # when, for ending the stretch at a wall time in the past (FACE-5 `suspend`).
    seen: deque[tuple[float, datetime]] = field(default_factory=lambda: deque(maxlen=64))


@dataclass(frozen=True)
class TrackerTolerances:
    """How much player noise is forgiven before a stretch is broken.

    Players report time in steps (libvlc about every 250-500 ms), so one tick may show a
    little more media than wall time; `jump_s` is the most one tick may run ahead.
    """

    jump_s: float = 0.75
    back_jitter_s: float = 0.3  # a step back this small is reporting noise, not a seek
    stall_s: float = 1.5  # media standing still this long while playing is a stall
    end_slack_s: float = 1.0  # "Ended" within this of the duration counts as the end
    real_time_slack: float = 0.04  # PROG-5 allows 5%; stay under it


class ProgressTracker:
    """Turns ticks into credited intervals and emits one `ProgressEvent` per stretch."""

    def __init__(
        self,
        *,
        session_id: str,
        lesson_id: int,
        duration_s: float,
        emit: Callable[[ProgressEvent], None],
        clock: Callable[[], datetime] = utc_now,
        face_check_id: str | None = None,
        chunk_s: float = 5.0,
        tolerances: TrackerTolerances | None = None,
    ) -> None:
        self.session_id = session_id
        self.lesson_id = lesson_id
        self.duration_s = float(duration_s)
        self.face_check_id = face_check_id
        self.chunk_s = chunk_s
        self.tol = tolerances or TrackerTolerances()
        self._emit = emit
        self._clock = clock
        self._open: _Stretch | None = None
        # Where playback was last seen (or put by a seek), so a stretch that opens a tick
        # after play starts still begins where playback began, not a tick later.
        self._anchor: tuple[float, datetime] | None = None
        self._intervals: list[Interval] = []
        self._suspended = False

    # ------------------------------------------------------------------ reading

    @property
    def intervals(self) -> list[Interval]:
        """The union of what this tracker has emitted (lesson seconds)."""
        return list(self._intervals)

    @property
    def credited_s(self) -> float:
        return credit.covered_seconds(self._intervals)

    @property
    def is_open(self) -> bool:
        return self._open is not None

    @property
    def suspended(self) -> bool:
        return self._suspended

    # ------------------------------------------------------------------ feeding

    def tick(self, position_s: float, *, playing: bool, rate: float = 1.0) -> None:
        """One observation of the player; call it a few times a second."""
        now = self._clock()
        if not playing:
            self._close(CloseReason.PAUSE)
            self._anchor = (position_s, now)
            return
        if abs(rate - 1.0) > 1e-3:
            self._close(CloseReason.RATE)
            self._anchor = (position_s, now)
            return
        if self._suspended:
            return
        stretch = self._open
        if stretch is None:
            self._start(position_s, now)
            return
        moved = position_s - stretch.last_s
        elapsed = (now - stretch.last_at).total_seconds()
        if elapsed < 0 or moved < -self.tol.back_jitter_s or moved > elapsed + self.tol.jump_s:
            # A seek behind our back, a jump, or the clock going backwards: credit up to
            # the last good point and start over from here.
            self._close(CloseReason.JUMP)
            self._anchor = None
            self._start(position_s, now)
            return
        if moved <= 0:
            if (now - stretch.moved_at).total_seconds() > self.tol.stall_s:
                self._close(CloseReason.STALL, ended_at=stretch.moved_at)
                self._anchor = (stretch.last_s, now)
            return
        stretch.last_s, stretch.last_at, stretch.moved_at = position_s, now, now
        stretch.seen.append((position_s, now))
        if self._runs_ahead(stretch):
            self._close(CloseReason.JUMP)
            self._start(position_s, now)
        elif stretch.last_s - stretch.from_s >= self.chunk_s:
            self._close(CloseReason.CHUNK)
            self._start(position_s, now)

    def interrupt(self, reason: CloseReason, position_s: float | None = None) -> None:
        """Close the open stretch now (pause, seek, face-check hold).

        `position_s`, when given, is where playback stood at the interrupt, so the part
        played since the last tick is credited too, if it is plausible.
        """
        if position_s is not None and self._open is not None:
            self.tick(position_s, playing=True)
        self._close(reason)
        if position_s is not None:
            self._anchor = (position_s, self._clock())

    def seeked(self, to_s: float, from_s: float | None = None) -> None:
        """A seek happened (asked for, or undone by the guard): nothing is credited across."""
        self.interrupt(CloseReason.SEEK, from_s)
        self._anchor = (to_s, self._clock())

    def end_of_media(self, position_s: float | None = None) -> None:
        """The player reached the end: extend the last stretch to the duration if close."""
        stretch = self._open
        if stretch is not None and position_s is not None:
            self.tick(position_s, playing=True)
            stretch = self._open
        if stretch is not None:
            now = self._clock()
            if self.duration_s - stretch.last_s <= self.tol.end_slack_s:
                stretch.last_s, stretch.last_at = self.duration_s, now
        self._close(CloseReason.END)
        self._anchor = None

    def suspend(self, since: datetime | None = None) -> None:
        """FACE-5: no face in view, so credit nothing until `resume_crediting`.

        The open stretch ends where playback stood when the face was last seen (`since`,
        a wall time); what an earlier event already reported stays reported.
        """
        stretch = self._open
        if stretch is not None and since is not None and since < stretch.last_at:
            stretch.last_s = self._position_at(stretch, since)
            stretch.last_at = max(since, stretch.started_at)
        self._close(CloseReason.ABSENT)
        self._anchor = None
        self._suspended = True

    def discard(self) -> None:
        """Drop the open stretch unreported: what it covered was never really played
        (the media failed before anything of it could be decoded)."""
        if self._open is not None:
            log.info("dropping the open stretch from %.2f s: nothing was played", self._open.from_s)
        self._open = None
        self._anchor = None

    def resume_crediting(self) -> None:
        """The face is back: credit again from the next tick on."""
        self._suspended = False
        self._anchor = None

    def stop(self) -> None:
        """Close everything (the lesson window closes, the lesson changes)."""
        self._close(CloseReason.STOP)
        self._anchor = None

    # ------------------------------------------------------------------ internals

    def next_start_s(self, position_s: float) -> float:
        """Where a stretch opened now, at `position_s`, would start (see `_start`)."""
        return self._start_point(position_s, self._clock())[0]

    def _start_point(self, position_s: float, now: datetime) -> tuple[float, datetime]:
        if self._anchor is not None:
            anchor_s, anchor_at = self._anchor
            since = (now - anchor_at).total_seconds()
            ahead = position_s - anchor_s
            # Playback began at the anchor and has run `ahead` seconds since: start the
            # stretch there, dated as if played at 1x, which `since` must allow.
            if 0 <= ahead <= since + self.tol.jump_s:
                return anchor_s, max(anchor_at, now - timedelta(seconds=ahead))
        return position_s, now

    def _start(self, position_s: float, now: datetime) -> None:
        from_s, started_at = self._start_point(position_s, now)
        self._anchor = None
        self._open = _Stretch(from_s, started_at, position_s, now, now)

    @staticmethod
    def _position_at(stretch: _Stretch, at: datetime) -> float:
        """Where playback stood at wall time `at`, from the observations around it.

        From the last position seen at or before `at`, at most 1x since then and never
        past the first one seen after it. Counting at 1x from the stretch's start alone
        would credit every moment media time stood still (a slow start under load) and
        a late tick after `at` would be counted whole.
        """
        before_s, before_at = stretch.from_s, stretch.started_at
        after_s = stretch.last_s
        for position_s, seen_at in stretch.seen:
            if seen_at <= at:
                before_s, before_at = position_s, seen_at
            else:
                after_s = position_s
                break
        since_before = max((at - before_at).total_seconds(), 0.0)
        return max(min(before_s + since_before, after_s), stretch.from_s)

    def _runs_ahead(self, stretch: _Stretch) -> bool:
        media = stretch.last_s - stretch.from_s
        wall = (stretch.last_at - stretch.started_at).total_seconds()
        return media > wall + self.tol.jump_s

    def _close(self, reason: CloseReason, ended_at: datetime | None = None) -> None:
        stretch, self._open = self._open, None
        if stretch is None:
            return
        from_s = max(stretch.from_s, 0.0)
        to_s = min(stretch.last_s, self.duration_s) if self.duration_s > 0 else stretch.last_s
        end_time = ended_at or stretch.last_at
        wall = (end_time - stretch.started_at).total_seconds()
        # PROG-5 refuses a stretch longer than its wall time (+5%). Position reports lag
        # in steps, so a stretch can come out a little long: trim it rather than have
        # the server refuse all of it.
        most = wall * (1.0 + self.tol.real_time_slack)
        if to_s - from_s > most:
            log.info("trimming stretch %.2f-%.2f to its wall time %.2f s", from_s, to_s, wall)
            to_s = from_s + max(most, 0.0)
        if to_s - from_s <= 1e-3:
            return
        event = ProgressEvent(
            event_id=str(uuid.uuid4()),
            session_id=self.session_id,
            lesson_id=self.lesson_id,
            from_s=from_s,
            to_s=to_s,
            started_at=stretch.started_at,
            ended_at=end_time,
            face_check_id=self.face_check_id,
            closed_by=reason,
        )
        self._intervals = credit.add(self._intervals, (from_s, to_s))
        self._emit(event)
