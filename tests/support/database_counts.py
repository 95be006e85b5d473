"""What a server's database holds, read straight with SQL (the fault tests' evidence)."""

from __future__ import annotations

from sqlalchemy import create_engine, text


def stored_ids(database_url: str, ids: set[str]) -> set[str]:
    engine = create_engine(database_url)
    found: set[str] = set()
    try:
        with engine.connect() as db:
            ordered = sorted(ids)
            for start in range(0, len(ordered), 500):
                chunk = ordered[start : start + 500]
                marks = ",".join(f":e{n}" for n in range(len(chunk)))
                rows = db.execute(
                    text(f"SELECT event_id FROM progress_events WHERE event_id IN ({marks})"),
                    {f"e{n}": value for n, value in enumerate(chunk)},
                )
                found.update(row[0] for row in rows)
    finally:
        engine.dispose()
    return found


def counted_once(database_url: str, enrollment_id: int) -> list[tuple[int, float, float]]:
    """Lessons whose credited seconds differ from the sum of what their events added."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as db:
            rows = db.execute(
                text(
                    "SELECT p.lesson_id, p.credited_s, coalesce(sum(e.added_s), 0)"
                    " FROM lesson_progress p LEFT JOIN progress_events e"
                    " ON e.lesson_id = p.lesson_id AND e.status = 'credited'"
                    " AND e.trainee_id = (SELECT trainee_id FROM enrollments WHERE id = :e)"
                    " WHERE p.enrollment_id = :e"
                    " GROUP BY p.lesson_id, p.credited_s"
                ),
                {"e": enrollment_id},
            ).all()
    finally:
        engine.dispose()
    return [(r[0], float(r[1]), float(r[2])) for r in rows if abs(r[1] - r[2]) > 1e-6]
