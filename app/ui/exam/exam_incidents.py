"""EXAM-7: incidents (focus lost, keys blocked, the face watch) recorded on the attempt
(the outbox sends them, journaled while offline), never ending it."""

from __future__ import annotations

import uuid
from typing import cast

from app.core.clock import server_now
from app.sync import wire


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
