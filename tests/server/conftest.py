"""Servers for the tests: the real app on a loopback port, on SQLite and on PostgreSQL
(`database_url` and the PostgreSQL cluster: the root conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer, start_server


@pytest.fixture
def server(tmp_path: Path, database_url: str | None, media_dir: Path) -> Iterator[LiveServer]:
    live = start_server(tmp_path / "data", database_url, media_dir)
    yield live
    live.stop()


@pytest.fixture
def sqlite_server(tmp_path: Path, media_dir: Path) -> Iterator[LiveServer]:
    """For tests of HTTP handling that do not depend on the database."""
    live = start_server(tmp_path / "data", None, media_dir)
    yield live
    live.stop()
