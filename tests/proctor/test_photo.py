"""Enrolled-photo checks (FACE-1) on real photos, each refusal made from a real photo."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.proctor.detect import FaceEngine
from app.proctor.imagefile import MAX_PHOTO_BYTES, decode_image, header_size
from app.proctor.photo import MESSAGES, check_photo
from app.proctor.whiten import whiten_bytes, whiten_image
from tests.support.face_engine import image_bytes

API_REASONS = {
    "not_an_image", "too_small", "no_face", "many_faces", "face_too_small", "blurred",
    "background_not_white",
}


@pytest.fixture(scope="module")
def good_photo(whitened_lin_jpeg: bytes) -> np.ndarray:
    decoded = decode_image(whitened_lin_jpeg)
    assert decoded.image is not None
    return decoded.image


def test_every_reason_has_a_plain_chinese_message() -> None:
    assert set(MESSAGES) == API_REASONS | {"photo_too_large"}
    for text in MESSAGES.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


# RULES: FACE-1
def test_whitened_enrolled_photo_passes(whitened_lin_jpeg: bytes, engine: FaceEngine) -> None:
    verdict = check_photo(whitened_lin_jpeg, engine=engine)
    assert verdict.ok, verdict
    assert verdict.reason is None
    assert verdict.details["eye_distance"] >= 60


# RULES: FACE-1
def test_whitened_video_frame_passes(live_frames: list[np.ndarray], engine: FaceEngine) -> None:
    frame = live_frames[100 - 82]
    result = whiten_image(frame, engine=engine)
    assert result.image is not None
    height, width = result.image.shape[:2]
    assert width >= 295 and height >= 413
    assert abs(width / height - 295 / 413) < 0.01
    for data in (result.jpeg(), result.png()):
        verdict = check_photo(data, engine=engine)
        assert verdict.ok, verdict


# RULES: FACE-1
def test_real_photo_on_a_coloured_wall_is_refused(faces_dir: Path, engine: FaceEngine) -> None:
    data = (faces_dir / "obama/obama.jpg").read_bytes()
    assert check_photo(data, engine=engine).reason == "background_not_white"
    # ... and the helper fixes exactly that.
    assert check_photo(whiten_bytes(data, engine=engine).jpeg(), engine=engine).ok


# RULES: FACE-1
def test_coloured_background_is_refused(good_photo: np.ndarray, engine: FaceEngine) -> None:
    blue = good_photo.copy()
    near_white = (good_photo.min(axis=2) > 235)
    blue[near_white] = (235, 200, 140)  # the light blue of many ID-photo backdrops (BGR)
    verdict = check_photo(image_bytes(blue), engine=engine)
    assert verdict.reason == "background_not_white", verdict
    assert verdict.details["background_white_share"] < 0.5


# RULES: FACE-1
def test_blurred_photo_is_refused(good_photo: np.ndarray, engine: FaceEngine) -> None:
    blurred = cv2.GaussianBlur(good_photo, (0, 0), 5)
    verdict = check_photo(image_bytes(blurred), engine=engine)
    assert verdict.reason == "blurred", verdict


# RULES: FACE-1
def test_second_face_pasted_in_is_refused(
    good_photo: np.ndarray, faces_dir: Path, engine: FaceEngine
) -> None:
    other = cv2.imread(str(faces_dir / "obama/obama.jpg"))
    head = cv2.resize(other[80:480, 250:650], (200, 200), interpolation=cv2.INTER_AREA)
    crowded = good_photo.copy()
    crowded[-200:, -200:] = head
    verdict = check_photo(image_bytes(crowded), engine=engine)
    assert verdict.reason == "many_faces", verdict


# RULES: FACE-1
def test_shrunken_face_is_refused(good_photo: np.ndarray, engine: FaceEngine) -> None:
    small = cv2.resize(good_photo, None, fx=0.35, fy=0.35, interpolation=cv2.INTER_AREA)
    canvas = np.full((600, 440, 3), 255, np.uint8)
    canvas[150 : 150 + small.shape[0], 150 : 150 + small.shape[1]] = small
    verdict = check_photo(image_bytes(canvas), engine=engine)
    assert verdict.reason == "face_too_small", verdict
    assert verdict.details["eye_distance"] < 60


# RULES: FACE-1
def test_face_cut_off_by_the_border_is_refused(
    good_photo: np.ndarray, faces_dir: Path, engine: FaceEngine
) -> None:
    height, width = good_photo.shape[:2]
    # Cut through the middle of the face, keeping the picture big enough.
    half = good_photo[:, int(width * 0.42) :]
    half = cv2.resize(half, (max(300, half.shape[1]), height))
    verdict = check_photo(image_bytes(half), engine=engine)
    assert verdict.reason == "face_too_small", verdict
    assert verdict.details["cut_off"] is True
    # The shared partial faces are the same: enough to recognise (test_identity), not
    # enough for an enrolled photo.
    for name in ("obama_partial_face.jpg", "obama_partial_face2.jpg"):
        data = (faces_dir / "obama_partial" / name).read_bytes()
        assert check_photo(data, engine=engine).reason == "face_too_small"


# RULES: FACE-1
def test_cropped_too_small_and_blank_photos_are_refused(
    good_photo: np.ndarray, faces_dir: Path, engine: FaceEngine
) -> None:
    assert check_photo(image_bytes(good_photo[:400, :290]), engine=engine).reason == "too_small"
    small = (faces_dir / "obama/obama_small.jpg").read_bytes()  # 320x240
    assert check_photo(small, engine=engine).reason == "too_small"
    wall = np.full((600, 450, 3), 250, np.uint8)
    assert check_photo(image_bytes(wall, ".png"), engine=engine).reason == "no_face"


# RULES: FACE-1
@pytest.mark.parametrize("name", ["obama_and_biden.jpg", "kit_with_rose.jpg", "two_people.jpg"])
def test_group_photo_is_refused(faces_dir: Path, engine: FaceEngine, name: str) -> None:
    assert check_photo((faces_dir / "_multi" / name).read_bytes(), engine=engine).reason == (
        "many_faces"
    )


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload)) + kind + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header announces width x height (rows of zeros, mostly absent)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 4, 9)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", rows)
            + _png_chunk(b"IEND", b""))


# RULES: FACE-1
def test_hostile_inputs_are_answered_never_raised(
    good_photo: np.ndarray, engine: FaceEngine
) -> None:
    jpeg = image_bytes(good_photo)
    assert check_photo(b"", engine=engine).reason == "not_an_image"
    assert check_photo(b"GIF89a" + b"\x00" * 100, engine=engine).reason == "not_an_image"
    assert check_photo(b"%PDF-1.4 hello", engine=engine).reason == "not_an_image"
    assert check_photo(jpeg[:200], engine=engine).reason == "not_an_image"
    truncated = check_photo(jpeg[: len(jpeg) // 2], engine=engine)  # decodes half grey
    assert truncated.reason in API_REASONS | {None}
    bomb = png_bomb(60_000, 60_000)
    assert len(bomb) < 10_000 and header_size(bomb) == ("png", 60_000, 60_000)
    assert check_photo(bomb, engine=engine).reason == "photo_too_large"
    # A JPEG whose frame header claims 65000x65000 pixels.
    sof = jpeg.index(b"\xff\xc0")
    lying = jpeg[: sof + 5] + struct.pack(">HH", 65000, 65000) + jpeg[sof + 9 :]
    assert check_photo(lying, engine=engine).reason == "photo_too_large"
    assert check_photo(b"\xff\xd8\xff" + b"\x00" * (MAX_PHOTO_BYTES + 1), engine=engine).reason == (
        "photo_too_large"
    )


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\xff\xd8\xff\xc0"]),
    body=st.binary(max_size=400),
)
def test_random_bytes_never_crash_the_decoder(prefix: bytes, body: bytes) -> None:
    decoded = decode_image(prefix + body)
    assert decoded.image is None or decoded.image.ndim == 3
    assert decoded.reason in {None, "not_an_image", "photo_too_large"}
