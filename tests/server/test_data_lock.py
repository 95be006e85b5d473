"""One server per data folder, and a demo seeding that survives servers starting together
(issue 16: a double-clicked client started two bundled servers; the second died on
`UNIQUE constraint failed: trades.code` and the login page showed 「内置服务器未能启动」)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from sqlalchemy import func, select

from app.server.data_lock import EXIT_DATA_DIR_IN_USE
from app.server.demo.seed import DEMO_TRAINEES, seed_demo
from app.server.main import build_context
from app.server.models import Trade, Trainee
from app.server.settings import Settings
from tests.support.live_server import _free_port

REPO = Path(__file__).resolve().parents[2]


def _start(data_dir: Path, port: int, media_dir: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "CEDU_MEDIA_DIR": str(media_dir),
        "CEDU_DEMO_LESSON_SECONDS": "30",  # the videos the other server tests made
        "CEDU_ADMIN_PASSWORD": "test-admin-password",
    }
    command = [sys.executable, "-m", "app.server.cli", "--port", str(port)]
    command += ["--data-dir", str(data_dir), "--demo"]
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_healthy(url: str, process: subprocess.Popen[str], timeout_s: float = 120) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(url + "/api/v1/health", timeout=2).ok:
                return True
        except requests.RequestException:
            time.sleep(0.2)
    return False


def test_two_servers_started_at_once_on_one_folder_one_serves(
    tmp_path: Path, media_dir: Path
) -> None:
    data_dir = tmp_path / "data"
    ports = [_free_port(), _free_port()]
    servers = [_start(data_dir, port, media_dir) for port in ports]
    try:
        deadline = time.monotonic() + 120
        while all(s.poll() is None for s in servers) and time.monotonic() < deadline:
            time.sleep(0.1)
        stopped = [s for s in servers if s.poll() is not None]
        assert len(stopped) == 1, "exactly one server stands down"
        loser = stopped[0]
        winner, winner_port = next(
            (s, p) for s, p in zip(servers, ports, strict=True) if s is not loser
        )
        assert loser.returncode == EXIT_DATA_DIR_IN_USE
        _out, err = loser.communicate(timeout=10)
        assert "已由本机另一个 cedu-server 使用" in err and str(data_dir) in err
        assert "Traceback" not in err
        url = f"http://127.0.0.1:{winner_port}"
        assert _wait_healthy(url, winner), "the other one serves"
        answer = requests.post(
            url + "/api/v1/auth/login",
            json={
                "id_number": DEMO_TRAINEES[0].id_number,
                "password": "12345678",
                "agree": True,
                "device": {"kind": "desktop", "name": "test"},
            },
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    with sqlite3.connect(data_dir / "cedu.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM trainees").fetchone() == (len(DEMO_TRAINEES),)
        assert db.execute("SELECT count(*) FROM trades").fetchone() == (2,)


def test_servers_seeding_one_database_together_make_one_demo(
    tmp_path: Path, media_dir: Path
) -> None:
    """Two servers on one database from two data folders (so no folder lock between
    them), e.g. two machines on one PostgreSQL: one seeds, the other stands down."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    contexts = [
        build_context(
            Settings(
                data_dir=tmp_path / name,
                database_url=url,
                media_dir=media_dir,
                demo=True,
                demo_lesson_seconds=30,
            )
        )
        for name in ("a", "b")
    ]
    results: list[bool | BaseException] = []
    start = threading.Barrier(2)

    def seed(index: int) -> None:
        start.wait()
        try:
            results.append(seed_demo(contexts[index]))
        except BaseException as exc:  # reported by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=seed, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    try:
        assert sorted(results, key=str) == [False, True], results
        with contexts[0].sessions() as db:
            assert db.scalar(select(func.count()).select_from(Trainee)) == len(DEMO_TRAINEES)
            assert db.scalar(select(func.count()).select_from(Trade)) == 2
    finally:
        for context in contexts:
            context.engine.dispose()
