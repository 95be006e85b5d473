"""The face check state machine (FACE-3, FACE-7) on the real clip, with an injected clock."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from app.proctor.check import CROP_MAX_BYTES, FaceCheck
from app.proctor.detect import FaceEngine
from app.proctor.identity import (
    DEFAULT_THRESHOLD,
    DlibEmbedder,
    decide,
    distance,
    embedding_from_image_bytes,
)
from app.proctor.imagefile import decode_image
from tests.support.check_runs import (
    FakeClock,
    run,
)


# RULES: FACE-3, FACE-7
def test_live_clip_passes_against_the_whitened_enrolled_photo(
    looped_frames: list[np.ndarray], lin_enrolled: np.ndarray, engine: FaceEngine,
    embedder: DlibEmbedder,
) -> None:
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
    assert run(check, clock, looped_frames) == "passed"
    assert check.reason is None and check.passed_method == "blink"
    assert check.distance is not None and check.distance <= DEFAULT_THRESHOLD
    assert clock.now - check.started_at < 30
    # Evidence: 3-12 small crops across the blink that the server can embed again and
    # match, deciding as the client does on the median (single frames reach 0.59).
    assert 3 <= len(check.crops) <= 12
    server_distances = []
    for crop in check.crops:
        assert len(crop) <= CROP_MAX_BYTES
        decoded = decode_image(crop)
        assert decoded.kind == "jpeg" and decoded.image is not None
        assert min(decoded.image.shape[:2]) >= 160
        again = embedding_from_image_bytes(crop, engine=engine, embedder=embedder)
        assert again.embedding is not None, again.reason
        server_distances.append(distance(again.embedding, lin_enrolled))
    assert decide(server_distances, DEFAULT_THRESHOLD)[0]


# RULES: FACE-3
def test_live_clip_fails_mismatch_against_someone_else(
    looped_frames: list[np.ndarray], obama_enrolled: np.ndarray, engine: FaceEngine,
    embedder: DlibEmbedder,
) -> None:
    clock = FakeClock()
    check = FaceCheck(obama_enrolled, engine=engine, embedder=embedder, clock=clock)
    assert run(check, clock, looped_frames) == "failed"
    assert check.reason == "mismatch"
    assert check.distance is not None and check.distance > DEFAULT_THRESHOLD
    assert check.crops  # failed checks keep their evidence for the server


# RULES: FACE-3
def test_blank_frames_fail_no_face_at_the_deadline(
    lin_enrolled: np.ndarray, engine: FaceEngine, embedder: DlibEmbedder
) -> None:
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
    blank = np.full((360, 640, 3), 40, np.uint8)
    assert run(check, clock, [blank] * 29, step=1.0) == "collecting"  # 28 s: still trying
    clock.now += 3.0
    assert check.feed(blank) == "failed"
    assert check.reason == "no_face" and check.crops == []


# RULES: FACE-3
def test_timeout_with_an_injected_clock(
    lin_enrolled: np.ndarray, engine: FaceEngine, embedder: DlibEmbedder
) -> None:
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock, timeout_s=30)
    clock.now += 29.9
    assert check.tick() == "collecting"
    clock.now += 0.2
    assert check.tick() == "failed" and check.reason == "timeout"
    assert check.ended_at == clock.now
    assert check.feed(np.zeros((10, 10, 3), np.uint8)) == "failed"  # finished stays finished


# RULES: FACE-3
def test_a_still_photo_of_the_right_person_fails_not_live(
    faces_dir: Path, lin_enrolled: np.ndarray, engine: FaceEngine, embedder: DlibEmbedder
) -> None:
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
    photo = cv2.imread(str(faces_dir / "lin_manuel_miranda/lin-manuel-miranda.png"))
    assert run(check, clock, [photo] * 17, step=2.0) == "failed"
    assert check.reason == "not_live"
    assert check.distance is not None and check.distance <= DEFAULT_THRESHOLD


# RULES: FACE-3
def test_two_people_fail_many_faces(
    faces_dir: Path, lin_enrolled: np.ndarray, engine: FaceEngine, embedder: DlibEmbedder
) -> None:
    clock = FakeClock()
    check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
    two = cv2.imread(str(faces_dir / "_multi/two_people.jpg"))
    assert run(check, clock, [two] * 17, step=2.0) == "failed"
    assert check.reason == "many_faces"


# RULES: FACE-1, FACE-3
def test_whitened_enrolled_photo_matches_the_live_frames(
    live_frames: list[np.ndarray], lin_enrolled: np.ndarray, obama_enrolled: np.ndarray,
    engine: FaceEngine, embedder: DlibEmbedder,
) -> None:
    to_lin, to_obama = [], []
    for frame in live_frames[::4]:
        rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        (face,) = engine.detect(rgb)
        vector = embedder.embed(rgb, face)
        assert vector is not None
        to_lin.append(distance(vector, lin_enrolled))
        to_obama.append(distance(vector, obama_enrolled))
    print(f"frames to whitened enrolled photo: {min(to_lin):.3f}-{max(to_lin):.3f} "
          f"(median {np.median(to_lin):.3f}); to obama {min(to_obama):.3f}-{max(to_obama):.3f}")
    assert decide(to_lin, DEFAULT_THRESHOLD)[0]
    assert not decide(to_obama, DEFAULT_THRESHOLD)[0]
    assert sum(d <= DEFAULT_THRESHOLD for d in to_lin) >= 0.8 * len(to_lin)
    assert all(d > DEFAULT_THRESHOLD for d in to_obama)
    assert all(a < b for a, b in zip(to_lin, to_obama, strict=True))


# RULES: FACE-3, FACE-5
def test_a_check_gives_back_the_mesh_and_the_embedder_and_the_next_loads_them_again(
    looped_frames: list[np.ndarray], lin_enrolled: np.ndarray,
) -> None:  # fmt: skip
    # Own engine and embedder: the session's shared ones stay loaded for other tests.
    engine, embedder = FaceEngine(), DlibEmbedder()
    assert not embedder.loaded and embedder.loads == 0  # nothing read before it is needed
    for attempt in (1, 2):
        clock = FakeClock()
        check = FaceCheck(lin_enrolled, engine=engine, embedder=embedder, clock=clock)
        assert run(check, clock, looped_frames) == "passed"
        assert check.distance is not None and check.distance < DEFAULT_THRESHOLD
        # Identity came after liveness: the mesh went before the networks loaded.
        assert not engine.mesh_loaded and embedder.loaded and embedder.loads == attempt
        check.release_models()
        # Only the detector stays, for the presence watch.
        assert not engine.mesh_loaded and not embedder.loaded
        assert engine.detect(cv2.cvtColor(looped_frames[0], cv2.COLOR_BGR2RGB))
    engine.close()
