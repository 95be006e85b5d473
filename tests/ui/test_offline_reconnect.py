"""Back from an offline sign-in (issue 16): the kept token while the server still takes
it (the same login: nothing to type), a fresh login with the password typed offline
once it no longer does (12 hours idle); the password itself never on disk. The real
server on loopback and a real keyring backend storing to a file the test can read."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from tests.support.file_keyring import FileKeyring
from tests.support.lesson_screens import NEW_PASSWORD, ZHANG_SAN
from tests.support.live_server import LiveServer


@pytest.fixture
def kept_tokens(tmp_path: Path) -> Iterator[Path]:
    previous = keyring.get_keyring()
    path = tmp_path / "keyring.json"
    keyring.set_keyring(FileKeyring(path))
    yield path
    keyring.set_keyring(previous)


def _offline_context(options: Any) -> Any:
    """The client started again with the server away: signed in offline."""
    from app.ui.kit.context import AppContext

    ctx = AppContext(options, options.server_url)
    ctx.begin_offline(ctx.offline_logins.sign_in(ZHANG_SAN, NEW_PASSWORD), NEW_PASSWORD)
    return ctx


# RULES: ACC-4, SYNC-3
def test_back_online_with_the_kept_token_then_a_fresh_login_once_it_expired(
    qapp: Any, client_options: Any, ui_server: LiveServer, kept_tokens: Path,
    client_contexts: list[Any],
) -> None:
    from app.sync.errors import AuthError, OfflineError
    from app.ui.kit.context import AppContext

    options = dataclasses.replace(client_options, reconnect_s=1.0)
    ui_server.ready_trainee(ZHANG_SAN, NEW_PASSWORD)
    online = AppContext(options, options.server_url)
    client_contexts.append(online)
    online.begin_session(online.api.login(ZHANG_SAN, NEW_PASSWORD), NEW_PASSWORD)
    online.refresh_me()  # the verifier and the /me an offline sign-in shows
    first_session = online.session_id
    online.shutdown()  # closed, not logged out

    ctx = _offline_context(options)
    client_contexts.append(ctx)
    assert ctx.session_id == first_session and ctx.me["name"] == "张三"
    with pytest.raises(OfflineError):  # held: no call goes out before the real login
        ctx.api.me()
    answer = ctx.reconnect()
    assert answer.session_id is None  # the kept token: the same login goes on
    ctx.back_online(answer)
    assert ctx.offline_since is None and ctx.session_id == first_session
    assert ctx.api.me()["id_number"] == ZHANG_SAN
    ctx.shutdown()

    ui_server.clock.advance(hours=13)  # the kept token's login idled out (12 h)
    ctx = _offline_context(options)
    client_contexts.append(ctx)
    answer = ctx.reconnect()
    assert answer.session_id not in (None, first_session)  # a fresh login, nothing typed
    ctx.back_online(answer)
    assert ctx.api.me()["id_number"] == ZHANG_SAN
    assert ctx.offline_logins.sign_in(ZHANG_SAN, NEW_PASSWORD).session_id == ctx.session_id
    # The password is in neither the keyring nor any file of the client.
    for path in [kept_tokens, *options.data_dir.rglob("*")]:
        if path.is_file():
            assert NEW_PASSWORD.encode() not in path.read_bytes(), path

    ctx.shutdown()

    # The password changed on another PC meanwhile: the offline one is refused at the
    # real login, and this PC's verifier of it goes.
    other = ui_server.login(ZHANG_SAN, NEW_PASSWORD)["token"]
    changed = ui_server.call("POST", "/auth/password", other, json={
        "old_password": NEW_PASSWORD, "new_password": "Xinmima2027!"})
    assert changed.status_code == 204, changed.text
    ctx = _offline_context(options)
    client_contexts.append(ctx)
    with pytest.raises(AuthError, match="bad_credentials"):
        ctx.reconnect()
    assert not ctx.offline_logins.has(ZHANG_SAN)
