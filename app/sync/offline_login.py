"""Offline sign-in (issue 16): the same password opens this PC's last view of a trainee
when the server cannot be reached.

After an online login on this PC (never in kiosk mode) the client keeps, per trainee, one
file in `<data folder>/offline/` (folder 0700, file 0600, written whole or not at all):

- an Argon2id verifier of the password (argon2-cffi's PHC string: salt and parameters
  with the hash; the password itself is never written),
- the login's `session_id` (offline study is journaled under it: the server credits it
  for the time before that login ended or was replaced, SYNC-3),
- the last `GET /me`, so the home page can show the enrollments offline.

A wrong password is refused with the server's own words (`bad_credentials`). Each
wrong password costs a full Argon2id run (64 MiB, 3 passes: ~0.2-0.5 s on a trainee's
PC), and after `FREE_TRIES` the next try waits a delay that doubles with every failure
(`too_many_attempts` with `retry_after`), kept in the file so a restart does not reset
it. Someone who copies the file can skip the delay, never the Argon2id cost.

A logout ends the server's session, so nothing studied after it could be credited:
the trainee's file goes with it (`forget`). A kiosk PC keeps no file, and deletes every
one it finds (`OfflineLogins(kiosk=True)`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.sync import wire
from app.sync.errors import RefusedError

log = logging.getLogger(__name__)
FOLDER = "offline"
FREE_TRIES = 3  # wrong passwords before any delay
FIRST_DELAY_S = 5.0  # then 5 s, 10 s, 20 s, ... doubling with every failure
MAX_DELAY_S = 30 * 60.0
# Stronger than the server's (which must serve 50 logins a second): one sign-in per
# start here, and this file is what a thief of the laptop attacks.
DEFAULT_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)


@dataclass(frozen=True)
class OfflineProfile:
    """What an offline sign-in opens: the trainee's last /me and login."""

    id_number: str
    session_id: str
    me: wire.Me
    saved_at: datetime  # when this PC last heard from the server for this trainee


# The server's words for the same refusals (app/server/errors.py); the UI shows its own
# text for each code, as for the server's answers.
_REFUSALS = {
    "bad_credentials": (401, "身份证号或密码不正确。"),
    "too_many_attempts": (429, "密码错误次数较多，请稍后再试。"),
}


def refusal(code: str, **details: Any) -> RefusedError:
    status, message = _REFUSALS[code]
    return RefusedError(code, message, status=status, details=details)


class OfflineLogins:
    def __init__(
        self,
        data_dir: Path,
        *,
        kiosk: bool = False,
        hasher: PasswordHasher = DEFAULT_HASHER,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = data_dir / FOLDER
        self.kiosk = kiosk
        self._hasher = hasher
        self._clock = clock
        # One reader-writer at a time: /me is read again from several threads, and a
        # wrong password's count is a read, then a write.
        self._lock = threading.RLock()
        if kiosk:
            self.forget_all()  # a PC switched to kiosk mode keeps nobody's sign-in

    def _path(self, id_number: str) -> Path:
        # The file's name does not show the ID number to whoever lists the folder.
        return self.folder / (hashlib.sha256(id_number.encode()).hexdigest()[:32] + ".json")

    # ------------------------------------------------------------------ writing
    def remember(self, id_number: str, password: str, session_id: str, me: wire.Me) -> None:
        """After an online login or password change (blocking: Argon2id, off the GUI
        thread). Replaces any earlier verifier. Nothing at all in kiosk mode."""
        if self.kiosk:
            return
        verifier = self._hasher.hash(password)  # the slow part, outside the lock
        with self._lock:
            self._write(id_number, {
                "id_number": id_number,
                "verifier": verifier,
                "session_id": session_id,
                "me": me,
                "saved_at": datetime.now(UTC).isoformat(),
                "failures": 0,
                "blocked_until": 0.0,
            })

    def update(self, id_number: str, me: wire.Me, session_id: str | None = None) -> None:
        """A fresher /me (and login) for a trainee who already has a verifier."""
        with self._lock:
            record = self._read(id_number)
            if record is None or self.kiosk:
                return
            record["me"] = me
            record["saved_at"] = datetime.now(UTC).isoformat()
            if session_id:
                record["session_id"] = session_id
            self._write(id_number, record)

    def forget(self, id_number: str) -> None:
        with self._lock:
            self._path(id_number).unlink(missing_ok=True)

    def forget_all(self) -> None:
        for path in self.folder.glob("*.json"):
            path.unlink(missing_ok=True)

    def _write(self, id_number: str, record: dict[str, Any]) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self._path(id_number)
        temporary = path.with_suffix(".tmp")
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
        descriptor = os.open(temporary, flags, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
        os.replace(temporary, path)  # a crash mid-write leaves the old file whole

    # ------------------------------------------------------------------ reading
    def has(self, id_number: str) -> bool:
        return not self.kiosk and self._path(id_number).is_file()

    def _read(self, id_number: str) -> dict[str, Any] | None:
        try:
            record = json.loads(self._path(id_number).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("id_number") != id_number:
            return None
        return record

    def sign_in(self, id_number: str, password: str) -> OfflineProfile:
        """The trainee's profile if `password` is theirs (blocking: Argon2id). Raises
        LookupError when this PC has no sign-in for them, RefusedError
        `too_many_attempts` (with `retry_after`) or `bad_credentials` otherwise."""
        with self._lock:  # one try at a time: parallel guesses wait their turn
            return self._sign_in(id_number, password)

    def _sign_in(self, id_number: str, password: str) -> OfflineProfile:
        record = None if self.kiosk else self._read(id_number)
        if record is None:
            raise LookupError(id_number)
        now = self._clock()
        wait = float(record.get("blocked_until", 0.0)) - now
        if wait > 0:  # refused before any hashing: a delay means a delay
            raise refusal("too_many_attempts", retry_after=int(wait) + 1)
        if not self._verify(str(record.get("verifier", "")), password):
            failures = int(record.get("failures", 0)) + 1
            record["failures"] = failures
            if failures >= FREE_TRIES:
                delay = min(FIRST_DELAY_S * 2 ** (failures - FREE_TRIES), MAX_DELAY_S)
                record["blocked_until"] = now + delay
            self._write(id_number, record)
            log.info("offline sign-in refused (%d wrong passwords)", failures)
            raise refusal("bad_credentials")
        if record.get("failures"):
            record["failures"], record["blocked_until"] = 0, 0.0
            self._write(id_number, record)
        return OfflineProfile(
            id_number=id_number,
            session_id=str(record["session_id"]),
            me=cast(wire.Me, record["me"]),
            saved_at=datetime.fromisoformat(str(record["saved_at"])),
        )

    def _verify(self, verifier: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(verifier, password))
        except (VerificationError, InvalidHashError):
            return False
