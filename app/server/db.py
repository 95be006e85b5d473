"""Engine and sessions. SQLite runs in WAL mode with foreign keys on; PostgreSQL as is."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from typing import Any

from sqlalchemy import DateTime, Engine, TypeDecorator, create_engine, event, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, sessionmaker

# SQLite has one writer at a time. Its busy handler makes a waiting writer sleep and poll
# (up to 100 ms a nap), so under load the lock stood free while 40 threads slept: 13
# batches a second in bench_progress. Writers of one process queue on a Python lock
# instead and start the moment it is free; other processes still wait in busy_timeout.
_SQLITE_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_WRITER_WAIT_S = 30.0  # as busy_timeout; past it, go on and let SQLite decide
_HELD_LOCK = "cedu_sqlite_write_lock"
# Rows this transaction already holds locked (note_row_locked), e.g. by the query that read them.
_LOCKED_ROWS = "cedu_locked_rows"


class Base(DeclarativeBase):
    pass


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; FULL: an acknowledged commit survives a power cut.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FACE-8: a deleted photo or template is overwritten, not left in a free page.
    cursor.execute("PRAGMA secure_delete=ON")
    # Concurrent writers wait for the lock instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # No cap on connections (a SQLite connection is an open file): a sync endpoint
        # holds its connection until FastAPI has validated its answer on another
        # threadpool thread, so with a capped pool 40 threads waited for connections held
        # by requests that waited for a thread, until pool_timeout (bench/load: 200
        # exam starts, all timed out after 30 s).
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=20,
            max_overflow=-1,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        _SQLITE_WRITERS[engine] = threading.Lock()
        return engine
    return create_engine(url, pool_size=20, max_overflow=40, pool_pre_ping=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def lock_row_for_write(session: Session, table: Any, row_id: Any) -> None:
    """Start a write transaction by writing `row_id`'s row (a no-op update).

    pysqlite begins a transaction at the first write, so reads before it hold no lock. A
    transaction that reads and later writes (or opens a SAVEPOINT first) can find its
    snapshot stale and fail at once with "database is locked" instead of waiting. Writing
    first takes SQLite's write lock, waiting for it (busy_timeout); on PostgreSQL a SELECT
    ... FOR UPDATE locks the row. Either way parallel requests on the same row queue.
    Commit before the request ends: a lock held into FastAPI's teardown can starve the
    threadpool. A row already locked in this transaction (note_row_locked) is not locked
    again.
    """
    if (table, row_id) in session.info.get(_LOCKED_ROWS, ()):
        return
    if not begin_write(session) and session.get_bind().dialect.name == "postgresql":
        # A row lock without writing a new row version (and WAL) for every batch.
        session.execute(select(table.id).where(table.id == row_id).with_for_update())
        return
    session.execute(
        update(table).where(table.id == row_id).values(id=table.id),
        execution_options={"synchronize_session": False},
    )


def begin_write(session: Session) -> bool:
    """On SQLite, queue for this process's writer lock (held until the transaction ends):
    the caller's next statement must be a write. True on SQLite; PostgreSQL needs nothing."""
    writers = _SQLITE_WRITERS.get(session.get_bind())  # type: ignore[arg-type]
    if writers is None:
        return False
    if _HELD_LOCK not in session.info:
        # Released when this transaction ends, on whatever thread ends it.
        if not session.in_transaction():
            session.begin()
        if writers.acquire(timeout=_WRITER_WAIT_S):
            session.info[_HELD_LOCK] = writers
    return True


def note_row_locked(session: Session, table: Any, row_id: Any) -> None:
    """`row_id`'s row was locked (SELECT ... FOR UPDATE) by a query of this transaction:
    lock_row_for_write need not lock it again until the transaction ends."""
    session.info.setdefault(_LOCKED_ROWS, set()).add((table, row_id))


@event.listens_for(Session, "after_transaction_end")
def _release_sqlite_writers(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_LOCKED_ROWS, None)  # a rollback or commit released them
        if _HELD_LOCK in session.info:
            session.info.pop(_HELD_LOCK).release()
