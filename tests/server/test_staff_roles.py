"""Staff accounts and roles: the role table on every admin call, the sign-in throttle
that never locks a member out, 8-hour sessions ended by a password change, the password
policy, `cedu-server staff`, the audit log, and exactly-once decisions (APPLY-1)."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.server import cli
from app.server.models import AuditEntry, Staff
from tests.support.live_server import STAFF_PASSWORD, LiveServer
from tests.support.server_staff import QIAN, ZHANG, ZHAO, enrollment_id

ROLE_TABLE = {
    # call: (admin, reviewer, clerk) answered (True) or refused 403 (False)
    ("GET", "/admin/applications"): (True, True, False),
    ("POST", "/admin/applications/999/decision"): (True, True, False),
    ("POST", f"/admin/trainees/{ZHANG}/photo-reset"): (True, False, True),
    ("POST", f"/admin/trainees/{ZHANG}/password-reset"): (True, False, True),
    ("POST", "/admin/enrollments/import"): (True, False, False),
    ("POST", "/admin/orders"): (True, False, False),
    ("POST", "/admin/orders/x/pay"): (True, False, False),
}


def test_every_admin_call_is_answered_or_refused_as_the_role_table_says(
    sqlite_server: LiveServer,
) -> None:
    server = sqlite_server
    server.add_staff("reviewer1", "reviewer")
    server.add_staff("clerk1", "clerk")
    tokens = [server.admin_token(), server.staff_token("reviewer1"), server.staff_token("clerk1")]
    for (method, path), allowed in ROLE_TABLE.items():
        for token, may in zip(tokens, allowed, strict=True):
            response = server.call(
                method, path, token, json={"approve": True, "enrollment_ids": [1]}
            )
            if may:
                assert response.status_code != 403, (path, response.text)
            else:
                assert response.status_code == 403, (path, response.text)
                assert response.json()["error"]["code"] == "forbidden"


def _login_from(server: LiveServer, address: str, password: str) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(transport=transport, timeout=30) as client:
        return client.post(
            server.api + "/admin/login", json={"username": "reviewer1", "password": password}
        )


def test_twenty_wrong_passwords_slow_that_address_but_never_lock_the_member_out(
    sqlite_server: LiveServer,
) -> None:
    server = sqlite_server
    server.add_staff("reviewer1", "reviewer")
    # The clock stands still: on a loaded machine the guesses came seconds apart, the
    # waits between them ran out, and the right password went through (a flaky test).
    server.clock.freeze()
    codes = [_login_from(server, "127.0.0.1", f"wrong-guess-{n}").status_code for n in range(20)]
    assert codes == [401] * 5 + [429] * 15
    slowed = _login_from(server, "127.0.0.1", STAFF_PASSWORD)
    assert slowed.status_code == 429, slowed.text
    assert slowed.json()["error"]["code"] == "too_many_attempts"
    assert slowed.json()["error"]["retry_after"] >= 1
    other = _login_from(server, "127.0.0.2", STAFF_PASSWORD)
    assert other.status_code == 200, other.text


def test_a_password_change_ends_every_session_and_sessions_end_after_8_hours(
    sqlite_server: LiveServer,
) -> None:
    server = sqlite_server
    server.add_staff("reviewer1", "reviewer")
    old = server.staff_token("reviewer1")
    assert server.call("GET", "/admin/applications", old).status_code == 200
    admin = server.admin_token()
    from app.server.services import staff as staff_accounts

    with server.context.sessions() as db:
        member = staff_accounts.find(db, "reviewer1")
        staff_accounts.reset_password(db, server.clock(), member, "another-Secret-99")
    after = server.call("GET", "/admin/applications", old)
    assert after.status_code == 401 and after.json()["error"]["code"] in {
        "not_logged_in",
        "session_expired",
    }
    fresh = server.staff_token("reviewer1", "another-Secret-99")
    server.clock.advance(hours=7, minutes=50)
    assert server.call("GET", "/admin/applications", fresh).status_code == 200
    server.clock.advance(minutes=11)  # used all along, yet 8 hours after sign-in: over
    expired = server.call("GET", "/admin/applications", fresh)
    assert expired.status_code == 401 and expired.json()["error"]["code"] == "session_expired"
    assert server.call("GET", "/admin/applications", admin).status_code == 401


def test_weak_staff_passwords_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    monkeypatch.setenv("CEDU_ADMIN_PASSWORD", "a")
    monkeypatch.setenv("CEDU_DATA_DIR", data)
    with pytest.raises(SystemExit) as refused:
        cli.main([])
    assert "12" in str(refused.value)
    for weak in ("a", "aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "reviewer2"):
        monkeypatch.setattr("sys.stdin", io.StringIO(weak + "\n"))
        with pytest.raises(SystemExit) as code:
            cli.main(["staff", "create", "reviewer2", "--role", "reviewer", "--password-stdin"])
        assert code.value.code == 2
        assert "weak_password" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("good-Password-42\n"))
    with pytest.raises(SystemExit) as code:  # a clerk needs a training centre
        cli.main(["staff", "create", "clerk9", "--role", "clerk"])
    assert code.value.code == 2 and "培训点" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("good-Password-42\n"))
    with pytest.raises(SystemExit) as code:
        cli.main(["staff", "create", "reviewer2", "--role", "reviewer", "--name", "王审核"])
    assert code.value.code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("newer-Password-43\n"))
    with pytest.raises(SystemExit) as code:
        cli.main(["staff", "reset", "reviewer2"])
    assert code.value.code == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["staff", "list"])
    assert "reviewer2\treviewer\t王审核" in capsys.readouterr().out


def _pending_retake(server: LiveServer) -> tuple[str, int]:
    token = server.ready_trainee(ZHAO)
    created = server.call(
        "POST",
        f"/enrollments/{enrollment_id(server, token)}/applications",
        token,
        json={"kind": "retake", "phone": "15912345678"},
    )
    assert created.status_code == 201, created.text
    return token, int(created.json()["id"])


def test_ten_parallel_decisions_apply_exactly_once(server: LiveServer) -> None:
    # RULES: APPLY-1, APPLY-3
    token, application = _pending_retake(server)
    admin = server.admin_token()
    start = threading.Barrier(10)

    def approve(_n: int) -> httpx.Response:
        with httpx.Client(timeout=60) as client:
            start.wait()
            return client.post(
                f"{server.api}/admin/applications/{application}/decision",
                headers={"Authorization": f"Bearer {admin}"},
                json={"approve": True, "reason": "同意补考"},
            )

    with ThreadPoolExecutor(10) as pool:
        answers = list(pool.map(approve, range(10)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] + [409] * 9, [a.text for a in answers]
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {
        "already_decided"
    }
    exam = server.call("GET", "/me", token).json()["enrollments"][0]["exam"]
    assert exam["attempts_allowed"] == 10
    with server.context.sessions() as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.action == "application_approved"))
        (entry,) = entries.all()
        assert entry.staff_username == "admin" and entry.target == ZHAO
        assert entry.before and entry.before["attempts_allowed"] == 5
        assert entry.after and entry.after["attempts_allowed"] == 10
        assert db.scalar(select(Staff.role).where(Staff.username == "admin")) == "admin"


def test_staff_actions_are_in_the_audit_log(sqlite_server: LiveServer) -> None:
    server = sqlite_server
    server.add_staff("clerk1", "clerk")
    clerk = server.staff_token("clerk1")
    assert server.call("POST", f"/admin/trainees/{QIAN}/photo-reset", clerk).status_code == 204
    assert server.call("POST", f"/admin/trainees/{QIAN}/password-reset", clerk).status_code == 204
    with server.context.sessions() as db:
        done = [
            (e.staff_username, e.action, e.target)
            for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    assert ("clerk1", "photo_reset", QIAN) in done and ("clerk1", "password_reset", QIAN) in done
    assert ("clerk1", "staff_login", "clerk1") in done

