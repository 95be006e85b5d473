"""Bad input answers with API.md's error shape and a 4xx, never a 500."""

from __future__ import annotations

import pytest
import requests

from tests.support.live_server import LiveServer

ZHANG = "530102198001010015"


def assert_error(response: requests.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"]
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"[]",
        b'{"id_number": 530102198001010015, "password": ["x"], "agree": "maybe"}',
        b'{"password": "12345678", "agree": true}',
        '{"id_number": "\u0000", "password": "", "agree": true}'.encode(),
    ],
)
def test_malformed_login_bodies_are_invalid_request(
    sqlite_server: LiveServer, payload: bytes
) -> None:
    response = sqlite_server.call(
        "POST", "/auth/login", data=payload, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422), response.text
    assert response.json()["error"]["code"] in ("invalid_request", "invalid_id_number")


def test_malformed_json_is_422_invalid_request(sqlite_server: LiveServer) -> None:
    response = sqlite_server.call(
        "POST", "/auth/login", data=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert_error(response, 422, "invalid_request")


def test_wrong_types_and_missing_fields(sqlite_server: LiveServer) -> None:
    token = sqlite_server.ready_trainee(ZHANG)
    eid = sqlite_server.call("GET", "/me", token).json()["enrollments"][0]["id"]
    cases = [
        ("POST", "/auth/password", {"old_password": 1}),
        ("POST", f"/enrollments/{eid}/applications", {"kind": "holiday", "phone": "13871001234"}),
        ("POST", f"/enrollments/{eid}/applications", {"phone": "13871001234"}),
        ("GET", "/enrollments/not-a-number/lessons", None),
    ]
    for method, path, body in cases:
        assert_error(sqlite_server.call(method, path, token, json=body), 422, "invalid_request")


def test_a_10_mb_body_is_refused(sqlite_server: LiveServer) -> None:
    big = b"{" + b" " * (10 * 1024 * 1024 + 10) + b"}"
    response = sqlite_server.call(
        "POST", "/auth/login", data=big, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 413, "request_too_large")


def test_a_10_mb_chunked_body_is_refused(sqlite_server: LiveServer) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(11):
            yield b" " * (1024 * 1024)

    response = sqlite_server.call(
        "POST", "/auth/login", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_error(response, 413, "request_too_large")


def test_unknown_ids_and_paths(sqlite_server: LiveServer) -> None:
    token = sqlite_server.ready_trainee(ZHANG)
    assert_error(sqlite_server.call("GET", "/enrollments/999999/lessons", token), 404, "not_found")
    assert_error(sqlite_server.call("GET", "/no/such/path", token), 404, "not_found")
    assert_error(sqlite_server.call("DELETE", "/me", token), 405, "method_not_allowed")
    admin = sqlite_server.admin_token()
    assert_error(
        sqlite_server.call(
            "POST", "/admin/applications/424242/decision", admin, json={"approve": True}
        ),
        404,
        "not_found",
    )
    assert_error(sqlite_server.call("POST", "/admin/orders/nope/pay", admin), 404, "not_found")
    assert_error(
        sqlite_server.call("POST", "/admin/orders", admin, json={"enrollment_ids": [987654]}),
        404,
        "not_found",
    )
    assert_error(
        sqlite_server.call("POST", "/admin/trainees/123/password-reset", admin),
        400,
        "invalid_id_number",
    )


def test_bad_tokens(sqlite_server: LiveServer) -> None:
    for header in ["", "Bearer", "Bearer nonsense", "Basic abc", "bearer " + "x" * 5000]:
        response = sqlite_server.http.get(
            sqlite_server.api + "/me", headers={"Authorization": header}, timeout=30
        )
        assert_error(response, 401, "not_logged_in")


def test_an_idle_token_expires(sqlite_server: LiveServer) -> None:
    token = sqlite_server.ready_trainee(ZHANG)
    sqlite_server.clock.advance(hours=13)
    assert_error(sqlite_server.call("GET", "/me", token), 401, "not_logged_in")


def test_media_with_garbage_parameters(sqlite_server: LiveServer) -> None:
    for query in ["", "?expires=abc&sig=x", "?expires=99999999999&sig=", "?expires=-1&sig=zz"]:
        response = requests.get(f"{sqlite_server.url}/media/1{query}", timeout=30)
        assert response.status_code in (403, 422), query
        assert response.json()["error"]["code"] in ("bad_signature", "invalid_request")
