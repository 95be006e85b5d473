"""EXAM-7: incidents (focus lost, keys blocked, the face watch) recorded on the attempt,
journaled while offline and sent by the sender, never ending it."""

from __future__ import annotations

import uuid
from typing import cast

from app.core.clock import server_now
from app.sync import wire
from app.sync.errors import OfflineError, ServerError
from app.ui.kit.context import AppContext

SAVED_ON_SERVER = "server"
SAVED_LOCALLY = "journal"


def new_incident(kind: str, detail: str) -> wire.Incident:
    """Stamped with the server's time (the PC clock plus the offset measured at login)."""
    return cast(
        wire.Incident,
        {
            "incident_id": f"incident-{uuid.uuid4()}",
            "kind": kind,
            "at": server_now().isoformat(),
            "detail": detail[:500],
        },
    )


def send_incident(ctx: AppContext, attempt_id: str, incident: wire.Incident) -> str:
    """Worker thread: SAVED_ON_SERVER, or SAVED_LOCALLY when the server is out of reach."""
    try:
        ctx.api.report_incident(attempt_id, incident)
    except (OfflineError, ServerError):
        ctx.journal.append_incident(ctx.id_number or "", ctx.session_id, attempt_id, incident)
        if ctx.sender is not None:
            ctx.sender.wake()
        return SAVED_LOCALLY
    return SAVED_ON_SERVER
