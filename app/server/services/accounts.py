"""Logins, lockout, sessions and passwords (ACC-1 to ACC-5)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.ids import INITIAL_PASSWORD, check_new_password, normalize_id_number
from app.server.context import CHINA_TZ
from app.server.db import begin_write, lock_row_for_write
from app.server.errors import ApiError
from app.server.models import AuthSession, LoginFailure, LoginLock, Supervision, Trainee
from app.server.security import (
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    verify_password,
)

MAX_FAILURES = 5  # ACC-5
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_DURATION = dt.timedelta(minutes=15)
NEVER_LOCKED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class LoginResult:
    token: str
    session_id: str
    trainee: Trainee


def _locked_error(locked_until: dt.datetime) -> ApiError:
    local = locked_until.astimezone(CHINA_TZ)
    return ApiError(
        "account_locked",
        f"密码错误次数过多，账号已锁定，请在 {local:%H:%M} 以后再试。",
        unlock_at=locked_until.isoformat(),
    )


def _lock_login_row(db: Session, login: str) -> LoginLock:
    """The login's one LoginLock row (made unlocked if missing), locked for this transaction.

    Every attempt on one login queues here, on any number of server processes: the upsert
    takes SQLite's write lock first thing, and on PostgreSQL the row is then read FOR UPDATE.
    """
    begin_write(db)
    upsert = (sqlite_insert if db.get_bind().dialect.name == "sqlite" else pg_insert)(LoginLock)
    db.execute(upsert.values(login=login, locked_until=NEVER_LOCKED).on_conflict_do_nothing())
    db.expire_all()  # anything read before the lock may be stale
    lock = db.get(LoginLock, login, with_for_update=True, populate_existing=True)
    assert lock is not None
    return lock


def reserve_attempt(db: Session, login: str, now: dt.datetime) -> None:
    """ACC-5, before any password is checked: count this attempt as a failure, in its own
    committed transaction, under the login's row lock. The fifth within 15 minutes locks
    the account at once; a right password then lifts it (:func:`_clear_failures`). So 40
    parallel guesses check exactly 5 passwords, and the other 35 are refused unchecked."""
    lock = _lock_login_row(db, login)
    if lock.locked_until > now:
        error = _locked_error(lock.locked_until)
        db.rollback()
        raise error
    recent = db.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.login == login, LoginFailure.at > now - FAILURE_WINDOW)
    )
    db.add(LoginFailure(login=login, at=now))
    if (recent or 0) + 1 >= MAX_FAILURES:
        lock.locked_until = now + LOCK_DURATION
        # The count starts again after the lock.
        db.execute(delete(LoginFailure).where(LoginFailure.login == login))
    db.commit()


def _clear_failures(db: Session, login: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.login == login))
    # The row stays (unlocked): parallel attempts queue on it (_lock_login_row).
    db.execute(update(LoginLock).where(LoginLock.login == login).values(locked_until=NEVER_LOCKED))


def open_session(
    db: Session,
    now: dt.datetime,
    *,
    trainee_id: int | None = None,
    staff_id: int | None = None,
    device_kind: str = "",
    device_name: str = "",
) -> tuple[str, AuthSession]:
    token = new_token()
    auth = AuthSession(
        id=str(uuid.uuid4()),
        token_hash=token_digest(token),
        trainee_id=trainee_id,
        staff_id=staff_id,
        device_kind=device_kind[:32],
        device_name=device_name[:128],
        created_at=now,
        last_seen_at=now,
    )
    db.add(auth)
    return token, auth


def login_trainee(
    db: Session,
    now: dt.datetime,
    *,
    id_number: str,
    password: str,
    agree: bool,
    device_kind: str,
    device_name: str,
) -> LoginResult:
    try:
        normalized = normalize_id_number(id_number)  # ACC-1
    except DomainError as exc:
        raise ApiError("invalid_id_number", exc.message, reason=exc.reason) from exc
    if not agree:
        raise ApiError("agreement_required")  # ACC-3
    login = f"trainee:{normalized}"
    reserve_attempt(db, login, now)
    trainee = db.scalar(select(Trainee).where(Trainee.id_number == normalized))
    # Unknown ID and wrong password answer alike, and take as long (ACC-5).
    if not verify_password(trainee.password_hash if trainee else None, password) or not trainee:
        raise ApiError("bad_credentials")  # the reservation stays as the failure
    db.rollback()  # the verify ran outside any transaction; lock the rows afresh
    # ACC-4 across processes: parallel logins of one trainee queue on the trainee's row,
    # so the later one replaces the earlier one's session and one session stays live.
    lock_row_for_write(db, Trainee, trainee.id)
    db.refresh(trainee)
    _clear_failures(db, login)
    if needs_rehash(trainee.password_hash):
        trainee.password_hash = hash_password(password)
    if password == INITIAL_PASSWORD:
        trainee.must_change_password = True  # ACC-2
    token, auth = open_trainee_session(
        db, now, trainee, device_kind=device_kind, device_name=device_name
    )
    db.commit()
    return LoginResult(token=token, session_id=auth.id, trainee=trainee)


def open_trainee_session(
    db: Session, now: dt.datetime, trainee: Trainee, *, device_kind: str, device_name: str
) -> tuple[str, AuthSession]:
    """A new login of the trainee, in the caller's transaction. ACC-4: one live session
    per account; every older one is replaced. Queued on the trainee's row, as a login
    is: a clerk's supervised session opened while the trainee signed in elsewhere left
    both live, or deadlocked on PostgreSQL (the new session's key on the trainee)."""
    lock_row_for_write(db, Trainee, trainee.id)
    db.execute(
        update(AuthSession)
        .where(
            AuthSession.trainee_id == trainee.id,
            AuthSession.replaced_at.is_(None),
            AuthSession.ended_at.is_(None),
        )
        .values(replaced_at=now)
    )
    return open_session(
        db, now, trainee_id=trainee.id, device_kind=device_kind, device_name=device_name
    )


def change_password(
    db: Session, now: dt.datetime, trainee: Trainee, *, old_password: str, new_password: str
) -> None:
    # ACC-5: a wrong old password is a wrong password; a stolen session cannot guess on.
    login = f"trainee:{trainee.id_number}"
    password_hash = trainee.password_hash
    db.commit()  # the session's own transaction (the auth lookup) ends before the lock
    reserve_attempt(db, login, now)
    if not verify_password(password_hash, old_password):
        raise ApiError("bad_credentials", "原密码不正确。", support_line=None)
    db.rollback()
    lock_row_for_write(db, Trainee, trainee.id)
    db.refresh(trainee)
    _clear_failures(db, login)
    try:
        check_new_password(new_password, id_number=trainee.id_number)  # ACC-2
    except DomainError as exc:
        raise ApiError("weak_password", exc.message, reason=exc.reason) from exc
    trainee.password_hash = hash_password(new_password)
    trainee.must_change_password = False
    db.commit()


def logout(db: Session, auth: AuthSession, now: dt.datetime) -> None:
    auth.ended_at = now
    # FACE-8: a supervised session ends when the trainee logs out.
    db.execute(
        update(Supervision)
        .where(Supervision.auth_session_id == auth.id, Supervision.ended_at.is_(None))
        .values(ended_at=now, ended_by="logout")
    )
    db.commit()


def reset_password(db: Session, trainee: Trainee, now: dt.datetime) -> None:
    """Staff: back to the initial password, forced change, lock lifted, sessions ended."""
    trainee.password_hash = hash_password(INITIAL_PASSWORD)
    trainee.must_change_password = True
    _clear_failures(db, f"trainee:{trainee.id_number}")
    db.execute(
        update(AuthSession)
        .where(AuthSession.trainee_id == trainee.id, AuthSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    # FACE-8: a supervised login ended here ends its supervision too.
    db.execute(
        update(Supervision)
        .where(Supervision.trainee_id == trainee.id, Supervision.ended_at.is_(None))
        .values(ended_at=now, ended_by="reset")
    )
    db.commit()
