"""Decoding untrusted image bytes safely (uploads, files given on the command line).

Only JPEG and PNG are accepted (FACE-1). The dimensions are read from the header before
anything is decoded, so a decompression bomb (a few KB that inflate to gigapixels) is
refused without allocating it; truncated or garbage data answers "not an image" instead
of raising.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import cv2
import numpy as np

from app.proctor.arrays import Array

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# 40 megapixels: beyond any phone camera in use; 120 MB of BGR pixels once decoded.
MAX_PIXELS = 40_000_000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# JPEG start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class DecodedImage:
    """The BGR image, or why there is none: `not_an_image` or `photo_too_large`."""

    image: Array | None
    reason: str | None
    kind: str | None = None  # "jpeg" or "png"


def _png_size(data: bytes) -> tuple[int, int] | None:
    # The IHDR chunk must come first: length(4) "IHDR"(4) width(4) height(4).
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            return None
        if marker in _JPEG_SOF:
            if position + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return int(width), int(height)
        position += 2 + length
    return None


def header_size(data: bytes) -> tuple[str, int, int] | None:
    """(kind, width, height) from the header alone, or None when it is not JPEG/PNG."""
    if data.startswith(PNG_SIGNATURE):
        size = _png_size(data)
        kind = "png"
    elif data.startswith(JPEG_SIGNATURE):
        size = _jpeg_size(data)
        kind = "jpeg"
    else:
        return None
    if size is None or size[0] <= 0 or size[1] <= 0:
        return None
    return kind, size[0], size[1]


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> DecodedImage:
    """Decode JPEG/PNG bytes to a BGR array without ever trusting the input."""
    if not isinstance(data, bytes | bytearray | memoryview):
        return DecodedImage(None, "not_an_image")
    data = bytes(data)
    header = header_size(data)
    if header is None:
        return DecodedImage(None, "not_an_image")
    kind, width, height = header
    if width * height > max_pixels:
        return DecodedImage(None, "photo_too_large", kind)
    try:
        # IMREAD_COLOR applies the EXIF orientation, as phones expect.
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    if image is None or image.ndim != 3 or image.shape[0] < 1 or image.shape[1] < 1:
        return DecodedImage(None, "not_an_image", kind)
    return DecodedImage(image, None, kind)


def encode_jpeg(image_bgr: Array, *, quality: int = 90, max_bytes: int | None = None) -> bytes:
    """JPEG bytes, lowering the quality (then the size) until under `max_bytes`."""
    image = image_bgr
    while True:
        for step in range(quality, 39, -10):
            ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, step])
            if not ok:
                raise ValueError("JPEG encoding failed")
            if max_bytes is None or buffer.size <= max_bytes:
                return buffer.tobytes()
        height, width = image.shape[:2]
        if min(height, width) < 32:
            return buffer.tobytes()
        image = cv2.resize(image, (width * 3 // 4, height * 3 // 4), interpolation=cv2.INTER_AREA)
