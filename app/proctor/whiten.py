"""「自动换白底」: turn a webcam frame or a photo into a white-background 1-inch photo.

The person is cut out with mediapipe's selfie segmentation and laid on white, then the
picture is cropped around head and shoulders to the 1-inch ratio (295:413) and scaled so
the result passes `check_photo`: at least 413 px wide, which puts the eyes about 75 px
apart (the check wants 60).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from app.proctor.arrays import Array
from app.proctor.detect import Face, FaceEngine, default_engine
from app.proctor.imagefile import decode_image, encode_jpeg

RATIO_W, RATIO_H = 295, 413
# Output width: 1.4x the minimum leaves margin above the eye-distance floor; the cap keeps
# the file small for a large source photo.
OUTPUT_MIN_WIDTH = 413
OUTPUT_MAX_WIDTH = 826
# Crop geometry in units of the detector's face box (brows to chin, cheek to cheek):
# two face widths across, half a face height of air above the box (the hair sits there).
CROP_FACE_WIDTHS = 2.0
CROP_ABOVE_FACE = 0.55
WHITE = 255.0


@dataclass(frozen=True)
class WhitenResult:
    image: Array | None  # BGR
    reason: str | None  # "not_an_image", "no_face", "many_faces"

    def jpeg(self, quality: int = 92) -> bytes:
        if self.image is None:
            raise ValueError(f"no photo: {self.reason}")
        return encode_jpeg(self.image, quality=quality)

    def png(self) -> bytes:
        if self.image is None:
            raise ValueError(f"no photo: {self.reason}")
        ok, buffer = cv2.imencode(".png", self.image)
        if not ok:
            raise ValueError("PNG encoding failed")
        return buffer.tobytes()


def _crop_box(face: Face) -> tuple[int, int, int, int]:
    """(left, top, width, height) of the 1-inch crop around the face; may leave the image."""
    crop_width = face.width * CROP_FACE_WIDTHS
    crop_height = crop_width * RATIO_H / RATIO_W
    center_x, _ = face.center
    left = center_x - crop_width / 2
    top = face.y - face.height * CROP_ABOVE_FACE
    return round(left), round(top), round(crop_width), round(crop_height)


def _crop_with_white(image: Array, left: int, top: int, width: int, height: int) -> Array:
    """The crop, padded with white where it reaches outside the picture."""
    image_height, image_width = image.shape[:2]
    pad_left, pad_top = max(0, -left), max(0, -top)
    pad_right = max(0, left + width - image_width)
    pad_bottom = max(0, top + height - image_height)
    padded = cv2.copyMakeBorder(
        image, pad_top, pad_bottom, pad_left, pad_right, cv2.BORDER_CONSTANT, value=(255, 255, 255)
    )
    x, y = left + pad_left, top + pad_top
    return padded[y : y + height, x : x + width]


def whiten_image(image_bgr: Array, *, engine: FaceEngine | None = None) -> WhitenResult:
    engine = engine or default_engine()
    image_rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    faces = engine.detect(image_rgb, long_range=True)
    if not faces:
        return WhitenResult(None, "no_face")
    if len(faces) > 1:
        return WhitenResult(None, "many_faces")
    person = engine.person_mask(image_rgb)
    # Sharpen the soft mask a little so hair edges do not keep a halo of the old wall,
    # while staying soft enough not to look cut out with scissors.
    alpha = np.clip((person - 0.3) / 0.4, 0.0, 1.0)[..., None]
    composite = image_bgr.astype(np.float32) * alpha + WHITE * (1.0 - alpha)
    white_background = np.clip(composite, 0, 255).astype(np.uint8)
    crop = _crop_with_white(white_background, *_crop_box(faces[0]))
    out_width = int(min(OUTPUT_MAX_WIDTH, max(OUTPUT_MIN_WIDTH, crop.shape[1])))
    out_height = round(out_width * RATIO_H / RATIO_W)
    grow = out_width > crop.shape[1]
    resized = cv2.resize(
        crop,
        (out_width, out_height),
        interpolation=cv2.INTER_CUBIC if grow else cv2.INTER_AREA,
    )
    return WhitenResult(resized, None)


def whiten_bytes(data: bytes, *, engine: FaceEngine | None = None) -> WhitenResult:
    """From JPEG/PNG bytes (a chosen file); same result as `whiten_image`."""
    decoded = decode_image(data)
    if decoded.image is None:
        return WhitenResult(None, decoded.reason or "not_an_image")
    return whiten_image(decoded.image, engine=engine)
