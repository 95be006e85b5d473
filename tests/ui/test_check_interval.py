"""The random identity checks' interval is the server's (GET /me `proctoring`, FACE-5)."""

from __future__ import annotations

from typing import Any

import pytest

from app.proctor.schedule import DEFAULT_MAX_S, DEFAULT_MIN_S
from app.ui.face.proctoring import check_interval


def me(**proctoring: int) -> Any:
    return {"id_number": "x", "name": "x", "photo": {"status": "locked"}, "enrollments": [],
            "proctoring": proctoring}  # fmt: skip


# RULES: FACE-5
def test_the_interval_is_the_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CEDU_FACE_CHECK_MIN_S", raising=False)
    monkeypatch.delenv("CEDU_FACE_CHECK_MAX_S", raising=False)
    assert check_interval(me(check_min_s=120, check_max_s=240)) == (120.0, 240.0)
    assert check_interval(None) == (DEFAULT_MIN_S, DEFAULT_MAX_S)  # never reached yet
    assert check_interval(me(check_min_s=0, check_max_s=-1)) == (DEFAULT_MIN_S, DEFAULT_MAX_S)
    # One PC's override (tests, benchmarks) still wins.
    monkeypatch.setenv("CEDU_FACE_CHECK_MIN_S", "2")
    monkeypatch.setenv("CEDU_FACE_CHECK_MAX_S", "3")
    assert check_interval(me(check_min_s=120, check_max_s=240)) == (2.0, 3.0)
