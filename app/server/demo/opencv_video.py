"""The OpenCV fallback encoder for demo lesson videos (PCs without ffmpeg).

MPEG-4 Part 2 video only, and cv2.putText cannot draw Chinese, so the ASCII lesson
label stands in for the title. The layout matches the ffmpeg output so a screenshot
reads the same way: label, title, big mm:ss clock, exact seconds and frame, a sliding
box and a progress bar.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from app.server.demo.video_layout import (
    BACKGROUND_BGR,
    FPS,
    HEIGHT,
    LABEL_BOX,
    MOVER_BAND,
    PROGRESS_BAR,
    TIMECODE_BOX,
    TITLE_BOX,
    WIDTH,
)


class VideoGenerationError(RuntimeError):
    """An encoder failed; nothing was left at the final path."""


Frame = npt.NDArray[np.uint8]


def encode_with_opencv(out: Path, duration_s: float, lesson_label: str) -> None:
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"mp4v"), float(FPS), (WIDTH, HEIGHT))
    if not writer.isOpened():
        raise VideoGenerationError("OpenCV could not open an MPEG-4 writer")
    try:
        static = _static_frame(lesson_label)
        total = max(1, round(duration_s * FPS))
        for index in range(total):
            writer.write(render_frame(static, index, total))
    finally:
        writer.release()


def _static_frame(lesson_label: str) -> Frame:
    frame = np.empty((HEIGHT, WIDTH, 3), np.uint8)
    frame[:] = BACKGROUND_BGR
    _put_centred(frame, "demo lesson", LABEL_BOX, 0.6, (224, 210, 200), 1)
    _put_centred(frame, lesson_label, TITLE_BOX, 1.3, (255, 255, 255), 2)
    bar_x, bar_y, bar_w, bar_h = PROGRESS_BAR
    cv2.rectangle(frame, (bar_x, bar_y), (bar_x + bar_w, bar_y + bar_h), (95, 71, 51), -1)
    return frame


def render_frame(static: Frame, index: int, total: int) -> Frame:
    frame = static.copy()
    seconds = index / FPS
    whole = int(seconds)
    clock_box = (TIMECODE_BOX[0], TIMECODE_BOX[1], TIMECODE_BOX[2], 84)
    _put_centred(frame, f"{whole // 60:02d}:{whole % 60:02d}", clock_box, 2.6, (63, 210, 255), 5)
    detail_box = (TIMECODE_BOX[0], TIMECODE_BOX[1] + 86, TIMECODE_BOX[2], 34)
    detail = f"t = {whole}.{int(seconds * 100) % 100:02d} s   frame {index}"
    _put_centred(frame, detail, detail_box, 0.6, (238, 230, 224), 1)
    _, band_y, _, side = MOVER_BAND
    x = int((seconds * (WIDTH - side) / 4) % (WIDTH - side))
    cv2.rectangle(frame, (x, band_y), (x + side, band_y + side), (255, 167, 63), -1)
    bar_x, bar_y, bar_w, bar_h = PROGRESS_BAR
    filled = max(1, int(bar_w * (index + 1) / total))
    cv2.rectangle(frame, (bar_x, bar_y), (bar_x + filled, bar_y + bar_h), (104, 208, 95), -1)
    return frame


def _put_centred(
    frame: Frame,
    text: str,
    box: tuple[int, int, int, int],
    scale: float,
    color: tuple[int, int, int],
    thickness: int,
) -> None:
    x, y, w, h = box
    font = cv2.FONT_HERSHEY_SIMPLEX
    (text_w, text_h), _ = cv2.getTextSize(text, font, scale, thickness)
    while text_w > w - 16 and scale > 0.4:  # long labels shrink rather than overflow
        scale *= 0.9
        (text_w, text_h), _ = cv2.getTextSize(text, font, scale, thickness)
    origin = (x + (w - text_w) // 2, y + (h + text_h) // 2)
    cv2.putText(frame, text, origin, font, scale, color, thickness, cv2.LINE_AA)
