"""Engine and sessions. SQLite runs in WAL mode with foreign keys on; PostgreSQL as is."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, update
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; FULL: an acknowledged commit survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Concurrent writers wait for the lock instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=20,
            max_overflow=40,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=20, max_overflow=40, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def lock_row_for_write(session: Session, table: Any, row_id: Any) -> None:
    """Start a write transaction by writing `row_id`'s row (a no-op update).

    pysqlite begins a transaction at the first write, so reads before it hold no lock. A
    transaction that reads and later writes (or opens a SAVEPOINT first) can find its
    snapshot stale and fail at once with "database is locked" instead of waiting. Writing
    first takes SQLite's write lock, waiting for it (busy_timeout), and on PostgreSQL locks
    the row, so parallel requests on the same row queue. Commit before the request ends:
    a lock held into FastAPI's teardown can starve the threadpool.
    """
    session.execute(update(table).where(table.id == row_id).values(id=table.id))
