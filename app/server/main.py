"""The FastAPI application: ``create_app(settings)`` builds one with its own database."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import select

import app as cedu
from app.proctor.programs import DEFAULT_LIST, load_list
from app.server import migrate
from app.server.console import install_console
from app.server.context import ServerContext, system_clock
from app.server.db import make_engine, make_session_factory
from app.server.errors import install_error_handlers
from app.server.headers import SecurityHeadersMiddleware
from app.server.limits import BodyLimitMiddleware
from app.server.models import Staff
from app.server.observe import ObserveMiddleware, Observer
from app.server.observe import router as observe_router
from app.server.routers import (
    admin,
    auth,
    exam,
    faces,
    me,
    media,
    progress,
    receipts,
    service,
    supervision,
)
from app.server.security import load_or_create_secret
from app.server.services import retention
from app.server.services import staff as staff_accounts
from app.server.services.exam_sweep import PeriodicJob, exam_sweep
from app.server.settings import Settings

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


def build_context(
    settings: Settings, clock: Callable[[], dt.datetime] = system_clock
) -> ServerContext:
    # A broken list stops the server here (ProgramListError names the file and the entry).
    programs = load_list(settings.forbidden_programs_file or DEFAULT_LIST)
    keep_private(settings)
    settings.resolved_media_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    if settings.migrate:
        migrate.upgrade(engine)
    return ServerContext(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        secret=settings.secret_key or load_or_create_secret(settings.data_dir),
        clock=clock,
        forbidden_programs=programs,
    )


def keep_private(settings: Settings) -> None:
    """FACE-8: the database (photos and templates) readable by the server's user only:
    the data folder 0700, a SQLite database 0600 (its -wal and -shm files take the
    database's mode). Made so before SQLite first opens it; an older 0644 file is fixed."""
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings.data_dir.chmod(0o700)
    if settings.database_url is None:
        database = settings.data_dir / "cedu.sqlite3"
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
        for path in (database, *settings.data_dir.glob("cedu.sqlite3-*")):
            path.chmod(0o600)


def bootstrap_admin(context: ServerContext) -> str | None:
    """Make sure `admin` exists; returns a generated password to print once, if one was made."""
    password = context.settings.admin_password
    with context.sessions() as db:
        exists = db.scalar(select(Staff.id).where(Staff.username == "admin")) is not None
        if password is None and exists:
            return None
        generated = None
        if password is None:
            # letters, digits and a sign: always within the staff password policy
            generated = password = f"{secrets.token_urlsafe(12)}-{secrets.randbelow(90) + 10}"
        staff_accounts.ensure_admin(db, context.now(), password)
    return generated


def create_app(context: ServerContext) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # EXAM-2: overdue attempts end on time even when no client ever asks again.
        # FACE-8 / FACE-7: face data past its time goes, at start and then daily.
        jobs = [
            exam_sweep(context),
            PeriodicJob(
                "retention",
                context.settings.retention_interval_s,
                lambda: retention.run(context).total,
                at_start=True,
            ),
        ]
        for job in jobs:
            job.start()
        try:
            yield
        finally:
            for job in jobs:
                job.stop()

    application = FastAPI(
        lifespan=lifespan,
        title="cedu reference server",
        version=cedu.__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # the console serves them offline, to signed-in staff only
        redoc_url=None,
    )
    application.state.context = context
    install_error_handlers(application)
    for router in (
        service.router,
        auth.router,
        me.router,
        faces.router,
        progress.router,
        exam.router,
        receipts.router,
        admin.router,
        supervision.router,
    ):
        application.include_router(router, prefix=API_PREFIX)
    application.include_router(media.router)
    application.include_router(observe_router)
    application.state.observer = observer = Observer(context)

    @application.get("/openapi.json", include_in_schema=False)
    def openapi_root() -> dict[str, object]:
        return application.openapi()

    install_console(application, f"{API_PREFIX}/docs", f"{API_PREFIX}/openapi.json")
    application.add_middleware(BodyLimitMiddleware, max_bytes=context.settings.max_body_bytes)
    application.add_middleware(SecurityHeadersMiddleware)
    # Outermost: it names the process and times even the answers the limit refuses.
    application.add_middleware(ObserveMiddleware, observer=observer)
    return application
