"""Images of faces as the server receives them, made ready for the engine at a bounded
cost: photos decoded at a reduced size when large (JPEG scales while decoding), crops
padded so that a tight crop of the face alone is found like a head-and-shoulders one."""

from __future__ import annotations

import cv2
import numpy as np

from app.proctor.arrays import Array
from app.proctor.imagefile import MAX_PIXELS, DecodedImage, decode_image, header_size

# Photos are judged at most this long a side: FACE-1's limits (295 x 413, 60 px between
# the eyes) are far below it, and a 40-megapixel photo costs 20 times the work otherwise.
PHOTO_MAX_SIDE = 2000
# Around a crop, this share of its size on each side. Measured on the shared live clip:
# tight crops of the face alone were found in 2 of 16 frames unpadded, 14 at 0.5, 15 at
# 1.0; head-and-shoulders crops in 16 of 16 at each, at the same distance.
CROP_PADDING = 1.0
# Crops this alike (mean absolute difference of their grey 32 x 32 thumbnails, in grey
# levels) are one picture sent several times: a camera's frames differ by more (the
# person moves, the sensor is noisy).
SAME_PICTURE_MAX_DIFF = 0.3
# A crop this close to another's mirror image is that picture flipped: a camera never
# mirrors a face between two frames (real frames of the shared clip against each other's
# mirror images: 22 grey levels and more; a JPEG re-encoding of one frame: under 0.3).
MIRROR_MAX_DIFF = 2.0
_REDUCED = (
    (8, cv2.IMREAD_REDUCED_COLOR_8),
    (4, cv2.IMREAD_REDUCED_COLOR_4),
    (2, cv2.IMREAD_REDUCED_COLOR_2),
)


def decode_photo(data: bytes) -> DecodedImage:
    """The photo at most PHOTO_MAX_SIDE a side; its size limits read from the header
    before any pixel is."""
    header = header_size(data)
    if header is None:
        return DecodedImage(None, "not_an_image")
    kind, width, height = header
    if width * height > MAX_PIXELS:
        return DecodedImage(None, "photo_too_large", kind)
    longest = max(width, height)
    flag = cv2.IMREAD_COLOR
    if kind == "jpeg":  # libjpeg decodes at 1/2, 1/4 or 1/8 for the price of that size
        flag = next((f for k, f in _REDUCED if longest // k >= PHOTO_MAX_SIDE), flag)
    try:
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), flag)
    except cv2.error:
        image = None
    if image is None or image.ndim != 3:
        return decode_image(b"")  # not an image: the same answer as any other
    scale = PHOTO_MAX_SIDE / max(image.shape[:2])
    if scale < 1.0:
        size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return DecodedImage(np.ascontiguousarray(image), None, kind)


def pad_for_detection(image: Array) -> Array:
    """The crop with a plain grey border: any crop that holds the whole face is judged."""
    height, width = image.shape[:2]
    dy, dx = round(height * CROP_PADDING), round(width * CROP_PADDING)
    return cv2.copyMakeBorder(image, dy, dy, dx, dx, cv2.BORDER_CONSTANT, value=(128, 128, 128))


def _thumbnail(image: Array) -> Array:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return cv2.resize(grey, (32, 32), interpolation=cv2.INTER_AREA).astype(np.float32)


def one_picture(images: list[Array]) -> bool:
    """Every crop is a near copy of the first: a still picture, not a live camera."""
    if len(images) < 2:
        return False
    first = _thumbnail(images[0])
    return all(
        float(np.mean(np.abs(_thumbnail(image) - first))) < SAME_PICTURE_MAX_DIFF
        for image in images[1:]
    )


def mirrored(images: list[Array]) -> bool:
    """Some crop is another's mirror image: a turn made by flipping one picture."""
    thumbnails = [_thumbnail(image) for image in images]
    flipped = [thumbnail[:, ::-1] for thumbnail in thumbnails]
    return any(
        float(np.mean(np.abs(thumbnails[i] - flipped[j]))) < MIRROR_MAX_DIFF
        for i in range(len(images))
        for j in range(len(images))
        if i != j
    )
