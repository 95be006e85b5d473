"""When the next identity check runs while a lesson plays (FACE-5): at random moments
every `min_s`..`max_s` seconds (the server's setting, 300..900 by default), so a trainee
cannot predict them. The RNG and the clock are injectable for tests."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_MIN_S = 300.0
DEFAULT_MAX_S = 900.0


@dataclass
class IdentitySchedule:
    min_s: float = DEFAULT_MIN_S
    max_s: float = DEFAULT_MAX_S
    rng: random.Random = field(default_factory=random.SystemRandom)
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if not 0 < self.min_s <= self.max_s:
            raise ValueError(f"need 0 < min_s <= max_s, got {self.min_s}..{self.max_s}")
        self.next_at = self.clock() + self.next_delay()

    def next_delay(self) -> float:
        return self.rng.uniform(self.min_s, self.max_s)

    def due(self) -> bool:
        return self.clock() >= self.next_at

    def restart(self) -> float:
        """After a check (passed or not), or when playback resumes: the next moment."""
        self.next_at = self.clock() + self.next_delay()
        return self.next_at
