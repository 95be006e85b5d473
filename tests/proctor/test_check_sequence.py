"""The face check decides liveness first, identity after, on faces of the run that did the
gesture (FACE-3), with one set of models resident at a time (the memory beside a playing
lesson, FACE-5) and the kept frames dropped at the end (FACE-7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from app.proctor.check import FaceCheck
from app.proctor.detect import FaceEngine
from app.proctor.identity import DEFAULT_THRESHOLD, DlibEmbedder
from tests.support.check_runs import FakeClock, run


class WatchedEmbedder(DlibEmbedder):
    """The real embedder, noting what else was resident when each network loaded."""

    def __init__(self, engine: FaceEngine) -> None:
        super().__init__()
        self.engine = engine
        self.events: list[tuple[str, bool, bool]] = []  # (network, mesh, other network)

    def _shape_predictor(self) -> Any:
        if self._predictor is None:
            self.events.append(("predictor", self.engine.mesh_loaded, self._resnet is not None))
        return super()._shape_predictor()

    def _face_resnet(self) -> Any:
        if self._resnet is None:
            self.events.append(("resnet", self.engine.mesh_loaded, self._predictor is not None))
        return super()._face_resnet()


@pytest.fixture(scope="module")
def obama_photo(faces_dir: Path) -> np.ndarray:
    """Another photo of the enrolled person, as an impostor would hold it up."""
    photo = cv2.imread(str(faces_dir / "obama/obama2.jpg"))
    assert photo is not None
    return photo


# RULES: FACE-3, FACE-5, FACE-7
def test_identity_follows_liveness_with_one_model_resident_at_a_time(
    looped_frames: list[np.ndarray], lin_enrolled: np.ndarray
) -> None:
    engine = FaceEngine()
    embedder = WatchedEmbedder(engine)
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
    assert run(check, clock, looped_frames) == "passed"
    assert check.passed_method == "blink"
    # The mesh was gone before dlib's first network loaded, and the shape predictor was
    # gone before the ResNet loaded.
    assert embedder.events == [("predictor", False, False), ("resnet", False, False)]
    # FACE-7: of the kept frames only the evidence crops outlive the check.
    assert all(kept.region is None for kept in check._kept)
    assert 3 <= len(check.crops) <= 12
    check.release_models()
    engine.close()


# RULES: FACE-3
def test_a_photo_held_up_after_the_blink_of_someone_else_fails(
    live_frames: list[np.ndarray], obama_enrolled: np.ndarray, obama_photo: np.ndarray,
    engine: FaceEngine, embedder: DlibEmbedder,
) -> None:  # fmt: skip
    # Someone else looks at the camera, blinks (the clip's first 12 frames hold a whole
    # blink), then holds up the enrolled person's photo until the deadline.
    clock = FakeClock()
    check = FaceCheck(obama_enrolled, engine=engine, embedder=embedder, clock=clock)
    assert run(check, clock, live_frames[90:] + live_frames[:12]) == "collecting"
    assert check.liveness_passed  # the blink was seen...
    assert run(check, clock, [obama_photo] * 70, step=0.5) == "failed"
    # ...but the photo's run never blinked: its identity matched, liveness did not.
    assert check.reason == "not_live" and not check.liveness_passed
    assert check.distance is not None and check.distance <= DEFAULT_THRESHOLD


# RULES: FACE-3
def test_a_photo_swapped_for_a_live_face_before_the_blink_does_not_lend_its_identity(
    live_frames: list[np.ndarray], obama_enrolled: np.ndarray, obama_photo: np.ndarray,
    engine: FaceEngine, embedder: DlibEmbedder,
) -> None:  # fmt: skip
    # The enrolled person's photo for 3 s, then someone else's live face blinks: what is
    # compared is the face that blinked.
    clock = FakeClock()
    check = FaceCheck(obama_enrolled, engine=engine, embedder=embedder, clock=clock)
    assert run(check, clock, [obama_photo] * 90) == "collecting"
    assert run(check, clock, live_frames + live_frames) == "failed"
    assert check.reason == "mismatch" and check.liveness_passed
    assert check.distance is not None and check.distance > DEFAULT_THRESHOLD


# RULES: FACE-3
@pytest.mark.parametrize("start", [0, 60])
def test_faces_with_closed_eyes_are_not_compared(
    live_frames: list[np.ndarray], lin_enrolled: np.ndarray, engine: FaceEngine,
    embedder: DlibEmbedder, start: int,
) -> None:  # fmt: skip
    # The clip opens mid-blink (frames 82-85) and loops back to it, as the demo camera
    # does. Kept with their eyes shut, the blink's frames (0.57 from the enrolled photo)
    # made the median 0.574 against the 0.58 threshold; the open-eyed frames give 0.525.
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
    assert run(check, clock, live_frames[start:] + live_frames) == "passed"
    assert check.distance is not None and check.distance < 0.54
