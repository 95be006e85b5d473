"""Where the login token lives: the OS keyring, or memory only.

- The token goes to the OS keyring (service `cedu`, user = the ID number) so a restart
  need not ask for the password again. The password itself is never stored anywhere.
- Kiosk mode (shared PCs at training centres): memory only, nothing written at all, not
  even the last ID number.
- When no keyring backend works (keyring's `fail` or `null` backends, or one that raises),
  `memory_only` is set and logged, and the token stays in memory. There is deliberately
  no fallback to a plain file: a token on disk is a login anyone with the PC can reuse.
- The ID number may be remembered (not in kiosk mode) in `settings.json` in the user's
  config folder (platformdirs), to fill the login form. Never the token or password.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import platformdirs

log = logging.getLogger(__name__)
SERVICE = "cedu"
APP_NAME = "cedu"
SETTINGS_FILE = "settings.json"
# Backends that store nothing: keyring picks them when the OS offers no real store.
_USELESS_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")


def default_config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def keyring_works(backend: keyring.backend.KeyringBackend) -> bool:
    return type(backend).__module__ not in _USELESS_BACKENDS


class Credentials:
    """The token of the signed-in trainee, and the remembered ID number."""

    def __init__(
        self,
        *,
        kiosk: bool = False,
        backend: keyring.backend.KeyringBackend | None = None,
        config_dir: Path | None = None,
    ) -> None:
        self.kiosk = kiosk
        self._backend = backend if backend is not None else keyring.get_keyring()
        self._config_dir = config_dir
        self._memory: dict[str, str] = {}
        # True when the token cannot outlive this process: kiosk, or no usable keyring.
        self.memory_only = kiosk or not keyring_works(self._backend)
        # True only when a keyring was wanted but none works; the UI may say so.
        self.keyring_unavailable = not kiosk and not keyring_works(self._backend)
        if self.keyring_unavailable:
            log.warning(
                "no usable keyring backend (%s): the login token is kept in memory only",
                type(self._backend).__module__,
            )

    @property
    def config_dir(self) -> Path:
        return self._config_dir or default_config_dir()

    # ------------------------------------------------------------------ token
    def save_token(self, id_number: str, token: str) -> None:
        self._memory[id_number] = token
        if self.memory_only:
            return
        try:
            self._backend.set_password(SERVICE, id_number, token)
        except keyring.errors.KeyringError as exc:  # locked or broken store: memory only
            self._fall_back_to_memory(exc)

    def token(self, id_number: str) -> str | None:
        if id_number in self._memory or self.memory_only:
            return self._memory.get(id_number)
        try:
            return self._backend.get_password(SERVICE, id_number)
        except keyring.errors.KeyringError as exc:
            self._fall_back_to_memory(exc)
            return None

    def forget_token(self, id_number: str) -> None:
        self._memory.pop(id_number, None)
        if self.memory_only:
            return
        try:
            self._backend.delete_password(SERVICE, id_number)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was stored for this ID number
        except keyring.errors.KeyringError as exc:
            self._fall_back_to_memory(exc)

    def _fall_back_to_memory(self, exc: Exception) -> None:
        log.warning("the keyring failed (%s): the login token is kept in memory only", exc)
        self.memory_only = True
        self.keyring_unavailable = True

    # ------------------------------------------------------------------ settings
    def setting(self, name: str) -> object:
        """A setting of this PC's trainee (None when unset; always None in kiosk mode)."""
        return None if self.kiosk else self._read_settings().get(name)

    def save_setting(self, name: str, value: object) -> None:
        """Keep a setting (None forgets it). Nothing is written in kiosk mode."""
        if self.kiosk:
            return
        path = self.config_dir / SETTINGS_FILE
        settings = self._read_settings()
        if value is None:
            settings.pop(name, None)
        else:
            settings[name] = value
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)  # a crash mid-write leaves the old file whole

    # ------------------------------------------------------------------ ID number
    def remember_id_number(self, id_number: str | None) -> None:
        """Fill the login form next time (None forgets). Nothing is written in kiosk mode."""
        self.save_setting("last_id_number", id_number)

    def remembered_id_number(self) -> str | None:
        if self.kiosk:
            return None
        value = self._read_settings().get("last_id_number")
        return value if isinstance(value, str) else None

    def _read_settings(self) -> dict[str, object]:
        path = self.config_dir / SETTINGS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}
