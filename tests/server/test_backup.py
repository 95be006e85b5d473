"""deploy/backup: a dump of a database the server wrote, restored into a new database
with the runbook's scripts, serves the same data (deploy/README.md, section 7)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.live_server import start_server
from tests.support.postgres import PostgresCluster

pytestmark = pytest.mark.postgres
BACKUP = Path(__file__).resolve().parents[2] / "deploy" / "backup"
ZHANG, NEW = "530102198001010015", "Anquan2026!"


def test_a_nightly_dump_restores_into_a_working_database(
    pg_cluster: PostgresCluster | str, media_dir: Path, tmp_path: Path
) -> None:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    url = pg_cluster.new_database()
    live = start_server(tmp_path / "data", url, media_dir)
    try:
        live.ready_trainee(ZHANG, NEW)  # a write the restore must keep: the new password
    finally:
        live.stop()
    env = {
        **os.environ,
        "PGHOST": "127.0.0.1",
        "PGPORT": str(pg_cluster.port),
        "PGUSER": "postgres",
    }
    name = url.rsplit("/", 1)[1]
    dumped = subprocess.run(
        ["bash", str(BACKUP / "backup.sh"), str(tmp_path / "backups"), name],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()
    assert Path(dumped).is_file() and not list((tmp_path / "backups").glob(".*partial"))
    restored = subprocess.run(
        ["bash", str(BACKUP / "restore.sh"), dumped, name + "_restored"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert restored.stdout.strip()  # the schema version it holds
    again = start_server(tmp_path / "again", url + "_restored", media_dir, demo=False)
    try:
        assert again.login(ZHANG, NEW)["must_change_password"] is False
    finally:
        again.stop()
