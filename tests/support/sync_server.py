"""The real server on loopback for the sync tests, and ways to take it down and back.

Demo videos are made once per test run (the session-scoped media folder), as in
tests/server/conftest.py; the database is SQLite in each test's own folder.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from app.server.main import create_app
from app.sync.api import ApiClient
from tests.support.live_server import LiveServer, start_server

ZHANG = "530102198001010015"  # 张三: paid, nothing watched
ZHOU = "530102199001010079"  # 周九: not paid
QIAN = "530302196909300057"  # 钱七: may apply for an extension
NEW_PASSWORD = "Anquan2026!"


@pytest.fixture
def server(tmp_path: Path, media_dir: Path) -> Iterator[LiveServer]:
    live = start_server(tmp_path / "server", None, media_dir)
    yield live
    live.stop()


def ready_client(server: LiveServer, id_number: str = ZHANG, **options: object) -> ApiClient:
    """An API client logged in as `id_number`, initial password already changed."""
    server.ready_trainee(id_number, NEW_PASSWORD)
    client = ApiClient(server.url, **options)  # type: ignore[arg-type]
    client.login(id_number, NEW_PASSWORD)
    client.decide_consent(True, "test")  # FACE-8: face checks need the trainee's consent
    return client


def take_down(server: LiveServer) -> None:
    """Stop answering on the server's port (the database stays)."""
    server.server.should_exit = True
    server.thread.join(timeout=10)


def bring_back(server: LiveServer) -> None:
    """Serve the same database on the same port again."""
    port = int(server.url.rsplit(":", 1)[1])
    config = uvicorn.Config(
        create_app(server.context), host="127.0.0.1", port=port, log_level="warning"
    )
    server.server = uvicorn.Server(config)
    server.thread = threading.Thread(target=server.server.run, daemon=True)
    server.thread.start()
    deadline = time.monotonic() + 20
    while not server.server.started:
        assert time.monotonic() < deadline and server.thread.is_alive(), "server did not restart"
        time.sleep(0.02)
