"""Where tokens go: the keyring, or memory only; never a plain file; nothing in kiosk mode.

The keyring used here is tests/support/file_keyring.FileKeyring, a real keyring backend
(set with keyring.set_keyring) that stores to one JSON file the test can scan: this
machine has no Secret Service, and keyring's fail/null backends store nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from app.sync.api import ApiClient
from app.sync.credentials import Credentials
from app.sync.journal import Journal
from tests.support.file_keyring import FileKeyring
from tests.support.live_server import LiveServer
from tests.support.sync_server import NEW_PASSWORD, ZHANG


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """platformdirs' data and config folders pointed at the test's own folders."""
    paths = {"data": tmp_path / "data", "config": tmp_path / "config"}
    monkeypatch.setenv("XDG_DATA_HOME", str(paths["data"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(paths["config"]))
    return paths


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def files_holding(secret: str, *roots: Path) -> list[Path]:
    needle = secret.encode()
    return [
        path
        for root in roots
        if root.exists()
        for path in ([root] if root.is_file() else root.rglob("*"))
        if path.is_file() and needle in path.read_bytes()
    ]


def study_a_little(server: LiveServer, credentials: Credentials) -> tuple[str, Journal]:
    """Log in through the API client, keep the token, journal an event: what the app does."""
    server.ready_trainee(ZHANG, NEW_PASSWORD)
    client = ApiClient(server.url)
    login = client.login(ZHANG, NEW_PASSWORD)
    credentials.save_token(ZHANG, login["token"])
    credentials.remember_id_number(ZHANG)
    journal = Journal()  # the default place: the user's data folder
    journal.append_progress(
        ZHANG,
        {
            "event_id": "event-kiosk-0001",
            "session_id": login["session_id"],
            "lesson_id": 1,
            "from_s": 0.0,
            "to_s": 10.0,
            "started_at": "2026-01-01T00:00:00+00:00",
            "ended_at": "2026-01-01T00:00:10+00:00",
            "face_check_id": None,
        },
    )
    return login["token"], journal


def test_kiosk_mode_writes_no_token_or_password_anywhere(
    server: LiveServer, folders: dict[str, Path], file_keyring: FileKeyring
) -> None:
    credentials = Credentials(kiosk=True)
    token, journal = study_a_little(server, credentials)
    assert credentials.token(ZHANG) == token  # usable for this run...
    assert credentials.remembered_id_number() is None
    roots = (folders["data"], folders["config"], file_keyring.path)
    assert journal.path.is_relative_to(folders["data"])  # the scan covers the journal
    assert files_holding(token, *roots) == []  # ...and nowhere on disk
    assert files_holding(NEW_PASSWORD, *roots) == []
    assert files_holding(ZHANG, folders["config"]) == []  # not even the ID number
    journal.close()


def test_the_token_goes_to_the_keyring_and_nowhere_else(
    server: LiveServer, folders: dict[str, Path], file_keyring: FileKeyring
) -> None:
    credentials = Credentials()
    assert not credentials.memory_only
    token, journal = study_a_little(server, credentials)
    assert files_holding(token, folders["data"], folders["config"], file_keyring.path) == [
        file_keyring.path
    ]
    assert files_holding(NEW_PASSWORD, folders["data"], folders["config"], file_keyring.path) == []
    assert file_keyring.get_password("cedu", ZHANG) == token
    assert Credentials().token(ZHANG) == token  # a restart finds it
    assert Credentials().remembered_id_number() == ZHANG
    credentials.forget_token(ZHANG)
    assert Credentials().token(ZHANG) is None
    journal.close()


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()],  # type: ignore[no-untyped-call]
)
def test_without_a_working_keyring_the_token_stays_in_memory(
    backend: keyring.backend.KeyringBackend,
    folders: dict[str, Path],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    credentials = Credentials(backend=backend)
    assert credentials.memory_only and credentials.keyring_unavailable
    assert "memory only" in caplog.text
    credentials.save_token(ZHANG, "token-that-must-not-leak")
    assert credentials.token(ZHANG) == "token-that-must-not-leak"
    assert files_holding("token-that-must-not-leak", tmp_path) == []
    assert Credentials(backend=backend).token(ZHANG) is None  # gone with the process


def test_a_keyring_that_breaks_falls_back_to_memory(tmp_path: Path) -> None:
    class BrokenKeyring(FileKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.KeyringLocked("locked")

    credentials = Credentials(backend=BrokenKeyring(tmp_path / "k.json"))
    credentials.save_token(ZHANG, "secret-token")
    assert credentials.memory_only and credentials.keyring_unavailable
    assert credentials.token(ZHANG) == "secret-token"
    assert files_holding("secret-token", tmp_path) == []
