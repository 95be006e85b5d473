"""Fixtures shared by tests/faults, tests/attacks and tests/fuzz (each conftest imports
them): a server process, a live server. The PostgreSQL cluster and the database URL per
backend are imported once, by the root conftest: one cluster serves the whole run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.faults import ServerProcess
from tests.support.live_server import LiveServer, start_server
from tests.support.postgres import PostgresCluster, postgres_cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster | str]:
    with postgres_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str | None:
    if request.param == "sqlite":
        return None
    cluster = request.getfixturevalue("pg_cluster")
    if isinstance(cluster, str):
        pytest.skip(cluster)
    assert isinstance(cluster, PostgresCluster)
    return cluster.new_database()


@pytest.fixture
def server_process(
    tmp_path: Path, media_dir: Path, database_url: str | None
) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server", media_dir, database_url).start()
    yield server
    server.kill()


@pytest.fixture
def sqlite_server_process(tmp_path: Path, media_dir: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server", media_dir).start()
    yield server
    server.kill()


@pytest.fixture
def live_server(tmp_path: Path, media_dir: Path) -> Iterator[LiveServer]:
    """The real server in a thread of the test, on SQLite, with a clock tests can move."""
    server = start_server(tmp_path / "data", None, media_dir)
    yield server
    server.stop()
