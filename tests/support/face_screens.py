"""A signed-in context with the enrolled photo, for the face check screens' tests."""

from __future__ import annotations

from typing import Any

from tests.support.lesson_screens import NEW_PASSWORD, ZHANG_SAN
from tests.support.live_server import LiveServer

CHECK_TIMEOUT_MS = 90_000  # a 30 s check on 2 shared cores, models loading included


def enrolled_context(options: Any, server: LiveServer, photo: bytes, *, keep: bool) -> Any:
    """A signed-in trainee whose photo the server holds; `keep`: this PC keeps its
    embedding too (as after the photo dialog), so the client can decide offline."""
    from app.ui.face.check_runner import remember_enrolled
    from app.ui.kit.context import AppContext

    server.ready_trainee(ZHANG_SAN, NEW_PASSWORD)
    ctx = AppContext(options, options.server_url)
    ctx.begin_session(ctx.api.login(ZHANG_SAN, NEW_PASSWORD))
    ctx.api.decide_consent(True, "test")  # FACE-8
    ctx.api.upload_photo(photo)
    if keep:
        assert remember_enrolled(ctx, photo)
    return ctx
