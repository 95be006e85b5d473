"""A printed photo held up to the webcam: the same picture, moved, rotated, rescaled,
squashed, tilted in perspective and lit differently in every frame (a hand is not still).
"""

from __future__ import annotations

import cv2
import numpy as np


def held_photo_frames(
    photo_bgr: np.ndarray,
    count: int,
    seed: int,
    *,
    tilt: float = 0.3,
    size: tuple[int, int] = (640, 480),
) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    scale = 400 / max(photo_bgr.shape[:2])
    photo = cv2.resize(photo_bgr, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    height, width = photo.shape[:2]
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    frames = []
    for _ in range(count):
        # Perspective: one vertical edge nearer the camera than the other.
        lean = rng.uniform(-tilt, tilt)
        near = abs(lean) * height
        if lean >= 0:
            warped = np.float32([[0, near], [width, 0], [width, height], [0, height - near]])
        else:
            warped = np.float32([[0, 0], [width, near], [width, height - near], [0, height]])
        squash, shear = rng.uniform(0.8, 1.2), rng.uniform(-0.15, 0.15)
        warped[:, 0] = warped[:, 0] * squash + warped[:, 1] * shear
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-20, 20),
                                       rng.uniform(0.7, 1.2))
        warped = cv2.transform(warped[None], turn)[0]
        centre = np.float32([size[0] / 2, size[1] / 2]) + rng.uniform(-60, 60, 2)
        warped += (centre - warped.mean(axis=0)).astype(np.float32)
        homography = cv2.getPerspectiveTransform(corners, warped)
        frame = cv2.warpPerspective(photo, homography, size, borderValue=(90, 100, 110))
        light = frame.astype(np.float32) * rng.uniform(0.6, 1.4) + rng.uniform(-30, 30)
        frames.append(np.clip(light, 0, 255).astype(np.uint8))
    return frames
