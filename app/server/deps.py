"""FastAPI dependencies: the context, a database session, and who is calling."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from app.server import roles
from app.server.context import ServerContext
from app.server.db import note_row_locked
from app.server.errors import ApiError
from app.server.models import AuthSession, Staff, Supervision, Trainee
from app.server.security import token_digest
from app.server.services import staff as staff_accounts

# The photo and face templates (tens of kilobytes), loaded only if asked for: a batch of
# progress (the one caller that locks the trainee's row) never needs them.
_BULKY_TRAINEE_COLUMNS = (
    defer(Trainee.photo),
    defer(Trainee.photo_embedding),
    defer(Trainee.live_embedding),
)

# Writing last_seen_at on every request would turn every read into a write.
_LAST_SEEN_GRANULARITY = dt.timedelta(seconds=60)


async def get_context(request: Request) -> ServerContext:
    """Async: a sync dependency costs every request a trip to a threadpool thread and
    back (bench_progress: a tenth of the server's CPU per POST /progress)."""
    context: ServerContext = request.app.state.context
    return context


Context = Annotated[ServerContext, Depends(get_context)]


async def get_db(context: Context) -> AsyncIterator[Session]:
    """A session per request; services commit explicitly, anything else is rolled back.

    Async on purpose: its teardown (closing the session, returning the connection) then
    runs on the event loop. A sync teardown needs a threadpool thread, and under load
    every thread can be waiting for a pooled connection that only a teardown would free.
    """
    with context.sessions() as session:
        yield session


# Closed as soon as the endpoint returns, before FastAPI validates a sync endpoint's answer
# on a second threadpool thread: a session still holding its connection there let 40
# threads wait for connections held by requests that waited for a thread, until
# pool_timeout (bench/load on PostgreSQL: 200 exam starts, all timed out after 30 s).
Db = Annotated[Session, Depends(get_db, scope="function")]


def _release(db: Session) -> None:
    """End the dependency's transaction so its pooled connection goes back at once.

    A request waits for a threadpool thread between its dependencies and its endpoint;
    holding a connection meanwhile lets 200 waiting requests drain the pool while the
    threads that could finish them wait for a connection (seen in bench_progress).
    expire_on_commit is off, so what was loaded stays usable.
    """
    db.commit()


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError("not_logged_in")
    return token.strip()


async def get_bearer_token(request: Request) -> str:
    """The caller's token, unchecked (async: no trip to the threadpool for a header)."""
    return _bearer_token(request)


BearerToken = Annotated[str, Depends(get_bearer_token)]


SUPERVISION_ENDED_MESSAGE = (
    "监督学习已由工作人员在管理端结束，学员已退出登录。"
    "如需继续学习，请工作人员当面核验身份证后重新开始监督学习。"
)


def _ended(db: Session, auth: AuthSession) -> ApiError:
    """401 for a login that is over; a kiosk's supervised login that a clerk ended
    elsewhere (the console) is told so: `reason` `supervision_ended_by_staff` (FACE-8).
    Read only on this refusal: the live path costs nothing more."""
    ended_by = db.scalar(
        select(Supervision.ended_by).where(Supervision.auth_session_id == auth.id)
    )
    if ended_by == "clerk":
        return ApiError(
            "not_logged_in", SUPERVISION_ENDED_MESSAGE, reason="supervision_ended_by_staff"
        )
    return ApiError("not_logged_in")


def _live(
    auth: AuthSession | None, db: Session, context: ServerContext, release: bool = True
) -> AuthSession:
    """The login behind the token, if it is still live; seen now (within a minute)."""
    if auth is None:
        raise ApiError("not_logged_in")
    if auth.ended_at is not None:
        raise _ended(db, auth)
    if auth.replaced_at is not None:
        raise ApiError("session_replaced")  # ACC-4
    now = context.now()
    if now - auth.last_seen_at > dt.timedelta(seconds=context.settings.token_idle_s):
        raise ApiError("not_logged_in")
    if now - auth.last_seen_at > _LAST_SEEN_GRANULARITY:
        auth.last_seen_at = now
    if release:
        _release(db)
    return auth


def get_auth_session(request: Request, db: Db, context: Context) -> AuthSession:
    auth = db.scalar(
        select(AuthSession).where(AuthSession.token_hash == token_digest(_bearer_token(request)))
    )
    return _live(auth, db, context)


CurrentAuth = Annotated[AuthSession, Depends(get_auth_session)]


def trainee_by_token(
    db: Session, context: ServerContext, token: str, release: bool = True, lock: bool = False
) -> Trainee:
    return trainee_login_by_token(db, context, token, release, lock)[1]


def trainee_login_by_token(
    db: Session, context: ServerContext, token: str, release: bool = True, lock: bool = False
) -> tuple[AuthSession, Trainee]:
    """The caller as a trainee, even before the forced password change (ACC-2).

    The login and the trainee in one query: every trainee call (POST /progress from 200
    clients, bench_progress) pays for this. Without `release` the transaction stays open
    for the caller's own work (one connection and one transaction per request). With
    `lock` (and no `release`), PostgreSQL also locks the trainee's row FOR UPDATE in that
    query, a round trip less than lock_row_for_write after it.
    """
    digest = token_digest(token)
    lean = _BULKY_TRAINEE_COLUMNS if lock else ()
    found = None
    if lock and not release and db.get_bind().dialect.name == "postgresql":
        # An inner join: FOR UPDATE cannot lock the nullable side of an outer join. A
        # token without a trainee's row is judged by the plain query below.
        found = db.execute(
            select(AuthSession, Trainee)
            .join(Trainee, Trainee.id == AuthSession.trainee_id)
            .where(AuthSession.token_hash == digest)
            .options(*lean)
            .with_for_update(of=Trainee)
        ).first()
        if found is not None:
            note_row_locked(db, Trainee, found[1].id)
    if found is None:
        found = db.execute(
            select(AuthSession, Trainee)
            .outerjoin(Trainee, Trainee.id == AuthSession.trainee_id)
            .where(AuthSession.token_hash == digest)
            .options(*lean)
        ).first()
    auth = _live(found[0] if found else None, db, context, release)
    if auth.trainee_id is None:
        raise ApiError("forbidden")
    trainee = found[1] if found else None
    if trainee is None:
        raise ApiError("not_logged_in")
    return auth, trainee


def get_any_trainee(request: Request, db: Db, context: Context) -> Trainee:
    return trainee_by_token(db, context, _bearer_token(request))


AnyTrainee = Annotated[Trainee, Depends(get_any_trainee)]


def studying_trainee(trainee: Trainee) -> Trainee:
    """The trainee, once the forced password change is done (ACC-2)."""
    if trainee.must_change_password:
        raise ApiError("password_change_required")  # ACC-2
    return trainee


def get_trainee(trainee: AnyTrainee) -> Trainee:
    return studying_trainee(trainee)


CurrentTrainee = Annotated[Trainee, Depends(get_trainee)]


def get_trainee_login(request: Request, db: Db, context: Context) -> tuple[AuthSession, Trainee]:
    """The trainee and the login they call with (FACE-8: a supervised one or not)."""
    auth, trainee = trainee_login_by_token(db, context, _bearer_token(request))
    studying_trainee(trainee)
    return auth, trainee


TraineeLogin = Annotated[tuple[AuthSession, Trainee], Depends(get_trainee_login)]


def staff_for_session(db: Session, context: ServerContext, auth: AuthSession) -> Staff:
    """The staff member behind a live login; trainee logins get 403, and a staff login
    past its 8 hours or older than the last password change gets 401."""
    if auth.staff_id is None:
        raise ApiError("forbidden")  # trainee tokens get 403 on /admin
    staff = db.get(Staff, auth.staff_id)
    _release(db)
    if staff is None or not staff.active:
        raise ApiError("not_logged_in")
    if staff_accounts.session_expired(auth, staff, context.now()):
        raise ApiError("session_expired")
    return staff


def get_staff(auth: CurrentAuth, db: Db, context: Context) -> Staff:
    return staff_for_session(db, context, auth)


CurrentStaff = Annotated[Staff, Depends(get_staff)]


def staff_with(permission: str) -> Any:
    """A dependency: the calling staff member, if their role allows `permission`."""

    def check(staff: CurrentStaff) -> Staff:
        if not roles.allows(staff.role, permission):
            raise ApiError("forbidden")
        return staff

    return Depends(check)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""
