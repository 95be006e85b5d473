"""Demo recipes: the question banks and courses validate, and lesson videos are real.

Videos are a few seconds long so the whole module stays well under a minute.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.server.demo import content, media, opencv_video
from app.server.demo.content import (
    MIN_QUESTIONS,
    CourseRecipe,
    LessonRecipe,
    Option,
    Question,
    QuestionBank,
    load_courses,
    load_question_bank,
    validate_bank,
    validate_course,
)
from app.server.demo.media import (
    VideoGenerationError,
    ensure_course_videos,
    make_lesson_video,
    probe_duration,
    probe_video_codec,
)
from app.server.demo.video_layout import BACKGROUND_BGR, FPS, TIMECODE_BOX, TITLE_BOX

TRADES = ("SGY", "AQY")
needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg/ffprobe not on PATH",
)


# ---------------------------------------------------------------- banks and courses


@pytest.mark.parametrize("trade", TRADES)
def test_bank_is_valid_and_large_enough(trade: str) -> None:
    bank = load_question_bank(trade)
    assert bank.trade_code == trade
    assert validate_bank(bank) == []
    for kind, minimum in MIN_QUESTIONS.items():
        assert len(bank.of_kind(kind)) >= minimum, kind
    assert len(bank.questions) >= 80


def test_banks_do_not_share_ids() -> None:
    ids = [q.id for trade in TRADES for q in load_question_bank(trade).questions]
    assert len(ids) == len(set(ids))


def _question(**changes: object) -> Question:
    good = Question(
        id="SGY-001",
        kind="single",
        text="施工现场临时用电应采用哪种接零保护系统?",
        options=(Option("A", "TN-S"), Option("B", "TN-C"), Option("C", "TT"), Option("D", "IT")),
        answer=("A",),
        source="JGJ 46",
    )
    return dataclasses.replace(good, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"answer": ("E",)}, "not among the options"),
        ({"answer": ("A", "B")}, "exactly one answer"),
        ({"text": "Which earthing system?"}, "no Chinese"),
        (
            {
                "options": (
                    Option("A", "TN-S"),
                    Option("B", "TN-S"),
                    Option("C", "TT"),
                    Option("D", "IT"),
                )
            },
            "repeat",
        ),
        ({"kind": "multiple"}, "2+ answers"),
        ({"kind": "judge", "options": (Option("A", "对"), Option("B", "错"))}, "A 正确"),
        ({"id": "AQY-001"}, "does not start with SGY-"),
        ({"source": " "}, "no source"),
    ],
)
def test_validate_bank_reports_each_broken_rule(changes: dict[str, object], expected: str) -> None:
    bank = QuestionBank("SGY", "施工员", (_question(**changes),))
    assert any(expected in problem for problem in validate_bank(bank)), validate_bank(bank)


def test_validate_bank_reports_duplicates_and_short_banks() -> None:
    bank = QuestionBank("SGY", "施工员", (_question(), _question()))
    problems = validate_bank(bank)
    assert any("duplicate id" in p for p in problems)
    assert any("single: 2 questions, at least 40" in p for p in problems)
    assert any("judge: 0 questions" in p for p in problems)


def test_courses_cover_both_trades_with_valid_lessons() -> None:
    courses = load_courses()
    assert set(TRADES) <= set(courses)
    for code in TRADES:
        course = courses[code]
        assert validate_course(course) == []
        assert len(course.lessons) >= 4
        assert all(60 <= lesson.duration_s <= 180 for lesson in course.lessons)
        assert course.credit_hours >= len(course.lessons)


def test_validate_course_rejects_out_of_range_lessons() -> None:
    course = CourseRecipe("SGY", "施工员继续教育", (LessonRecipe(1, "用电", 30, 0),))
    problems = validate_course(course)
    assert any("lessons, 4+ needed" in p for p in problems)
    assert any("outside 60-180" in p for p in problems)
    assert any("credit_hours" in p for p in problems)


def test_resources_dir_override_and_malformed_lessons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "demo").mkdir()
    broken = {
        "SGY": {
            "name": "施工员",
            "lessons": [{"index": 1, "title": "用电", "duration_s": "120", "credit_hours": 2}],
        }
    }
    (tmp_path / "demo" / "courses.json").write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.setenv(content.RESOURCES_ENV, str(tmp_path))
    assert content.demo_resources_dir() == tmp_path / "demo"
    with pytest.raises(ValueError, match="duration_s must be an integer"):
        load_courses()


# ---------------------------------------------------------------- videos


def _frames(path: Path) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    return frames


def _region(frame: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x, y, w, h = box
    return frame[y : y + h, x : x + w].astype(np.int32)


def _foreground_pixels(frame: np.ndarray, box: tuple[int, int, int, int]) -> int:
    distance = np.abs(_region(frame, box) - np.array(BACKGROUND_BGR)).sum(axis=2)
    return int((distance > 120).sum())


def _assert_title_steady_and_clock_running(path: Path) -> None:
    frames = _frames(path)
    early, later = frames[FPS // 2], frames[FPS // 2 + FPS]  # 0.5 s and 1.5 s: 1 s apart
    for frame in (early, later):
        assert _foreground_pixels(frame, TITLE_BOX) > 300, "title region looks empty"
        assert _foreground_pixels(frame, TIMECODE_BOX) > 300, "timecode region looks empty"
    clock_change = np.abs(_region(early, TIMECODE_BOX) - _region(later, TIMECODE_BOX)).mean()
    title_change = np.abs(_region(early, TITLE_BOX) - _region(later, TITLE_BOX)).mean()
    assert clock_change > 2.0, "the timecode did not change in 1 s"
    assert title_change < clock_change / 4, "the title should stay put"


def _ffprobe_streams(path: Path) -> dict[str, dict[str, str]]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,codec_name,pix_fmt,width,height,r_frame_rate",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {s["codec_type"]: s for s in json.loads(out)["streams"]}


@pytest.fixture(scope="module")
def h264_video(tmp_path_factory: pytest.TempPathFactory) -> media.VideoInfo:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not on PATH")
    out = tmp_path_factory.mktemp("video") / "lesson.mp4"
    return make_lesson_video(
        out, title="施工现场临时用电安全", duration_s=3, lesson_label="SGY lesson 3"
    )


@needs_ffmpeg
def test_ffmpeg_video_is_streamable_h264_of_the_right_length(h264_video: media.VideoInfo) -> None:
    path = h264_video.path
    assert h264_video.codec == "h264"
    assert abs(probe_duration(path) - 3.0) < 0.1
    streams = _ffprobe_streams(path)
    video = streams["video"]
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (int(video["width"]), int(video["height"]), video["r_frame_rate"]) == (640, 360, "25/1")
    assert streams["audio"]["codec_name"] == "aac"
    data = path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat"), "+faststart: index before the media"
    assert h264_video.bytes == len(data)
    assert h264_video.sha256 == hashlib.sha256(data).hexdigest()


@needs_ffmpeg
def test_ffmpeg_frames_show_title_and_a_running_clock(h264_video: media.VideoInfo) -> None:
    _assert_title_steady_and_clock_running(h264_video.path)


def test_opencv_fallback_makes_a_playable_mpeg4(tmp_path: Path) -> None:
    info = make_lesson_video(
        tmp_path / "fallback.mp4",
        title="脚手架",
        duration_s=2,
        lesson_label="SGY lesson 4",
        encoder="opencv",
    )
    assert info.codec == "mpeg4" == probe_video_codec(info.path)
    assert abs(info.duration_s - 2.0) < 0.1
    assert len(_frames(info.path)) == 2 * FPS
    _assert_title_steady_and_clock_running(info.path)


def test_without_ffmpeg_auto_falls_back_to_opencv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media.shutil, "which", lambda name: None)
    info = make_lesson_video(
        tmp_path / "auto.mp4", title="模板", duration_s=1.2, lesson_label="AQY lesson 1"
    )
    assert info.codec == "mpeg4"
    assert abs(probe_duration(info.path) - 1.2) < 0.05  # OpenCV's frame count / fps
    with pytest.raises(VideoGenerationError, match="not on PATH"):
        make_lesson_video(
            tmp_path / "forced.mp4",
            title="模板",
            duration_s=1,
            lesson_label="AQY lesson 1",
            encoder="ffmpeg",
        )


@needs_ffmpeg
def test_failed_ffmpeg_encode_leaves_nothing_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_graph = media._filter_graph
    monkeypatch.setattr(
        media, "_filter_graph", lambda *args: real_graph(*args) + ";[0:v]no_such_filter[x]"
    )
    final = tmp_path / "out" / "lesson.mp4"
    final.parent.mkdir()
    final.write_bytes(b"previous good video")
    with pytest.raises(VideoGenerationError, match="ffmpeg failed"):
        make_lesson_video(final, title="消防", duration_s=2, lesson_label="AQY lesson 4")
    assert final.read_bytes() == b"previous good video"
    assert sorted(p.name for p in final.parent.iterdir()) == ["lesson.mp4"]


@needs_ffmpeg
def test_ffmpeg_interrupted_after_writing_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_run = subprocess.run
    written: list[Path] = []

    def run_then_interrupt(command: list[str], **kwargs: object) -> object:
        result = real_run(command, **kwargs)  # type: ignore[call-overload]
        if Path(command[0]).stem != "ffmpeg":
            return result  # fc-match looking for the font
        written.append(Path(command[-1]))
        raise KeyboardInterrupt  # as if Ctrl+C arrived between encoding and renaming

    monkeypatch.setattr(media.subprocess, "run", run_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        make_lesson_video(
            tmp_path / "lesson.mp4", title="消防", duration_s=1, lesson_label="AQY lesson 4"
        )
    assert written and written[0].parent == tmp_path, "ffmpeg should have written a temp file"
    assert list(tmp_path.iterdir()) == []


def test_interrupted_opencv_encode_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_render = opencv_video.render_frame

    def render_then_crash(static: np.ndarray, index: int, total: int) -> np.ndarray:
        if index == 10:
            raise KeyboardInterrupt
        return real_render(static, index, total)

    monkeypatch.setattr(opencv_video, "render_frame", render_then_crash)
    with pytest.raises(KeyboardInterrupt):
        make_lesson_video(
            tmp_path / "lesson.mp4",
            title="起重",
            duration_s=2,
            lesson_label="AQY lesson 3",
            encoder="opencv",
        )
    assert list(tmp_path.iterdir()) == []


@needs_ffmpeg
@pytest.mark.skipif(sys.platform == "win32", reason="':' is not allowed in Windows paths")
def test_filter_escaping_survives_odd_temp_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd = tmp_path / "temp dir: a,b [c]; 'd'"
    odd.mkdir()
    monkeypatch.setattr(media.tempfile, "tempdir", str(odd))
    info = make_lesson_video(
        tmp_path / "odd.mp4", title="安全帽 100% 佩戴", duration_s=1, lesson_label="AQY lesson 2"
    )
    assert abs(info.duration_s - 1.0) < 0.1


@needs_ffmpeg
def test_course_videos_are_reused_until_the_recipe_changes(tmp_path: Path) -> None:
    lessons = (LessonRecipe(1, "基坑支护", 1, 1), LessonRecipe(2, "模板工程", 1, 1))
    course = CourseRecipe("SGY", "施工员继续教育", lessons)
    first = ensure_course_videos(tmp_path, course)
    assert sorted(first) == [1, 2]
    assert all(info.codec == "h264" and info.path.is_file() for info in first.values())
    again = ensure_course_videos(tmp_path, course)
    assert again == first
    renamed = dataclasses.replace(course, lessons=(dataclasses.replace(lessons[0], title="降水"),))
    changed = ensure_course_videos(tmp_path, renamed)
    assert changed[1].path != first[1].path
    assert len(list(tmp_path.glob("*.mp4"))) == 3
