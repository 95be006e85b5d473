"""Service endpoints and the published contract."""

from __future__ import annotations

import datetime as dt

import app
from tests.support.live_server import LiveServer


def test_health_and_time(sqlite_server: LiveServer) -> None:
    health = sqlite_server.call("GET", "/health")
    assert health.json() == {"status": "ok", "version": app.__version__}
    now = dt.datetime.fromisoformat(sqlite_server.call("GET", "/time").json()["now"])
    assert now.tzinfo is not None
    assert abs((now - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def test_openapi_lists_every_contract_path(sqlite_server: LiveServer) -> None:
    spec = sqlite_server.http.get(sqlite_server.url + "/openapi.json", timeout=30).json()
    assert spec == sqlite_server.call("GET", "/openapi.json").json()
    paths = set(spec["paths"])
    for path in [
        "/api/v1/health",
        "/api/v1/time",
        "/api/v1/auth/login",
        "/api/v1/auth/password",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/enrollments/{enrollment_id}/lessons",
        "/api/v1/enrollments/{enrollment_id}/applications",
        "/api/v1/admin/login",
        "/api/v1/admin/applications",
        "/api/v1/admin/applications/{application_id}/decision",
        "/api/v1/admin/trainees/{id_number}/photo-reset",
        "/api/v1/admin/trainees/{id_number}/password-reset",
        "/api/v1/admin/enrollments/import",
        "/api/v1/admin/orders",
        "/api/v1/admin/orders/{order_id}/pay",
        "/media/{lesson_id}",
    ]:
        assert path in paths, path
