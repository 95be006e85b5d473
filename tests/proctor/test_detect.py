"""Detection and mesh on real photos and frames: counts, pixel coordinates, model choice."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from app.proctor.detect import FaceEngine, to_working_size
from tests.support.detect_cases import (
    MULTI_SEEN_AS_ONE,
)


# RULES: FACE-1
def test_long_range_detector_counts_faces_on_every_real_photo(
    faces_dir: Path, engine: FaceEngine
) -> None:
    for folder in sorted(p for p in faces_dir.iterdir() if p.is_dir() and p.name != "_video"):
        for path in sorted(folder.glob("*.*")):
            image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
            faces = engine.detect(image, long_range=True)
            if folder.name == "_multi" and path.name not in MULTI_SEEN_AS_ONE:
                assert len(faces) >= 2, path.name
            else:
                assert len(faces) == 1, path.name


def test_faces_come_back_in_pixels_of_the_given_image(faces_dir: Path, engine: FaceEngine) -> None:
    # steve_wozniak1.jpg is 4098 px wide: detection runs downscaled, results must not.
    image = cv2.cvtColor(
        cv2.imread(str(faces_dir / "steve_wozniak/steve_wozniak1.jpg")), cv2.COLOR_BGR2RGB
    )
    small, scale = to_working_size(image)
    assert scale < 0.5
    (big_face,) = engine.detect(image, long_range=True)
    (small_face,) = engine.detect(small, long_range=True)
    assert abs(big_face.width * scale - small_face.width) < 0.02 * small_face.width
    assert big_face.eye_distance > 300  # the eyes are ~450 px apart in the original
    right_eye_x = big_face.keypoints["right_eye"][0]
    assert big_face.x < right_eye_x < big_face.x + big_face.width


def test_mesh_on_a_live_frame(live_frames: list[np.ndarray], engine: FaceEngine) -> None:
    frame = cv2.cvtColor(live_frames[20], cv2.COLOR_BGR2RGB)
    (face,) = engine.detect(frame)
    (mesh,) = engine.mesh(frame)
    assert mesh.shape == (478, 3)
    # The mesh's nose tip lies inside the detector's box, both in pixels.
    nose_x, nose_y = mesh[1, :2]
    assert face.x < nose_x < face.x + face.width and face.y < nose_y < face.y + face.height
    assert engine.mesh(np.zeros_like(frame)) == []
    assert engine.detect(np.zeros_like(frame)) == []
