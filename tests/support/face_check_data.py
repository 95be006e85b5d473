"""A face check's evidence and metadata as the client sends them (sync and kiosk tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import cv2
import numpy as np


def crop() -> bytes:
    return bytes(cv2.imencode(".jpg", np.full((120, 100, 3), 190, np.uint8))[1])


def crops() -> list[bytes]:
    """As many crops as a check sends at the least (API.md: 3 to 12)."""
    return [crop()] * 3


def face_check_meta(check_id: str) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "check_id": check_id,
        "purpose": "periodic",
        "started_at": (now - timedelta(seconds=5)).isoformat(),
        "ended_at": now.isoformat(),
        "liveness": {"method": "turn", "passed": True},
    }
