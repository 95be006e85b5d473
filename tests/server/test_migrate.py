"""Migrations on one PostgreSQL shared by several processes: `cedu-server --migrate`
upgrades and exits; processes that all start with migrations on queue on an advisory
lock instead of creating the same tables at once (deploy/README.md, "Upgrade")."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from app.server import migrate
from tests.support.postgres import PostgresCluster

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


def _head() -> str:
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert head is not None
    return head


def _version(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            return list(db.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def test_three_processes_upgrading_at_once_leave_one_head(
    pg_cluster: PostgresCluster | str,
) -> None:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    url = pg_cluster.new_database()
    engines = [create_engine(url) for _ in range(3)]
    start, failures = threading.Barrier(3), []

    def upgrade(n: int) -> None:
        start.wait(timeout=30)
        try:
            migrate.upgrade(engines[n])
        except Exception as exc:  # the test reports what went wrong, in every thread
            failures.append(exc)

    threads = [threading.Thread(target=upgrade, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for engine in engines:
        engine.dispose()
    assert failures == []
    assert _version(url) == [_head()]


def test_cedu_server_migrate_upgrades_and_exits(
    pg_cluster: PostgresCluster | str, tmp_path: Path
) -> None:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    url = pg_cluster.new_database()
    done = subprocess.run(
        [sys.executable, "-m", "app.server.cli", "--migrate", "--data-dir", str(tmp_path)],
        cwd=REPO,
        env={"CEDU_DATABASE_URL": url, "CEDU_MIGRATE": "false", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "database upgraded" in done.stdout
    assert _version(url) == [_head()]
