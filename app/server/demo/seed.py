"""Demo data (API.md, ``--demo``): two trades with real lesson videos, and six trainees in
the states the manual's flow passes through. Dates are relative to the day it is made."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import rules
from app.core.ids import INITIAL_PASSWORD
from app.server.context import ServerContext
from app.server.demo.content import CourseRecipe, load_courses, load_question_bank
from app.server.demo.media import make_lesson_video
from app.server.models import Enrollment, ExamAttempt, Lesson, LessonProgress, Trade, Trainee
from app.server.security import hash_password
from app.server.services.papers import seed_questions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoTrainee:
    id_number: str
    name: str
    trade: str
    paid_days_ago: int | None  # None: not paid
    watched: float  # share of every lesson credited from its start
    scores: tuple[int, ...] = ()  # submitted attempts, oldest first
    last_attempt_days_ago: int = 0
    certificate_expires_in_days: int = 400


# Every demo trainee studies with one training centre (a clerk of it helps them all).
DEMO_CENTRE = "KM01"
DEMO_TRAINEES = (
    DemoTrainee("530102198001010015", "张三", "SGY", paid_days_ago=0, watched=0.0),
    DemoTrainee("532501198811200037", "王五", "AQY", paid_days_ago=5, watched=1.0),
    DemoTrainee(
        "53290119920607004X",
        "赵六",
        "SGY",
        paid_days_ago=20,
        watched=1.0,
        scores=(30, 45, 38, 42, 40),
        last_attempt_days_ago=1,
    ),
    DemoTrainee("530302196909300057", "钱七", "AQY", paid_days_ago=35, watched=0.5),
    DemoTrainee(
        "530102198505050061",
        "孙八",
        "AQY",
        paid_days_ago=25,
        watched=1.0,
        scores=(52, 86),
        last_attempt_days_ago=10,
        certificate_expires_in_days=60,
    ),
    DemoTrainee("530102199001010079", "周九", "SGY", paid_days_ago=None, watched=0.0),
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _lesson_file(course: CourseRecipe, index: int, title: str, duration_s: int) -> str:
    # The name carries the recipe, so a changed recipe makes a new file and an unchanged
    # one is reused (tests share one media folder across many servers).
    recipe = hashlib.sha256(f"{title}|{duration_s}".encode()).hexdigest()[:10]
    return f"{course.trade_code}-{index:02d}-{duration_s}s-{recipe}.mp4"


def make_demo_videos(context: ServerContext) -> None:
    """Make the lesson videos that are missing, before any database write: a transaction
    held open for the minutes ffmpeg takes on a slow PC would block every other writer.
    Each file appears whole (written aside, then renamed), so two servers making the same
    one at once both end with a good file."""
    media_dir = context.settings.resolved_media_dir
    media_dir.mkdir(parents=True, exist_ok=True)
    for code, course in load_courses().items():
        for recipe in course.lessons:
            duration = context.settings.demo_lesson_seconds or recipe.duration_s
            name = _lesson_file(course, recipe.index, recipe.title, duration)
            if not (media_dir / name).exists():
                log.info("making demo video %s", name)
                make_lesson_video(
                    media_dir / name,
                    title=recipe.title,
                    duration_s=duration,
                    lesson_label=f"{code} lesson {recipe.index}",
                )


def seed_courses(db: Session, context: ServerContext) -> None:
    """The trades, banks and lessons, in `db`'s transaction (make_demo_videos first)."""
    media_dir = context.settings.resolved_media_dir
    for code, course in load_courses().items():
        bank = load_question_bank(code)
        db.add(Trade(code=code, name=bank.trade_name, course_name=course.name))
        seed_questions(db, bank)
        for recipe in course.lessons:
            duration = context.settings.demo_lesson_seconds or recipe.duration_s
            name = _lesson_file(course, recipe.index, recipe.title, duration)
            path = media_dir / name
            db.add(
                Lesson(
                    trade_code=code,
                    index=recipe.index,
                    title=recipe.title,
                    duration_s=float(duration),
                    credit_hours=float(recipe.credit_hours),
                    media_file=name,
                    sha256=_sha256(path),
                    size_bytes=path.stat().st_size,
                )
            )
    db.flush()


def _seed_trainee(
    db: Session, context: ServerContext, spec: DemoTrainee, password_hash: str, serial: int
) -> None:
    now, today = context.now(), context.today()
    trainee = Trainee(
        id_number=spec.id_number,
        name=spec.name,
        password_hash=password_hash,
        must_change_password=True,
        created_at=now,
    )
    db.add(trainee)
    db.flush()
    enrollment = Enrollment(
        trainee_id=trainee.id,
        trade_code=spec.trade,
        certificate_number=f"云建{spec.trade}({today.year - 3}){serial:06d}",
        certificate_expires_on=today + dt.timedelta(days=spec.certificate_expires_in_days),
        created_at=now - dt.timedelta(days=(spec.paid_days_ago or 0) + 3),
        attempts_allowed=context.settings.exam_attempts,
        centre_code=DEMO_CENTRE,
    )
    if spec.paid_days_ago is not None:
        enrollment.paid_at = now - dt.timedelta(days=spec.paid_days_ago)
        opens, closes = rules.study_period(
            today - dt.timedelta(days=spec.paid_days_ago), context.settings.study_days
        )
        enrollment.study_opens_on, enrollment.study_closes_on = opens, closes
    db.add(enrollment)
    db.flush()
    if spec.watched > 0:
        lessons = db.scalars(select(Lesson).where(Lesson.trade_code == spec.trade)).all()
        for lesson in lessons:
            end = lesson.duration_s * spec.watched
            db.add(
                LessonProgress(
                    enrollment_id=enrollment.id,
                    lesson_id=lesson.id,
                    intervals=[[0.0, end]],
                    credited_s=end,
                    resume_s=0.0 if spec.watched >= 1 else end,
                    complete=spec.watched >= 1,
                    updated_at=now,
                )
            )
    for number, score in enumerate(spec.scores, start=1):
        days_ago = spec.last_attempt_days_ago + (len(spec.scores) - number)
        started = now - dt.timedelta(days=days_ago, minutes=90)
        db.add(
            ExamAttempt(
                id=str(uuid.uuid4()),
                enrollment_id=enrollment.id,
                number=number,
                state="submitted",
                started_at=started,
                deadline=rules.exam_deadline(started, context.settings.exam_minutes),
                ended_at=started + dt.timedelta(minutes=80),
                score=score,
            )
        )


def seed_demo(context: ServerContext) -> bool:
    """Fill an empty database with the demo; returns False when it already has trainees.

    Safe when servers start together on one database: the demo is one transaction, and
    the one that commits second meets the first one's unique trade codes and stands down
    (before, `UNIQUE constraint failed: trades.code` killed it).
    """
    with context.sessions() as db:
        if db.scalar(select(Trainee.id).limit(1)) is not None:
            return False
    make_demo_videos(context)  # outside the transaction
    password_hash = hash_password(INITIAL_PASSWORD)
    with context.sessions() as db:
        try:
            seed_courses(db, context)
            for serial, spec in enumerate(DEMO_TRAINEES, start=1):
                _seed_trainee(db, context, spec, password_hash, serial)
            db.commit()
        except IntegrityError:
            db.rollback()
            log.info("another server seeded the demo first")
            return False
    return True
