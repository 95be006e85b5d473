"""Trainees and a trainee's lesson list, straight from the server."""

from __future__ import annotations

import requests

from tests.support.live_server import LiveServer

ZHANG, QIAN, ZHOU, SUN = (
    "530102198001010015",
    "530302196909300057",
    "530102199001010079",
    "530102198505050061",
)


def lessons_of(server: LiveServer, id_number: str) -> tuple[str, int, requests.Response]:
    token = server.ready_trainee(id_number)
    enrollment_id = server.call("GET", "/me", token).json()["enrollments"][0]["id"]
    return token, enrollment_id, server.call("GET", f"/enrollments/{enrollment_id}/lessons", token)
