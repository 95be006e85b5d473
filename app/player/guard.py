"""The guard's decisions (LEARN-3, LEARN-4, FACE-5), Qt-free.

The Qt glue (`LessonPlayer`) asks it what to do and does it: where a requested seek may
go, whether a position change seen on a tick was a seek made behind the player's back,
whether the speed must be put back, and whether the trainee may resume.
"""

from dataclasses import dataclass

from app.player.state import CHECK_HOLD_MESSAGE


@dataclass(frozen=True)
class SeekDecision:
    target_s: float
    refused: bool  # the request went past the frontier and was clamped


class PlaybackGuard:
    """Holds the credited frontier and the holds; every answer is a plain value."""

    # A tick may see the position run this much further than the wall clock explains
    # before it counts as a jump (players report time in coarse steps).
    JUMP_SLACK_S = 1.0
    # How far past the frontier a position may lie and still count as at it.
    FRONTIER_SLACK_S = 0.5

    def __init__(self, frontier_s: float = 0.0) -> None:
        self._frontier_s = max(float(frontier_s), 0.0)
        self._check_reason: str | None = None

    # ------------------------------------------------------------------ frontier

    @property
    def frontier_s(self) -> float:
        return self._frontier_s

    def raise_frontier(self, frontier_s: float) -> None:
        """The caller credits more; the frontier never goes back (credit is a union)."""
        self._frontier_s = max(self._frontier_s, float(frontier_s))

    def decide_seek(self, target_s: float, current_s: float) -> SeekDecision:
        """LEARN-3: anywhere up to the frontier (or where playback already is) is free."""
        limit = max(self._frontier_s, current_s)
        target = max(float(target_s), 0.0)
        if target <= limit:
            return SeekDecision(target, refused=False)
        return SeekDecision(limit, refused=True)

    def undo_for_jump(self, previous_s: float, position_s: float, elapsed_s: float) -> float | None:
        """Where to put playback back to if it jumped forward past the frontier on its own.

        `previous_s` was seen `elapsed_s` seconds of wall time before `position_s`. A jump
        that lands within the frontier is a free seek (LEARN-3 allows it) and stays.
        """
        natural_reach = previous_s + max(elapsed_s, 0.0) + self.JUMP_SLACK_S
        past_frontier = position_s > max(self._frontier_s, previous_s) + self.FRONTIER_SLACK_S
        if position_s > natural_reach and past_frontier:
            return previous_s
        return None

    @staticmethod
    def rate_to_restore(rate: float) -> float | None:
        """LEARN-3: the speed is 1x; anything else is put back."""
        return 1.0 if abs(rate - 1.0) > 1e-3 else None

    # ------------------------------------------------------------------ holds

    @property
    def check_reason(self) -> str | None:
        return self._check_reason

    def hold_for_check(self, reason: str) -> None:
        self._check_reason = reason

    def release_check(self) -> None:
        self._check_reason = None

    def why_not_resume(self) -> str | None:
        """The sentence explaining why the trainee may not resume now, or None if free."""
        if self._check_reason is not None:
            return CHECK_HOLD_MESSAGE
        return None
