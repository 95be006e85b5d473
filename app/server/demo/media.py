"""Demo lesson videos, generated at run time so nothing binary is committed.

Every frame shows the lesson title and a running timecode, so a screenshot of the
player proves which lesson is playing and where: that is what the demo and the
end-to-end tests look at. A box slides across the frame so consecutive frames differ
(a frozen picture would hide a stalled player).

Two encoders:
- ffmpeg (preferred): H.264/AAC MP4 with `+faststart`, so the client can stream it over
  HTTP byte ranges; the Chinese title is drawn with a CJK font.
- OpenCV (trainees' Windows PCs usually have no ffmpeg): MPEG-4 Part 2 video only, and
  cv2.putText cannot draw Chinese, so the ASCII `lesson_label` stands in for the title.

VideoGenerationError is defined beside the OpenCV encoder (the lowest module) and
re-exported here, where callers should import it from.

Output is written under a temporary name and renamed into place, so a crash or a
failed encode never leaves a half-written file under the final name.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2

from app.server.demo.content import CourseRecipe
from app.server.demo.opencv_video import VideoGenerationError, encode_with_opencv
from app.server.demo.video_layout import (
    BACKGROUND_HEX,
    FPS,
    HEIGHT,
    LABEL_BOX,
    MOVER_BAND,
    PROGRESS_BAR,
    TIMECODE_BOX,
    TITLE_BOX,
    WIDTH,
)

Encoder = Literal["auto", "ffmpeg", "opencv"]

# Where CJK fonts usually live when fontconfig is absent or does not know them.
_CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


@dataclass(frozen=True)
class VideoInfo:
    path: Path
    bytes: int
    sha256: str
    duration_s: float
    codec: str  # ffprobe's codec_name: "h264" or "mpeg4"


def make_lesson_video(
    path: Path,
    *,
    title: str,
    duration_s: float,
    lesson_label: str,
    encoder: Encoder = "auto",
) -> VideoInfo:
    """Write a demo lesson video to `path` and describe it.

    `encoder="auto"` uses ffmpeg when it is on PATH and OpenCV otherwise; the other two
    values force one (tests use that to cover the fallback).
    """
    if duration_s <= 0:
        raise ValueError(f"duration must be positive, got {duration_s}")
    ffmpeg = shutil.which("ffmpeg")
    if encoder == "ffmpeg" and ffmpeg is None:
        raise VideoGenerationError("ffmpeg was requested but is not on PATH")
    use_ffmpeg = encoder == "ffmpeg" or (encoder == "auto" and ffmpeg is not None)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _atomic_target(path) as tmp:
        if use_ffmpeg:
            assert ffmpeg is not None
            _encode_with_ffmpeg(ffmpeg, tmp, title, duration_s, lesson_label)
            codec = "h264"
        else:
            encode_with_opencv(tmp, duration_s, lesson_label)
            codec = "mpeg4"
    return VideoInfo(
        path=path,
        bytes=path.stat().st_size,
        sha256=file_sha256(path),
        duration_s=probe_duration(path),
        codec=codec,
    )


def ensure_course_videos(
    out_dir: Path, course: CourseRecipe, *, encoder: Encoder = "auto"
) -> dict[int, VideoInfo]:
    """One video per lesson of `course` in `out_dir`, keyed by lesson index.

    File names carry a hash of the recipe, so a restart reuses what is there and an
    edited title or duration gets a fresh video instead of a stale one.
    """
    videos: dict[int, VideoInfo] = {}
    for lesson in course.lessons:
        recipe = f"{course.trade_code}|{lesson.index}|{lesson.title}|{lesson.duration_s}"
        tag = hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:10]
        path = out_dir / f"{course.trade_code}-{lesson.index:02d}-{tag}.mp4"
        if path.is_file():
            videos[lesson.index] = describe_video(path)
            continue
        videos[lesson.index] = make_lesson_video(
            path,
            title=lesson.title,
            duration_s=lesson.duration_s,
            lesson_label=f"{course.trade_code} lesson {lesson.index}",
            encoder=encoder,
        )
    return videos


def describe_video(path: Path) -> VideoInfo:
    """VideoInfo of an existing file (size, hash, probed duration and codec)."""
    return VideoInfo(
        path=path,
        bytes=path.stat().st_size,
        sha256=file_sha256(path),
        duration_s=probe_duration(path),
        codec=probe_video_codec(path),
    )


def probe_video_codec(path: Path) -> str:
    """ffprobe's name for the video codec; without ffprobe, from the FourCC OpenCV reads."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is not None:
        out = subprocess.run(
            [
                ffprobe,
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name",
                "-of",
                "json",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        return str(json.loads(out)["streams"][0]["codec_name"])
    capture = cv2.VideoCapture(str(path))
    try:
        fourcc = int(capture.get(cv2.CAP_PROP_FOURCC))
    finally:
        capture.release()
    name = "".join(chr((fourcc >> (8 * n)) & 0xFF) for n in range(4)).lower()
    return {"avc1": "h264", "h264": "h264", "mp4v": "mpeg4"}.get(name, name)


def probe_duration(path: Path) -> float:
    """Playing time of a video in seconds: ffprobe when present, else OpenCV's count."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is not None:
        out = subprocess.run(
            [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        return float(json.loads(out)["format"]["duration"])
    capture = cv2.VideoCapture(str(path))
    try:
        frames = capture.get(cv2.CAP_PROP_FRAME_COUNT)
        fps = capture.get(cv2.CAP_PROP_FPS)
    finally:
        capture.release()
    if not fps or frames <= 0:
        raise VideoGenerationError(f"cannot read the duration of {path}")
    return float(frames / fps)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_cjk_font() -> Path | None:
    """A font file that has Chinese glyphs, or None when this machine has none."""
    fc_match = shutil.which("fc-match")
    if fc_match is not None:
        try:
            found = subprocess.run(
                [fc_match, "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            found = ""
        # fc-match always answers with *some* font; only trust it when it is a CJK one.
        if found and any(hint in found.lower() for hint in ("cjk", "wqy", "hei", "ming")):
            return Path(found)
    for candidate in _CJK_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


@contextmanager
def _atomic_target(final: Path) -> Iterator[Path]:
    # The suffix stays ".mp4" because both encoders pick the container from it.
    tmp = final.with_name(f".{final.stem}.{uuid.uuid4().hex[:8]}.partial.mp4")
    try:
        yield tmp
        if not tmp.is_file() or tmp.stat().st_size == 0:
            raise VideoGenerationError(f"the encoder wrote nothing for {final.name}")
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------- ffmpeg


def _encode_with_ffmpeg(
    ffmpeg: str, out: Path, title: str, duration_s: float, lesson_label: str
) -> None:
    font = find_cjk_font()
    # Without a CJK font the Chinese would render as empty boxes; the label reads better.
    shown_title = title if font is not None else lesson_label
    with tempfile.TemporaryDirectory(prefix="cedu-video-") as work:
        # drawtext reads its texts from files so that no title needs filter escaping.
        # "%" starts an expansion in drawtext; the full-width sign looks the same.
        texts = {
            "label": (f"{lesson_label}  ·  演示课程" if font is not None else lesson_label).replace(
                "%", "％"
            ),
            "title": shown_title.replace("%", "％"),
            "clock": "%{eif:trunc(t/60):d:2}:%{eif:mod(trunc(t),60):d:2}",
            "detail": "t = %{eif:trunc(t):d}.%{eif:mod(trunc(t*100),100):d:2} s   frame %{eif:n:d}",
        }
        files = {}
        for name, text in texts.items():
            files[name] = Path(work) / f"{name}.txt"
            files[name].write_text(text, encoding="utf-8")
        graph = _filter_graph(files, font, shown_title, duration_s)
        command = [
            ffmpeg,
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"color=c={BACKGROUND_HEX}:s={WIDTH}x{HEIGHT}:r={FPS}",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=22050",
            "-filter_complex",
            graph,
            "-map",
            "[v]",
            "-map",
            "[a]",
            "-t",
            f"{duration_s:.3f}",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(FPS * 2),  # a key frame every 2 s keeps seeking cheap
            "-c:a",
            "aac",
            "-b:a",
            "48k",
            "-ac",
            "1",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            str(out),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise VideoGenerationError(f"ffmpeg failed ({result.returncode}): {result.stderr[-800:]}")


def _filter_graph(files: dict[str, Path], font: Path | None, title: str, duration_s: float) -> str:
    font_opt = f":fontfile={_escape_filter_value(font.as_posix())}" if font is not None else ""

    def text(name: str, size: int, color: str, x: str, y: int) -> str:
        return (
            f"drawtext=textfile={_escape_filter_value(files[name].as_posix())}{font_opt}"
            f":fontsize={size}:fontcolor={color}:x={x}:y={y}"
        )

    centred = "(w-text_w)/2"
    _, mover_y, _, side = MOVER_BAND
    bar_x, bar_y, bar_w, bar_h = PROGRESS_BAR
    texts = [
        text("label", 18, "0xc8d2e0", "16", LABEL_BOX[1] + 12),
        text("title", _title_font_size(title), "white", centred, TITLE_BOX[1] + 12),
        text("clock", 84, "0xffd23f", centred, TIMECODE_BOX[1] + 6),
        text("detail", 20, "0xe0e6ee", centred, TIMECODE_BOX[1] + 94),
        f"drawbox=x={bar_x}:y={bar_y}:w={bar_w}:h={bar_h}:color=0x33475f:t=fill",
    ]
    # drawbox cannot move with time (its "t" is the line thickness), so the sliding box
    # and the growing progress bar are colour sources laid over with time expressions.
    return ";".join(
        [
            "[0:v]" + ",".join(texts) + "[text]",
            f"color=c=0x3fa7ff:s={side}x{side}:r={FPS}[box]",
            f"color=c=0x5fd068:s={bar_w}x{bar_h}:r={FPS}[bar]",
            # The box crosses the frame every 4 s, so any two frames differ.
            f"[text][box]overlay=x='mod(t*{(WIDTH - side) / 4:.1f},{WIDTH - side})':y={mover_y}"
            "[moving]",
            # The bar spans the full width, so sliding it in from the left reads as filling.
            f"[moving][bar]overlay=x='{bar_x}-w+w*min(1,t/{duration_s:.3f})':y={bar_y}"
            ",format=yuv420p[v]",
            "[1:a]volume=0.03[a]",  # barely audible on purpose; some players want a track
        ]
    )


def _title_font_size(title: str) -> int:
    # CJK glyphs are about one em wide; keep the whole title inside 600 px on one line.
    width_in_em = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in title) or 1.0
    return max(20, min(40, int(600 / width_in_em)))


def _escape_filter_value(value: str) -> str:
    # Two parsers read a filter graph: the option parser (":" "=" "'" "\" are special)
    # and then, outside it, the graph parser ("[" "]" "," ";" "'" "\" and spaces).
    # Windows paths ("C:/...") and temp folders with spaces need both.
    option_level = "".join("\\" + ch if ch in "\\':=" else ch for ch in value)
    return "".join("\\" + ch if ch in "\\'[],; " else ch for ch in option_level)
