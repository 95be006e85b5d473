"""The liveness gesture a face check asks for (FACE-3): blink, or turn the head left or
right (the person's own side).

Online the server picks it (POST /face-checks/challenges) and judges it from the crops;
offline the client picks it here, at random, so that a script cannot know beforehand
which one to replay. CEDU_FACE_GESTURES (a comma list, e.g. "blink") narrows the
client's own pick on one PC, as the server's setting narrows its pick: the shared face
video, the tests' webcam, has a blink and no head turn.
"""

from __future__ import annotations

import logging
import os
import random
from typing import Literal

from app.proctor.liveness import Method, Side

log = logging.getLogger(__name__)

Gesture = Literal["blink", "turn_left", "turn_right"]
GESTURES: tuple[Gesture, ...] = ("blink", "turn_left", "turn_right")
_RANDOM = random.SystemRandom()


def allowed_gestures(setting: str | None = None) -> tuple[Gesture, ...]:
    """The gestures this PC may pick offline: all, or those CEDU_FACE_GESTURES names.
    A setting that names none of them is ignored (logged), never an empty choice."""
    text = os.environ.get("CEDU_FACE_GESTURES", "") if setting is None else setting
    if not text.strip():
        return GESTURES
    named = {word.strip() for word in text.split(",")}
    chosen = tuple(g for g in GESTURES if g in named)
    if not chosen:
        log.warning("CEDU_FACE_GESTURES=%r names no gesture; all are used", text)
        return GESTURES
    return chosen


def pick_gesture(
    allowed: tuple[Gesture, ...] | None = None, rng: random.Random | None = None
) -> Gesture:
    """The client's own pick, when the server cannot be asked."""
    return (rng or _RANDOM).choice(allowed or allowed_gestures())


def as_gesture(value: object) -> Gesture | None:
    """A gesture named by the server, or None for anything this client does not know."""
    return next((gesture for gesture in GESTURES if gesture == value), None)


def liveness_for(gesture: Gesture) -> tuple[Method, Side]:
    """The liveness detector's method and side for a gesture."""
    if gesture == "blink":
        return "blink", "left"
    return "turn", "left" if gesture == "turn_left" else "right"
