"""bench/load/run.py as a smoke run: a few trainees for a few seconds, no errors. Its full
figures (200 trainees, 60 s, SQLite and PostgreSQL) are a benchmark, not a test."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support.faults import REPO


@pytest.mark.slow
def test_the_load_script_runs_without_errors() -> None:
    run = subprocess.run(
        [sys.executable, "bench/load/run.py", "--db", "sqlite", "--clients", "6", "--seconds", "6"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (result,) = json.loads(run.stdout.strip().splitlines()[-1])
    calls = result["calls"]
    assert calls["all"]["errors"] == 0, calls
    for call in ("POST /auth/login", "GET lessons", "POST /progress", "PUT answer"):
        assert calls[call]["requests"] > 0, call
