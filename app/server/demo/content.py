"""Typed loaders for the demo recipes in resources/demo/ (question banks and courses).

The JSON files are the single source of the demo's exam questions and lesson list; the
server's `--demo` seeding reads them through here, and the tests run `validate_bank`
over them so a bad edit to a bank fails CI instead of reaching a trainee's paper.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

QuestionKind = Literal["single", "multiple", "judge"]
QUESTION_KINDS: tuple[QuestionKind, ...] = ("single", "multiple", "judge")
# Enough of each kind that a paper can be drawn per attempt with variety (EXAM-6).
MIN_QUESTIONS: dict[QuestionKind, int] = {"single": 40, "multiple": 16, "judge": 24}
JUDGE_OPTIONS = (("A", "正确"), ("B", "错误"))
MIN_LESSONS = 4
LESSON_SECONDS = (60, 180)  # API.md "Demo data": lessons of 60-180 s of video

RESOURCES_ENV = "CEDU_RESOURCES_DIR"
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Option:
    key: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionKind
    text: str
    options: tuple[Option, ...]
    answer: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class QuestionBank:
    trade_code: str
    trade_name: str
    questions: tuple[Question, ...]

    def of_kind(self, kind: QuestionKind) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.kind == kind)


@dataclass(frozen=True)
class LessonRecipe:
    index: int
    title: str
    duration_s: int
    credit_hours: int


@dataclass(frozen=True)
class CourseRecipe:
    trade_code: str
    name: str
    lessons: tuple[LessonRecipe, ...]

    @property
    def credit_hours(self) -> int:
        return sum(lesson.credit_hours for lesson in self.lessons)


def demo_resources_dir() -> Path:
    """resources/demo: `CEDU_RESOURCES_DIR` (set by the packaged build) or the repo's."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override) / "demo"
    # app/server/demo/content.py -> parents[3] is the repo root, where resources/ lives.
    return Path(__file__).resolve().parents[3] / "resources" / "demo"


def load_question_bank(trade_code: str) -> QuestionBank:
    """Read resources/demo/questions_<CODE>.json. Raises ValueError on a malformed file."""
    path = demo_resources_dir() / f"questions_{trade_code}.json"
    raw = _read_json(path)
    trade = _mapping(raw.get("trade"), f"{path.name}: trade")
    questions = raw.get("questions")
    if not isinstance(questions, list):
        raise ValueError(f"{path.name}: 'questions' must be a list")
    return QuestionBank(
        trade_code=_text(trade.get("code"), f"{path.name}: trade.code"),
        trade_name=_text(trade.get("name"), f"{path.name}: trade.name"),
        questions=tuple(
            _parse_question(item, f"{path.name}: questions[{n}]")
            for n, item in enumerate(questions)
        ),
    )


def load_courses() -> dict[str, CourseRecipe]:
    """Read resources/demo/courses.json: one course per trade code."""
    path = demo_resources_dir() / "courses.json"
    raw = _read_json(path)
    courses: dict[str, CourseRecipe] = {}
    for code, body in raw.items():
        where = f"{path.name}: {code}"
        course = _mapping(body, where)
        lessons = course.get("lessons")
        if not isinstance(lessons, list):
            raise ValueError(f"{where}: 'lessons' must be a list")
        courses[code] = CourseRecipe(
            trade_code=code,
            name=_text(course.get("name"), f"{where}.name"),
            lessons=tuple(
                _parse_lesson(item, f"{where}.lessons[{n}]") for n, item in enumerate(lessons)
            ),
        )
    return courses


def validate_bank(bank: QuestionBank) -> list[str]:
    """Every rule a usable bank keeps; returns the problems found (empty when fine)."""
    problems: list[str] = []
    if not _CHINESE.search(bank.trade_name):
        problems.append(f"trade name {bank.trade_name!r} has no Chinese")
    for kind in QUESTION_KINDS:
        have = len(bank.of_kind(kind))
        if have < MIN_QUESTIONS[kind]:
            problems.append(f"{kind}: {have} questions, at least {MIN_QUESTIONS[kind]} needed")
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for question in bank.questions:
        if question.id in seen_ids:
            problems.append(f"{question.id}: duplicate id")
        seen_ids.add(question.id)
        if question.text in seen_texts:
            problems.append(f"{question.id}: same text as an earlier question")
        seen_texts.add(question.text)
        if not question.id.startswith(f"{bank.trade_code}-"):
            problems.append(f"{question.id}: id does not start with {bank.trade_code}-")
        problems.extend(f"{question.id}: {p}" for p in _question_problems(question))
    return problems


def validate_course(course: CourseRecipe) -> list[str]:
    problems: list[str] = []
    if len(course.lessons) < MIN_LESSONS:
        have = len(course.lessons)
        problems.append(f"{course.trade_code}: {have} lessons, {MIN_LESSONS}+ needed")
    indexes = [lesson.index for lesson in course.lessons]
    if indexes != list(range(1, len(indexes) + 1)):
        problems.append(f"{course.trade_code}: lesson indexes {indexes} are not 1..n")
    low, high = LESSON_SECONDS
    for lesson in course.lessons:
        where = f"{course.trade_code} lesson {lesson.index}"
        if not low <= lesson.duration_s <= high:
            problems.append(f"{where}: {lesson.duration_s} s is outside {low}-{high} s")
        if lesson.credit_hours < 1:
            problems.append(f"{where}: credit_hours must be at least 1")
        if not _CHINESE.search(lesson.title):
            problems.append(f"{where}: title has no Chinese")
    return problems


def _question_problems(question: Question) -> list[str]:
    problems: list[str] = []
    keys = [option.key for option in question.options]
    texts = [option.text.strip() for option in question.options]
    if not _CHINESE.search(question.text):
        problems.append("text has no Chinese")
    if not question.source.strip():
        problems.append("no source")
    if len(set(keys)) != len(keys) or len(set(texts)) != len(texts):
        problems.append("options repeat a key or a text")
    if any(not text for text in texts):
        problems.append("an option is empty")
    if keys != [chr(ord("A") + n) for n in range(len(keys))]:
        problems.append(f"option keys {keys} are not A, B, C... in order")
    if not set(question.answer) <= set(keys):
        problems.append(f"answer {list(question.answer)} is not among the options")
    if len(set(question.answer)) != len(question.answer):
        problems.append("answer repeats a key")
    if question.kind == "single":
        if len(keys) != 4 or len(question.answer) != 1:
            problems.append("single choice needs 4 options and exactly one answer")
    elif question.kind == "multiple":
        if not 4 <= len(keys) <= 5 or len(question.answer) < 2:
            problems.append("multiple choice needs 4-5 options and 2+ answers")
    else:
        pairs = tuple((option.key, option.text) for option in question.options)
        if pairs != JUDGE_OPTIONS or len(question.answer) != 1:
            problems.append("true/false needs options A 正确, B 错误 and one answer")
    if question.kind != "judge":
        problems.extend(
            f"option {option.key} has no Chinese or digits"
            for option in question.options
            if not _CHINESE.search(option.text) and not any(c.isdigit() for c in option.text)
        )
    return problems


def _parse_question(item: object, where: str) -> Question:
    body = _mapping(item, where)
    kind = body.get("kind")
    if kind not in QUESTION_KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {QUESTION_KINDS}")
    options = body.get("options")
    answer = body.get("answer")
    if not isinstance(options, list) or not isinstance(answer, list):
        raise ValueError(f"{where}: 'options' and 'answer' must be lists")
    return Question(
        id=_text(body.get("id"), f"{where}.id"),
        kind=kind,
        text=_text(body.get("text"), f"{where}.text"),
        options=tuple(
            Option(
                key=_text(_mapping(o, f"{where}.options").get("key"), f"{where}.options.key"),
                text=_text(_mapping(o, f"{where}.options").get("text"), f"{where}.options.text"),
            )
            for o in options
        ),
        answer=tuple(_text(key, f"{where}.answer") for key in answer),
        source=_text(body.get("source"), f"{where}.source"),
    )


def _parse_lesson(item: object, where: str) -> LessonRecipe:
    body = _mapping(item, where)
    numbers = {}
    for name in ("index", "duration_s", "credit_hours"):
        value = body.get(name)
        # bool is an int in Python; a true/false here is a typo, not a number.
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{where}.{name} must be an integer, got {value!r}")
        numbers[name] = value
    return LessonRecipe(
        index=numbers["index"],
        title=_text(body.get("title"), f"{where}.title"),
        duration_s=numbers["duration_s"],
        credit_hours=numbers["credit_hours"],
    )


def _read_json(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        data = json.load(stream)
    return _mapping(data, path.name)


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object")
    return cast(dict[str, Any], value)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: expected a non-empty string, got {value!r}")
    return value
