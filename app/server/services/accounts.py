"""Logins, lockout, sessions and passwords (ACC-1 to ACC-5)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.ids import INITIAL_PASSWORD, check_new_password, normalize_id_number
from app.server.context import CHINA_TZ
from app.server.errors import ApiError
from app.server.models import AuthSession, LoginFailure, LoginLock, Trainee
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


@dataclass(frozen=True)
class LoginResult:
    token: str
    session_id: str
    trainee: Trainee


def _check_not_locked(db: Session, login: str, now: dt.datetime) -> None:
    lock = db.get(LoginLock, login)
    if lock is not None and lock.locked_until > now:
        local = lock.locked_until.astimezone(CHINA_TZ)
        raise ApiError(
            "account_locked",
            f"密码错误次数过多，账号已锁定，请在 {local:%H:%M} 以后再试。",
            unlock_at=lock.locked_until.isoformat(),
        )


def _record_failure(db: Session, login: str, now: dt.datetime) -> None:
    """Count a wrong password; the fifth within 15 minutes locks for 15 minutes (ACC-5)."""
    db.add(LoginFailure(login=login, at=now))
    db.flush()
    recent = db.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.login == login, LoginFailure.at > now - FAILURE_WINDOW)
    )
    if (recent or 0) >= MAX_FAILURES:
        lock = db.get(LoginLock, login)
        if lock is None:
            db.add(LoginLock(login=login, locked_until=now + LOCK_DURATION))
        else:
            lock.locked_until = now + LOCK_DURATION
        # The count starts again after the lock.
        db.execute(delete(LoginFailure).where(LoginFailure.login == login))
    db.commit()


def _clear_failures(db: Session, login: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.login == login))
    db.execute(delete(LoginLock).where(LoginLock.login == login))


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
    _check_not_locked(db, login, now)
    trainee = db.scalar(select(Trainee).where(Trainee.id_number == normalized))
    # Unknown ID and wrong password answer alike, and take as long (ACC-5).
    if not verify_password(trainee.password_hash if trainee else None, password) or not trainee:
        _record_failure(db, login, now)
        raise ApiError("bad_credentials")
    _clear_failures(db, login)
    if needs_rehash(trainee.password_hash):
        trainee.password_hash = hash_password(password)
    # ACC-4: one live session per account; every older one is replaced.
    db.execute(
        update(AuthSession)
        .where(
            AuthSession.trainee_id == trainee.id,
            AuthSession.replaced_at.is_(None),
            AuthSession.ended_at.is_(None),
        )
        .values(replaced_at=now)
    )
    if password == INITIAL_PASSWORD:
        trainee.must_change_password = True  # ACC-2
    token, auth = open_session(
        db, now, trainee_id=trainee.id, device_kind=device_kind, device_name=device_name
    )
    db.commit()
    return LoginResult(token=token, session_id=auth.id, trainee=trainee)


def change_password(db: Session, trainee: Trainee, *, old_password: str, new_password: str) -> None:
    if not verify_password(trainee.password_hash, old_password):
        raise ApiError("bad_credentials", "原密码不正确。", support_line=None)
    try:
        check_new_password(new_password, id_number=trainee.id_number)  # ACC-2
    except DomainError as exc:
        raise ApiError("weak_password", exc.message, reason=exc.reason) from exc
    trainee.password_hash = hash_password(new_password)
    trainee.must_change_password = False
    db.commit()


def logout(db: Session, auth: AuthSession, now: dt.datetime) -> None:
    auth.ended_at = now
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
    db.commit()
