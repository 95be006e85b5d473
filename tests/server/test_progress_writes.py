"""The SQLite writers' queue behind lock_row_for_write (used by POST /progress): held
for exactly one transaction, however it ends, so no writer can be left waiting forever."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import insert

from app.server.db import lock_row_for_write, make_engine, make_session_factory
from app.server.models import Base, Staff


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_write_transaction_lets_the_next_writer_in_when_it_ends(tmp_path: Path, end: str) -> None:
    # RULES: SYNC-1 (batches wait their turn instead of failing with "database is locked")
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    with sessions() as db:
        now = dt.datetime.now(dt.UTC)
        db.execute(insert(Staff).values(id=1, username="a", password_hash="-", created_at=now))
        db.commit()
    first = sessions()
    lock_row_for_write(first, Staff, 1)
    lock_row_for_write(first, Staff, 1)  # twice in one transaction: no self-deadlock
    entered = threading.Event()

    def second_writer() -> None:
        with sessions() as db:
            lock_row_for_write(db, Staff, 1)
            entered.set()
            db.commit()

    waiter = threading.Thread(target=second_writer)
    waiter.start()
    assert not entered.wait(0.3)  # one writer at a time
    getattr(first, end)()
    assert entered.wait(10)
    waiter.join(10)
    first.close()
    engine.dispose()
