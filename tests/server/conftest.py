"""Servers for the tests: the real app on a loopback port, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer, start_server
from tests.support.postgres import PostgresCluster, postgres_cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster | str]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    if request.param == "sqlite":
        return None  # the default: SQLite in the data dir
    cluster = request.getfixturevalue("pg_cluster")
    if isinstance(cluster, str):
        pytest.skip(cluster)
    assert isinstance(cluster, PostgresCluster)
    return cluster.new_database()


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
