"""Offline sign-in's verifier (issue 16): never the password, the same refusal as online,
a growing delay after wrong passwords, nothing on a kiosk PC."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from app.sync.errors import RefusedError
from app.sync.offline_login import FREE_TRIES, OfflineLogins

ZHANG = "530102198001010015"
PASSWORD = "Anquan2026!"
# Argon2id at its cheapest: these tests are about the file and the throttle, not the cost.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ME: dict[str, Any] = {"id_number": ZHANG, "name": "张三", "enrollments": []}


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_verifier_is_argon2id_and_never_holds_the_password(tmp_path: Path) -> None:
    logins = OfflineLogins(tmp_path)  # the real parameters
    logins.remember(ZHANG, PASSWORD, "session-1", ME)  # type: ignore[arg-type]
    [path] = list((tmp_path / "offline").iterdir())
    raw = path.read_bytes()
    assert PASSWORD.encode() not in raw and PASSWORD.encode("utf-16-le") not in raw
    assert ZHANG not in path.name  # the file's name does not give the ID number away
    assert b"$argon2id$v=19$m=65536,t=3,p=1$" in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "offline").stat().st_mode) == 0o700
    profile = logins.sign_in(ZHANG, PASSWORD)
    assert (profile.session_id, profile.me["name"]) == ("session-1", "张三")


def test_a_wrong_password_gets_the_online_refusal(tmp_path: Path) -> None:
    logins = OfflineLogins(tmp_path, hasher=CHEAP)
    logins.remember(ZHANG, PASSWORD, "s", ME)  # type: ignore[arg-type]
    with pytest.raises(RefusedError) as refused:
        logins.sign_in(ZHANG, PASSWORD.lower())
    assert refused.value.code == "bad_credentials" and refused.value.status == 401
    with pytest.raises(LookupError):  # never signed in online on this PC
        logins.sign_in("530102199001010079", PASSWORD)


def test_a_new_password_online_replaces_the_verifier(tmp_path: Path) -> None:
    logins = OfflineLogins(tmp_path, hasher=CHEAP)
    logins.remember(ZHANG, PASSWORD, "s1", ME)  # type: ignore[arg-type]
    logins.remember(ZHANG, "Xin2026mima!", "s2", ME)  # type: ignore[arg-type]
    with pytest.raises(RefusedError):
        logins.sign_in(ZHANG, PASSWORD)
    assert logins.sign_in(ZHANG, "Xin2026mima!").session_id == "s2"


def test_wrong_passwords_wait_a_growing_delay_that_a_restart_keeps(tmp_path: Path) -> None:
    clock = Clock()
    logins = OfflineLogins(tmp_path, hasher=CHEAP, clock=clock)
    logins.remember(ZHANG, PASSWORD, "s", ME)  # type: ignore[arg-type]
    for _ in range(FREE_TRIES):
        with pytest.raises(RefusedError, match="bad_credentials"):
            logins.sign_in(ZHANG, "wrong")
    delays = []
    for _ in range(3):
        # Blocked: even the right password waits (and is not hashed).
        restarted = OfflineLogins(tmp_path, hasher=CHEAP, clock=clock)
        with pytest.raises(RefusedError) as refused:
            restarted.sign_in(ZHANG, PASSWORD)
        assert refused.value.code == "too_many_attempts"
        delays.append(refused.value.details["retry_after"])
        clock.now += delays[-1]
        with pytest.raises(RefusedError, match="bad_credentials"):
            restarted.sign_in(ZHANG, "wrong again")
    assert delays[0] >= 5 and delays[1] >= 2 * delays[0] - 1 and delays[2] >= 2 * delays[1] - 1
    clock.now += 10_000
    assert logins.sign_in(ZHANG, PASSWORD).id_number == ZHANG
    with pytest.raises(RefusedError, match="bad_credentials"):  # the count starts again
        logins.sign_in(ZHANG, "wrong")
    assert logins.sign_in(ZHANG, PASSWORD).id_number == ZHANG


def test_a_kiosk_pc_never_writes_one_and_deletes_what_it_finds(tmp_path: Path) -> None:
    kiosk = OfflineLogins(tmp_path, kiosk=True, hasher=CHEAP)
    kiosk.remember(ZHANG, PASSWORD, "s", ME)  # type: ignore[arg-type]
    assert not (tmp_path / "offline").exists() or not any((tmp_path / "offline").iterdir())
    OfflineLogins(tmp_path, hasher=CHEAP).remember(ZHANG, PASSWORD, "s", ME)  # type: ignore[arg-type]
    assert not OfflineLogins(tmp_path, kiosk=True, hasher=CHEAP).has(ZHANG)
    assert list((tmp_path / "offline").iterdir()) == []  # switched to kiosk: deleted
    with pytest.raises(LookupError):
        OfflineLogins(tmp_path, hasher=CHEAP).sign_in(ZHANG, PASSWORD)


def test_logout_forgets_the_trainee(tmp_path: Path) -> None:
    logins = OfflineLogins(tmp_path, hasher=CHEAP)
    logins.remember(ZHANG, PASSWORD, "s", ME)  # type: ignore[arg-type]
    logins.forget(ZHANG)
    assert not logins.has(ZHANG)
