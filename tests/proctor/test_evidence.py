"""The crops a face check sends across its gesture (FACE-3, API.md "Face checks"), on
the real clip as the file camera gives it, and the client's own gesture pick offline."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from app.proctor.check import CROP_MAX_BYTES, FaceCheck
from app.proctor.detect import FaceEngine
from app.proctor.evidence import Candidate, Evidence
from app.proctor.gesture import (
    GESTURES,
    allowed_gestures,
    as_gesture,
    liveness_for,
    pick_gesture,
)
from app.proctor.identity import DlibEmbedder
from app.proctor.imagefile import decode_image
from app.proctor.liveness import eye_openness
from tests.support.check_runs import FakeClock, run


def crop_openness(crop: bytes, engine: FaceEngine) -> float:
    """Both eyes' lid gap as the face mesh measures it on the crop alone (the server's
    view: nothing but the JPEG)."""
    decoded = decode_image(crop)
    assert decoded.kind == "jpeg" and decoded.image is not None
    height, width = decoded.image.shape[:2]
    assert height * width <= 1_000_000 and len(crop) <= CROP_MAX_BYTES
    meshes = engine.mesh(cv2.cvtColor(decoded.image, cv2.COLOR_BGR2RGB))
    assert len(meshes) == 1, "every crop holds the whole face"
    return min(eye_openness(meshes[0]))


# RULES: FACE-3, FACE-7
def test_a_blink_on_the_whole_clip_is_sent_as_open_closed_open(
    whole_clip: list[np.ndarray], lin_enrolled: np.ndarray, engine: FaceEngine,
    embedder: DlibEmbedder,
) -> None:  # fmt: skip
    # The whole clip, looped as a webcam file plays it: cuts, two faces, the blink at the
    # first frames of its shot. The first pass's blink has no eyes-open frame before it,
    # so the check waits for the next one, with the first pass's open eyes before it.
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock,
                      liveness_method="blink")
    assert run(check, clock, whole_clip * 3) == "passed"
    assert check.liveness_label == "blink"
    crops, times = check.crops, check.crop_times
    assert 3 <= len(crops) <= 12 and len(times) == len(crops)
    assert times == sorted(times) and times[0] >= 0
    assert times[-1] <= clock.now - check.started_at
    openness = [crop_openness(crop, engine) for crop in crops]
    open_level = float(np.median(openness))
    closed = [n for n, value in enumerate(openness) if value < 0.7 * open_level]
    assert closed, f"no closed-eye crop among {openness}"
    assert closed[0] > 0 and closed[-1] < len(crops) - 1, "open crops before and after"
    assert openness[0] >= 0.85 * open_level and openness[-1] >= 0.85 * open_level


# RULES: FACE-3
def test_a_blink_with_no_open_eyes_before_it_is_not_enough(
    live_frames: list[np.ndarray], lin_enrolled: np.ndarray, engine: FaceEngine,
    embedder: DlibEmbedder,
) -> None:  # fmt: skip
    # The shot once: it opens mid-blink. The client saw a blink, but its crops could not
    # show one to the server, so it is not live.
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock,
                      liveness_method="blink")
    assert run(check, clock, live_frames) == "collecting"
    clock.now += 31
    assert check.tick() == "failed" and check.reason == "not_live"
    assert 3 <= len(check.crops) <= 12  # evidence of the failed check, spread over it


def candidate(t: float, run: int, towards: float) -> Candidate:
    return Candidate(t, run, (0.2, 0.2), towards, f"{t}".encode())


# RULES: FACE-3
def test_a_turn_is_sent_from_frontal_through_its_furthest_point() -> None:
    evidence = Evidence()
    path = [0.0, 0.02, 0.1, 0.2, 0.34, 0.41, 0.3, 0.1, 0.05]
    for n, towards in enumerate(path):
        evidence.add(candidate(n * 0.25, 1, towards))
    chosen = evidence.across_turn(run=1, turned_at=1.0, turn_ratio=0.3)
    # From the last frontal frame before the turn (0.1) through 0.41 and back.
    assert [c.towards for c in chosen] == [0.1, 0.2, 0.34, 0.41, 0.3, 0.1, 0.05]
    # Another run's frames never stand for this turn's start.
    assert evidence.across_turn(run=2, turned_at=1.0, turn_ratio=0.3) == []
    # No frame reached the asked turn: nothing to show.
    assert evidence.across_turn(run=1, turned_at=1.0, turn_ratio=0.5) == []


# RULES: FACE-3
def test_the_offline_pick_covers_every_gesture_and_honours_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CEDU_FACE_GESTURES", raising=False)
    rng = random.Random(7)
    assert {pick_gesture(rng=rng) for _ in range(60)} == set(GESTURES)
    monkeypatch.setenv("CEDU_FACE_GESTURES", "blink")
    assert {pick_gesture(rng=rng) for _ in range(20)} == {"blink"}
    assert allowed_gestures("turn_left, turn_right") == ("turn_left", "turn_right")
    assert allowed_gestures("wink") == GESTURES  # a setting naming nothing is ignored
    assert liveness_for("turn_right") == ("turn", "right")
    assert liveness_for("blink")[0] == "blink"
    assert as_gesture("turn_left") == "turn_left" and as_gesture("nod") is None
