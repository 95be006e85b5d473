"""The API client against the real server: calls, error families, timeouts, clock."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import cv2
import numpy as np
import pytest

from app.core import support
from app.sync.api import (
    ApiClient,
    AuthError,
    OfflineError,
    PasswordChangeRequiredError,
    RefusedError,
    SessionReplacedError,
)
from tests.support.live_server import LiveServer
from tests.support.sync_server import NEW_PASSWORD, QIAN, ZHANG, ZHOU, ready_client


@contextmanager
def silent_port(answer: bool) -> Iterator[tuple[int, list[int]]]:
    """A port that accepts connections and then never answers (answer=False) or hangs
    up at once (answer=True); yields the port and a list counting the connections."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    accepted: list[int] = []
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(1)
            if answer:
                conn.close()
            else:
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_trainee_calls(server: LiveServer) -> None:
    client = ready_client(server)
    assert client.health()["status"] == "ok"
    me = client.me()
    assert (me["id_number"], me["name"], me["photo"]["status"]) == (ZHANG, "张三", "missing")
    [enrollment] = me["enrollments"]
    lessons = client.lessons(enrollment["id"])
    assert len(lessons) >= 4 and lessons[0]["media"]["url"].startswith("http")
    # A face check through multipart: judged by the server (no enrolled photo yet).
    image = cv2.imencode(".jpg", np.full((120, 100, 3), 200, np.uint8))[1].tobytes()
    meta = {
        "check_id": "check-api-0001",
        "purpose": "lesson_start",
        "lesson_id": lessons[0]["id"],
        # Within the server's clock (a check dated elsewhere is refused bad_time).
        "started_at": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=6)).isoformat(),
        "ended_at": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat(),
        "liveness": {"method": "blink", "passed": True},
        "client_decision": {"match": True, "distance": 0.3},
    }
    result = client.face_check(meta, [image] * 3)  # API.md: 3 to 12 crops
    assert (result["check_id"], result["passed"], result["reason"]) == (
        "check-api-0001",
        False,
        "no_photo",
    )
    client.logout()
    assert client.token is None


def test_applications(server: LiveServer) -> None:
    client = ready_client(server, QIAN)
    enrollment_id = client.me()["enrollments"][0]["id"]
    created = client.apply(enrollment_id, "extension", "13800138000", "工地加班，没来得及学完")
    assert (created["kind"], created["status"]) == ("extension", "pending")
    assert [a["id"] for a in client.applications(enrollment_id)] == [created["id"]]
    with pytest.raises(RefusedError) as refused:
        client.apply(enrollment_id, "extension", "13800138000", "再申请一次")
    assert (refused.value.code, refused.value.reason) == ("not_eligible", "pending_exists")
    assert refused.value.support == support.SUPPORT_CLIENT


# RULES: ACC-4
def test_error_families_carry_code_message_and_support(server: LiveServer) -> None:
    client = ApiClient(server.url)
    with pytest.raises(AuthError) as bad:
        client.login(ZHANG, "not-the-password")
    assert (bad.value.code, bad.value.status) == ("bad_credentials", 401)
    assert "密码不正确" in bad.value.message and bad.value.support == support.SUPPORT_CLIENT

    first = client.login(ZHANG, "12345678")
    assert first["must_change_password"]
    with pytest.raises(PasswordChangeRequiredError) as change:
        client.me()
    assert (change.value.code, change.value.status) == ("password_change_required", 403)
    client.change_password("12345678", NEW_PASSWORD)

    client.login(ZHANG, NEW_PASSWORD)
    other_pc = ApiClient(server.url)
    other_pc.login(ZHANG, NEW_PASSWORD)
    with pytest.raises(SessionReplacedError) as replaced:
        client.me()
    assert replaced.value.message == "您的账号已在其他设备登录。"
    assert replaced.value.support == support.SUPPORT_CLIENT

    unpaid = ready_client(server, ZHOU)
    with pytest.raises(RefusedError) as not_paid:
        unpaid.lessons(unpaid.me()["enrollments"][0]["id"])
    assert (not_paid.value.code, not_paid.value.status) == ("not_paid", 403)
    assert not_paid.value.support == support.SUPPORT_PAYMENT

    with pytest.raises(RefusedError) as invalid:
        other_pc.apply(other_pc.me()["enrollments"][0]["id"], "bogus", "13800138000", "x")
    assert (invalid.value.code, invalid.value.status) == ("invalid_request", 422)
    assert invalid.value.details["fields"], "the extra fields travel with the error"


# RULES: ACC-5
def test_a_locked_account_says_until_when(server: LiveServer) -> None:
    client = ApiClient(server.url)
    for _ in range(5):
        with pytest.raises(AuthError):
            client.login(ZHANG, "wrong-password")
    with pytest.raises(RefusedError) as locked:
        client.login(ZHANG, "12345678")
    assert (locked.value.code, locked.value.status) == ("account_locked", 423)
    assert locked.value.details["unlock_at"]


def test_nothing_listening_is_offline() -> None:
    client = ApiClient(f"http://127.0.0.1:{unused_port()}", retries=0)
    with pytest.raises(OfflineError) as offline:
        client.health()
    assert offline.value.status == 0 and "网络" in offline.value.message


def test_a_server_that_never_answers_times_out_as_offline() -> None:
    with silent_port(answer=False) as (port, _):
        client = ApiClient(f"http://127.0.0.1:{port}", timeout=(0.5, 0.5), retries=0)
        with pytest.raises(OfflineError):
            client.me()


def test_only_idempotent_calls_are_retried() -> None:
    with silent_port(answer=True) as (port, connections):
        client = ApiClient(f"http://127.0.0.1:{port}", retries=2, backoff_s=0.01)
        with pytest.raises(OfflineError):
            client.me()
        assert len(connections) == 3  # GET: once and twice more
        connections.clear()
        with pytest.raises(OfflineError):
            client.login(ZHANG, "12345678")
        assert len(connections) == 1  # a login is never repeated behind the caller's back
        connections.clear()
        with pytest.raises(OfflineError):
            client.send_progress([])  # carries client-made ids: safe to repeat
        assert len(connections) == 3


def test_clock_offset_against_a_server_ten_minutes_ahead(server: LiveServer) -> None:
    client = ApiClient(server.url)
    assert abs(client.measure_clock_offset()) < 2
    server.clock.advance(minutes=10)
    offset = client.measure_clock_offset()
    assert 598 < offset < 602
    assert client.clock_offset_s == offset


def test_a_face_check_answered_busy_is_sent_again_later() -> None:
    # RULES: SYNC-1 (429 face_work_in_progress: another check of the trainee is being
    # judged; the journaled check is retried like a 5xx, never kept as a refusal)
    from app.sync.errors import RefusedError, ServerError, error_for

    busy = {"error": {"code": "face_work_in_progress", "message": "稍候"}}
    assert isinstance(error_for(429, busy), ServerError)
    limited = {"error": {"code": "photo_attempts_exceeded", "message": "10分钟后再试"}}
    assert isinstance(error_for(429, limited), RefusedError)
