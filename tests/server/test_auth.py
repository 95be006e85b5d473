"""Trainee auth over real HTTP (ACC-1 to ACC-5), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.server.models import Trainee
from tests.support.live_server import LiveServer

ZHANG = "530102198001010015"
ZHAO_LOWER_X = "53290119920607004x"
LOGIN = "/auth/login"
INITIAL, NEW = "12345678", "Anquan2026!"


def login_body(id_number: str, password: str = "12345678", agree: bool = True) -> dict[str, object]:
    return {
        "id_number": id_number,
        "password": password,
        "agree": agree,
        "device": {"kind": "desktop", "name": "pytest"},
    }


def error_of(response: object) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}, body
    assert body["error"]["message"], body
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("id_number", "reason"),
    [
        ("53010219800101001", "length"),
        ("5301021980010100A5", "characters"),
        ("530102198002300015", "birth_date"),
        ("530102198001010016", "check_character"),
    ],
)
def test_malformed_id_number_is_refused_with_its_reason(
    server: LiveServer, id_number: str, reason: str
) -> None:
    # RULES: ACC-1
    response = server.call("POST", LOGIN, json=login_body(id_number))
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_id_number"
    assert error["reason"] == reason


def test_lower_case_x_is_accepted_and_stored_upper_case(server: LiveServer) -> None:
    # RULES: ACC-1
    body = server.login(ZHAO_LOWER_X)
    assert body["trainee"]["id_number"] == "53290119920607004X"


def test_initial_password_forces_a_change_before_anything_else(server: LiveServer) -> None:
    # RULES: ACC-2
    first = server.login(ZHANG)
    assert first["must_change_password"] is True
    token = first["token"]
    for method, path in [("GET", "/me"), ("GET", "/enrollments/1/lessons")]:
        refused = server.call(method, path, token)
        assert refused.status_code == 403
        assert error_of(refused)["code"] == "password_change_required"
    changed = server.call(
        "POST",
        "/auth/password",
        token,
        json={"old_password": "12345678", "new_password": "Anquan2026!"},
    )
    assert changed.status_code == 204
    assert server.call("GET", "/me", token).status_code == 200
    again = server.login(ZHANG, "Anquan2026!")
    assert again["must_change_password"] is False
    assert server.call("POST", LOGIN, json=login_body(ZHANG)).status_code == 401


@pytest.mark.parametrize(
    ("new_password", "reason"),
    [
        ("short", "length"),
        ("x" * 65, "length"),
        ("aaaaaaaaaa", "one_character"),
        ("12345678", "initial_password"),
        ("01010015", "id_suffix"),
    ],
)
def test_weak_new_passwords_are_refused_with_the_reason(
    server: LiveServer, new_password: str, reason: str
) -> None:
    # RULES: ACC-2
    token = server.login(ZHANG)["token"]
    response = server.call(
        "POST",
        "/auth/password",
        token,
        json={"old_password": "12345678", "new_password": new_password},
    )
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["reason"]) == ("weak_password", reason)


def test_password_change_needs_the_old_password(server: LiveServer) -> None:
    # RULES: ACC-2
    token = server.login(ZHANG)["token"]
    response = server.call(
        "POST",
        "/auth/password",
        token,
        json={"old_password": "wrong-one", "new_password": "Anquan2026!"},
    )
    assert response.status_code == 401
    assert error_of(response)["code"] == "bad_credentials"


def test_passwords_are_stored_only_as_argon2id_hashes(server: LiveServer) -> None:
    # RULES: ACC-2
    server.ready_trainee(ZHANG, "Anquan2026!")
    with server.context.sessions() as db:
        stored = db.scalar(select(Trainee.password_hash).where(Trainee.id_number == ZHANG))
    assert stored is not None and stored.startswith("$argon2id$")
    assert "Anquan2026!" not in stored


def test_login_needs_the_agreement_box(server: LiveServer) -> None:
    # RULES: ACC-3
    response = server.call("POST", LOGIN, json=login_body(ZHANG, agree=False))
    assert response.status_code == 400
    assert error_of(response)["code"] == "agreement_required"
    missing = server.call("POST", LOGIN, json={"id_number": ZHANG, "password": "12345678"})
    assert missing.status_code == 400
    assert error_of(missing)["code"] == "agreement_required"


def test_a_new_login_replaces_the_older_session(server: LiveServer) -> None:
    # RULES: ACC-4
    old = server.ready_trainee(ZHANG)
    assert server.call("GET", "/me", old).status_code == 200
    new = server.login(ZHANG, "Anquan2026!")["token"]
    replaced = server.call("GET", "/me", old)
    assert replaced.status_code == 401
    error = error_of(replaced)
    assert error["code"] == "session_replaced"
    assert error["message"] == "您的账号已在其他设备登录。"
    assert server.call("GET", "/me", new).status_code == 200


def test_logout_ends_the_session(server: LiveServer) -> None:
    token = server.ready_trainee(ZHANG)
    assert server.call("POST", "/auth/logout", token).status_code == 204
    after = server.call("GET", "/me", token)
    assert after.status_code == 401
    assert error_of(after)["code"] == "not_logged_in"


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(server: LiveServer) -> None:
    # RULES: ACC-5
    for _ in range(4):
        wrong = server.call("POST", LOGIN, json=login_body(ZHANG, "wrong-password"))
        assert wrong.status_code == 401
        assert error_of(wrong)["code"] == "bad_credentials"
    fifth = server.call("POST", LOGIN, json=login_body(ZHANG, "wrong-password"))
    assert fifth.status_code == 401
    locked = server.call("POST", LOGIN, json=login_body(ZHANG))  # even the right password
    assert locked.status_code == 423
    error = error_of(locked)
    assert error["code"] == "account_locked"
    assert "unlock_at" in error
    server.clock.advance(minutes=14)
    assert server.call("POST", LOGIN, json=login_body(ZHANG)).status_code == 423
    server.clock.advance(minutes=2)
    assert server.call("POST", LOGIN, json=login_body(ZHANG)).status_code == 200


def test_failures_older_than_fifteen_minutes_do_not_count(server: LiveServer) -> None:
    # RULES: ACC-5
    for _ in range(4):
        server.call("POST", LOGIN, json=login_body(ZHANG, "wrong-password"))
    server.clock.advance(minutes=16)
    server.call("POST", LOGIN, json=login_body(ZHANG, "wrong-password"))
    assert server.call("POST", LOGIN, json=login_body(ZHANG)).status_code == 200


def test_unknown_id_and_wrong_password_answer_alike(server: LiveServer) -> None:
    # RULES: ACC-5
    unknown = server.call("POST", LOGIN, json=login_body("110101199003070011", "whatever1"))
    wrong = server.call("POST", LOGIN, json=login_body(ZHANG, "whatever1"))
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    for _ in range(5):
        server.call("POST", LOGIN, json=login_body("110101199003070011", "whatever1"))
    # An unknown ID locks like a real one, so locking reveals nothing either.
    assert (
        server.call("POST", LOGIN, json=login_body("110101199003070011", "whatever1")).status_code
        == 423
    )


def _parallel_logins(server: LiveServer, bodies: list[dict[str, object]]) -> list[object]:
    from concurrent.futures import ThreadPoolExecutor

    # A session per thread: requests.Session is not shared safely between threads.
    def one(body: dict[str, object]) -> object:
        import requests

        return requests.post(server.api + LOGIN, json=body, timeout=60)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(one, bodies))


def test_forty_parallel_wrong_logins_check_exactly_five_passwords(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RULES: ACC-5 (the failure is reserved atomically before the password is checked)
    from app.server.services import accounts

    checked: list[str] = []
    real_verify = accounts.verify_password

    def counting_verify(password_hash: str | None, password: str) -> bool:
        checked.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting_verify)
    answers = _parallel_logins(server, [login_body(ZHANG, f"wrong-{n}") for n in range(40)])
    codes = sorted(error_of(answer)["code"] for answer in answers)  # type: ignore[misc]
    assert codes == ["account_locked"] * 35 + ["bad_credentials"] * 5
    assert len(checked) == 5
    assert server.call("POST", LOGIN, json=login_body(ZHANG)).status_code == 423


def test_wrong_old_passwords_count_toward_the_lockout(server: LiveServer) -> None:
    # RULES: ACC-5 (a stolen session cannot guess the password through POST /auth/password)
    token = server.login(ZHANG)["token"]
    for _ in range(5):
        wrong = server.call(
            "POST",
            "/auth/password",
            token,
            json={"old_password": "not-it-1", "new_password": "Anquan2026!"},
        )
        assert error_of(wrong)["code"] == "bad_credentials"
    right = server.call(
        "POST",
        "/auth/password",
        token,
        json={"old_password": "12345678", "new_password": "Anquan2026!"},
    )
    assert right.status_code == 423
    assert error_of(right)["code"] == "account_locked"
    assert server.call("POST", LOGIN, json=login_body(ZHANG)).status_code == 423


def test_a_right_old_password_clears_earlier_failures(server: LiveServer) -> None:
    # RULES: ACC-5
    token = server.login(ZHANG)["token"]
    for _ in range(4):
        server.call(
            "POST", "/auth/password", token, json={"old_password": "nope-1", "new_password": "x"}
        )
    changed = server.call(
        "POST",
        "/auth/password",
        token,
        json={"old_password": "12345678", "new_password": "Anquan2026!"},
    )
    assert changed.status_code == 204, changed.text
    for _ in range(4):
        server.call("POST", LOGIN, json=login_body(ZHANG, "wrong-password"))
    assert server.call("POST", LOGIN, json=login_body(ZHANG, "Anquan2026!")).status_code == 200


def test_parallel_logins_of_one_trainee_leave_one_live_session(server: LiveServer) -> None:
    # RULES: ACC-4 (four at once: a fifth would find the account locked by the four
    # reservations still in flight, ACC-5's price for checking no sixth password)
    from app.server.models import AuthSession

    answers = _parallel_logins(server, [login_body(ZHANG)] * 4)
    assert all(answer.status_code == 200 for answer in answers)  # type: ignore[attr-defined]
    with server.context.sessions() as db:
        trainee_id = db.scalar(select(Trainee.id).where(Trainee.id_number == ZHANG))
        live = db.scalars(
            select(AuthSession.id).where(
                AuthSession.trainee_id == trainee_id, AuthSession.replaced_at.is_(None)
            )
        ).all()
    assert len(live) == 1
