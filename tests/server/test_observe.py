"""What a deployment behind nginx relies on: the process named on every answer,
/metrics in Prometheus text, and media answered by X-Accel-Redirect when configured."""

from __future__ import annotations

import os

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from app.server.models import FaceCheck, LessonProgress
from tests.support.live_server import LiveServer
from tests.support.server_lessons import ZHANG, lessons_of


def _samples(server: LiveServer) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = requests.get(server.url + "/metrics", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_every_answer_names_its_process(sqlite_server: LiveServer) -> None:
    for path in ("/health", "/nowhere"):
        response = sqlite_server.call("GET", path)
        assert response.headers["X-Cedu-Process"].endswith(f":{os.getpid()}")


def test_metrics_count_requests_by_route_and_read_the_database(sqlite_server: LiveServer) -> None:
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    for _ in range(3):
        assert server.call("GET", "/me", token).status_code == 200
    samples = _samples(server)
    me = (("method", "GET"), ("route", "/me"), ("status", "200"))
    assert samples[("cedu_http_requests_total", me)] == 3
    timed = (("method", "GET"), ("route", "/me"))
    assert samples[("cedu_http_request_seconds_count", timed)] == 3
    with server.context.sessions() as db:
        credited = db.scalar(select(func.sum(LessonProgress.credited_s)))
        passed = db.scalar(select(func.count()).where(FaceCheck.passed.is_(True)))
    assert credited and samples[("cedu_credited_seconds", ())] == pytest.approx(credited)
    assert samples[("cedu_face_checks", (("result", "passed"),))] == passed
    assert samples[("cedu_exam_attempts_open", ())] == 0
    # Raw paths never become labels (one series per route, whatever the ids).
    server.call("GET", "/attempts/no-such-attempt", token)
    assert not any("no-such-attempt" in str(key) for key in _samples(server))


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_behind_nginx_media_is_an_accel_redirect_without_a_byte(
    sqlite_server: LiveServer, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    server = sqlite_server
    monkeypatch.setattr(server.context.settings, "media_accel_prefix", "/_cedu_media/")
    _t, _e, response = lessons_of(server, ZHANG)
    media = response.json()[0]["media"]
    answer = requests.request(method, media["url"], headers={"Range": "bytes=0-99"}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["X-Accel-Redirect"].startswith("/_cedu_media/")
    assert answer.headers["X-Accel-Redirect"].endswith(".mp4")
    assert answer.content == b""
    refused = requests.request("GET", media["url"] + "0", timeout=30)
    assert refused.status_code == 403 and "X-Accel-Redirect" not in refused.headers
