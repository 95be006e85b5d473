"""Passed face checks written straight into the database, as the server records them:
for tests and benchmarks where face checks are not what is measured."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.server.models import FaceCheck, Trainee


def give_face_checks(
    database_url: str,
    id_numbers: list[str],
    ago: dt.timedelta = dt.timedelta(hours=2),
    purpose: str = "lesson_start",
) -> dict[str, str]:
    """A passed check `ago` (two hours) for each trainee: {id_number: check_id}. Stretches
    must end within FACE-5's periodic limit after it (CEDU_FACE_CHECK_MAX_S + 2 min); an
    exam starts on an `exam` check received after the login and minutes before
    (services.exam_identity)."""
    engine = create_engine(database_url)
    checks = {}
    at = dt.datetime.now(dt.UTC) - ago
    with Session(engine) as db:
        for id_number in id_numbers:
            trainee_id = db.scalar(select(Trainee.id).where(Trainee.id_number == id_number))
            check_id = str(uuid.uuid4())
            db.add(
                FaceCheck(
                    id=check_id,
                    trainee_id=trainee_id,
                    purpose=purpose,
                    started_at=at,
                    ended_at=at,
                    received_at=at,
                    passed=True,
                    distance=0.4,
                    liveness_method="blink",
                    liveness_passed=True,
                )
            )
            checks[id_number] = check_id
        db.commit()
    engine.dispose()
    return checks
