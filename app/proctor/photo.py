"""Enrolled-photo checks (FACE-1): is this a usable 1-inch, white-background face photo?

`check_photo(data)` answers with the first failed check, in the order a trainee can act
on them; the reasons are exactly those of API.md (`PUT /me/photo` 422 `photo_rejected`),
plus `photo_too_large` for what the server answers with 413 (over 5 MB, or a header that
announces more pixels than any camera takes, i.e. a decompression bomb).

Thresholds, calibrated on the shared real photos (tests/proctor/test_photo.py):
- blur: variance of the Laplacian of the face box resized to 128x128, so the number does
  not depend on the photo's resolution. Sharp originals measure 78-2050 (the softest is
  `alex-lacamoire.png`, a small upscaled PNG); a Gaussian blur of sigma = face width / 80
  (a slightly out-of-focus webcam) already brings every photo to 12-34. The line is 50.
- background: pixels the selfie segmenter calls background (person mask < 0.1, and a
  margin away from the person's edge where hair and mask blur mix), near-white when
  HSV value >= 190 and saturation <= 45 (a lit white wall, slightly grey or warm, passes;
  a light-blue ID backdrop has saturation ~60-90 and fails). 85 % of them must be
  near-white.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from app.proctor.arrays import Array
from app.proctor.detect import Face, FaceEngine, default_engine
from app.proctor.imagefile import MAX_PHOTO_BYTES, decode_image

__all__ = ["MAX_PHOTO_BYTES", "MESSAGES", "PhotoVerdict", "check_photo", "check_photo_image"]

MIN_WIDTH, MIN_HEIGHT = 295, 413  # the 1-inch photo (一寸照) at 300 dpi
MIN_EYE_DISTANCE_PX = 60
# The face box must stay inside the image, give or take this share of its size: the
# detector's box is loose by a few pixels at the border even for whole faces.
CUT_OFF_TOLERANCE = 0.03
BLUR_MIN_SHARPNESS = 50.0
SHARPNESS_SIDE = 128
WHITE_MIN_VALUE = 190
WHITE_MAX_SATURATION = 45
WHITE_MIN_SHARE = 0.85
BACKGROUND_MAX_PERSON_PROBABILITY = 0.1
# At least this share of the image must be background to judge it at all.
BACKGROUND_MIN_SHARE = 0.03

MESSAGES: dict[str, str] = {
    "photo_too_large": "照片文件太大（不能超过5MB），请换一张较小的照片。",
    "not_an_image": "这不是一张可以打开的照片，请选择JPG或PNG格式的照片。",
    "too_small": "照片尺寸太小（至少295×413像素），请换一张更清楚的照片。",
    "no_face": "照片里没有找到人脸，请正对镜头重新拍摄。",
    "many_faces": "照片里有不止一个人，请只拍本人。",
    "face_too_small": "照片里的脸太小或不完整，请靠近镜头、露出整张脸重新拍摄。",
    "blurred": "照片太模糊，请保持不动、对好焦后重新拍摄。",
    "background_not_white": "照片背景不是白色，请在白墙前重新拍摄，或使用“自动换白底”。",
}
OK_MESSAGE = "照片符合要求。"


@dataclass(frozen=True)
class PhotoVerdict:
    ok: bool
    reason: str | None
    message: str
    details: dict[str, Any] = field(default_factory=dict)


def _refuse(reason: str, **details: Any) -> PhotoVerdict:
    return PhotoVerdict(False, reason, MESSAGES[reason], details)


def face_sharpness(image_bgr: Array, face: Face) -> float:
    """Variance of the Laplacian over the face box, normalised to a 128 px square."""
    height, width = image_bgr.shape[:2]
    left, top, right, bottom = face.box_int(width, height)
    if right - left < 4 or bottom - top < 4:
        return 0.0
    gray = cv2.cvtColor(image_bgr[top:bottom, left:right], cv2.COLOR_BGR2GRAY)
    gray = cv2.resize(gray, (SHARPNESS_SIDE, SHARPNESS_SIDE), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def is_cut_off(face: Face, image_width: int, image_height: int) -> bool:
    slack_x, slack_y = face.width * CUT_OFF_TOLERANCE, face.height * CUT_OFF_TOLERANCE
    return (
        face.x < -slack_x
        or face.y < -slack_y
        or face.x + face.width > image_width + slack_x
        or face.y + face.height > image_height + slack_y
    )


def background_white_share(
    image_bgr: Array, person_probability: Array
) -> tuple[float, float]:
    """(share of background pixels that are near-white, share of the image that is
    background). The person and a margin around them are left out, so clothes and the
    soft mask edge in the hair never count."""
    height, width = image_bgr.shape[:2]
    person = (person_probability >= BACKGROUND_MAX_PERSON_PROBABILITY).astype(np.uint8)
    margin = max(3, round(0.02 * max(height, width)))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * margin + 1, 2 * margin + 1))
    background = cv2.dilate(person, kernel) == 0
    background_share = float(background.mean())
    if not background.any():
        return 0.0, 0.0
    hsv = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2HSV)
    value, saturation = hsv[..., 2][background], hsv[..., 1][background]
    white = (value >= WHITE_MIN_VALUE) & (saturation <= WHITE_MAX_SATURATION)
    return float(white.mean()), background_share


def check_photo_image(image_bgr: Array, *, engine: FaceEngine | None = None) -> PhotoVerdict:
    """FACE-1 checks on an already decoded BGR image."""
    engine = engine or default_engine()
    height, width = image_bgr.shape[:2]
    details: dict[str, Any] = {"width": width, "height": height}
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return _refuse("too_small", **details)
    image_rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    faces = engine.detect(image_rgb, long_range=True)
    details["faces"] = len(faces)
    if not faces:
        return _refuse("no_face", **details)
    if len(faces) > 1:
        return _refuse("many_faces", **details)
    face = faces[0]
    details["eye_distance"] = round(face.eye_distance, 1)
    details["cut_off"] = is_cut_off(face, width, height)
    if face.eye_distance < MIN_EYE_DISTANCE_PX or details["cut_off"]:
        return _refuse("face_too_small", **details)
    details["sharpness"] = round(face_sharpness(image_bgr, face), 1)
    if details["sharpness"] < BLUR_MIN_SHARPNESS:
        return _refuse("blurred", **details)
    white_share, background_share = background_white_share(
        image_bgr, engine.person_mask(image_rgb)
    )
    details["background_white_share"] = round(white_share, 3)
    details["background_share"] = round(background_share, 3)
    if background_share < BACKGROUND_MIN_SHARE or white_share < WHITE_MIN_SHARE:
        return _refuse("background_not_white", **details)
    return PhotoVerdict(True, None, OK_MESSAGE, details)


def check_photo(data: bytes, *, engine: FaceEngine | None = None) -> PhotoVerdict:
    """Server-facing: FACE-1 verdict on uploaded JPEG/PNG bytes. Never raises on bad input."""
    if len(data) > MAX_PHOTO_BYTES:
        return _refuse("photo_too_large", bytes=len(data))
    decoded = decode_image(data)
    if decoded.image is None:
        return _refuse(decoded.reason or "not_an_image")
    return check_photo_image(decoded.image, engine=engine)
