"""Staff accounts: the password policy, sign-in with a throttle that slows guessing
without locking anyone out, sessions that end on a password change, and the accounts
themselves (created by an administrator or by `cedu-server staff`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.server import roles
from app.server.errors import ApiError
from app.server.models import AuthSession, LoginFailure, Staff, Supervision
from app.server.security import hash_password, needs_rehash, verify_password
from app.server.services import audit, centres
from app.server.services.accounts import open_session

MIN_PASSWORD_LENGTH = 12
# The throttle counts wrong passwords per address, never per account: guessing from one
# address slows down (each try after the fifth waits twice as long as the one before, at
# most 5 minutes) while the member signs in from any other address at once. No lockout.
FREE_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_WAIT = dt.timedelta(minutes=5)
# Whatever happens, a staff session ends this long after sign-in.
SESSION_LIFETIME = dt.timedelta(hours=8)


def password_problem(password: str, username: str) -> str | None:
    """Why a staff password is too weak, in plain words; None when it is good."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少要 {MIN_PASSWORD_LENGTH} 位。"
    kinds = sum(
        (
            any(c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2:
        return "密码要同时包含字母、数字、符号中的至少两种。"
    if password.lower() == username.lower() or len(set(password)) < 5:
        return "密码太简单，请换一个。"
    return None


def check_password(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem:
        raise ApiError("weak_password", problem, reason="staff_policy")


def _throttle_key(address: str) -> str:
    return f"staff-from:{address}"[:80]


def _check_throttle(
    db: Session, address: str, now: dt.datetime, before: int | None = None
) -> None:
    """Refuses while the address must wait; with `before`, judged on the failures
    reserved before that one (an attempt's own reservation is not its past)."""
    key = _throttle_key(address)
    earlier = [LoginFailure.login == key]
    if before is not None:
        earlier.append(LoginFailure.id < before)
    failures = (
        db.scalar(
            select(func.count()).where(*earlier, LoginFailure.at > now - THROTTLE_WINDOW)
        )
        or 0
    )
    if failures < FREE_FAILURES:
        return
    last = db.scalar(select(func.max(LoginFailure.at)).where(*earlier))
    wait = min(dt.timedelta(seconds=2 ** (failures - FREE_FAILURES)), MAX_WAIT)
    if last is not None:
        last = last.replace(tzinfo=dt.UTC) if last.tzinfo is None else last
        if now < last + wait:
            retry = int((last + wait - now).total_seconds()) + 1
            raise ApiError(
                "too_many_attempts",
                f"密码错误次数较多，请 {retry} 秒后再试。",
                retry_after=retry,
            )


def login(db: Session, now: dt.datetime, *, username: str, password: str, address: str) -> str:
    _check_throttle(db, address, now)
    # The failure is reserved before the password is checked, as ACC-5 does for trainees:
    # guesses sent at once each count those reserved before them (counted after the
    # check, 30 parallel guesses were 28 passwords checked). A success clears them all.
    reserved = LoginFailure(login=_throttle_key(address), at=now)
    db.add(reserved)
    db.commit()
    try:
        _check_throttle(db, address, now, before=reserved.id)
    except ApiError:
        db.execute(delete(LoginFailure).where(LoginFailure.id == reserved.id))
        db.commit()
        raise
    staff = db.scalar(select(Staff).where(Staff.username == username))
    good = verify_password(staff.password_hash if staff else None, password)
    if not good or staff is None or not staff.active:
        db.rollback()  # the reservation stays as the failure
        raise ApiError("bad_credentials", "用户名或密码不正确。", support_line=None)
    db.execute(delete(LoginFailure).where(LoginFailure.login == _throttle_key(address)))
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    token, _auth = open_session(db, now, staff_id=staff.id, device_kind="staff")
    audit.record(db, now, staff, "staff_login", staff.username, address=address)
    db.commit()
    return token


def session_expired(auth: AuthSession, staff: Staff, now: dt.datetime) -> bool:
    if now - auth.created_at > SESSION_LIFETIME:
        return True
    return staff.password_changed_at is not None and auth.created_at < staff.password_changed_at


def _set_password(db: Session, staff: Staff, password: str, now: dt.datetime) -> None:
    """New password; every session of the account ends with the old one."""
    check_password(password, staff.username)
    staff.password_hash = hash_password(password)
    staff.password_changed_at = now
    db.execute(
        update(AuthSession)
        .where(AuthSession.staff_id == staff.id, AuthSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def create(
    db: Session,
    now: dt.datetime,
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    centre_code: str = "",
    by: Staff | None = None,
    address: str = "",
) -> Staff:
    username = username.strip()
    if not username or len(username) > 64 or not username.isprintable():
        raise ApiError("invalid_request", "用户名不能为空，最多 64 个字符。")
    if role not in roles.ROLES:
        raise ApiError("invalid_request", "没有这个角色。")
    try:
        centre = centres.normalize(centre_code)
    except ValueError as exc:
        raise ApiError("invalid_request", "培训点代码只能是字母、数字和“-”，最多 32 位。") from exc
    if role == roles.CLERK and centre is None:
        raise ApiError("invalid_request", "培训点工作人员要填写所在培训点的代码。")
    check_password(password, username)
    if db.scalar(select(Staff.id).where(Staff.username == username)) is not None:
        raise ApiError("username_taken")
    staff = Staff(
        username=username,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name.strip()[:64],
        centre_code=centre if role == roles.CLERK else None,
        created_at=now,
        password_changed_at=now,
    )
    db.add(staff)
    db.flush()
    after = {"role": role, "centre": staff.centre_code}
    audit.record(db, now, by, "staff_created", username, after=after, address=address)
    db.commit()
    return staff


def find(db: Session, username: str) -> Staff:
    staff = db.scalar(select(Staff).where(Staff.username == username))
    if staff is None:
        raise ApiError("not_found", "没有这个工作人员账号。")
    return staff


def reset_password(
    db: Session,
    now: dt.datetime,
    staff: Staff,
    password: str,
    *,
    by: Staff | None = None,
    reason: str = "",
    address: str = "",
) -> None:
    _set_password(db, staff, password, now)
    staff.active = True
    action = (
        "staff_password_changed" if by is not None and by.id == staff.id else "staff_password_reset"
    )
    audit.record(db, now, by, action, staff.username, reason=reason, address=address)
    db.commit()


def change_own_password(
    db: Session, now: dt.datetime, staff: Staff, *, old: str, new: str, address: str
) -> None:
    if not verify_password(staff.password_hash, old):
        raise ApiError("bad_credentials", "原密码不正确。", support_line=None)
    reset_password(db, now, staff, new, by=staff, address=address)


def listing(db: Session) -> list[Staff]:
    return list(db.scalars(select(Staff).order_by(Staff.username)))


def ensure_admin(db: Session, now: dt.datetime, password: str) -> None:
    """Create the `admin` account, or set its password when one is given at start-up."""
    check_password(password, "admin")
    admin = db.scalar(select(Staff).where(Staff.username == "admin"))
    if admin is None:
        create(
            db, now, username="admin", password=password, role=roles.ADMIN, display_name="管理员"
        )
    elif not verify_password(admin.password_hash, password):
        reset_password(db, now, admin, password, reason="CEDU_ADMIN_PASSWORD")


def disable(db: Session, now: dt.datetime, staff: Staff, *, by: Staff, address: str) -> None:
    """The account can no longer sign in; its logins end now, and so do the supervised
    sessions it opened (FACE-8: they cover no time the member no longer answers for)."""
    staff.active = False
    db.execute(
        update(AuthSession)
        .where(AuthSession.staff_id == staff.id, AuthSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    db.execute(
        update(Supervision)
        .where(Supervision.staff_id == staff.id, Supervision.ended_at.is_(None))
        .values(ended_at=now, ended_by="staff_disabled")
    )
    audit.record(db, now, by, "staff_disabled", staff.username, address=address)
    db.commit()
