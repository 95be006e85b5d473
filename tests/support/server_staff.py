"""Trainees and their enrollment, for the staff tools' tests."""

from __future__ import annotations

from tests.support.live_server import LiveServer

ZHANG, ZHAO, QIAN, SUN, ZHOU = (
    "530102198001010015",
    "53290119920607004X",
    "530302196909300057",
    "530102198505050061",
    "530102199001010079",
)


def enrollment_id(server: LiveServer, token: str) -> int:
    return int(server.call("GET", "/me", token).json()["enrollments"][0]["id"])
