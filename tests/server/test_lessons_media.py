"""Lessons and media (LEARN-1, LEARN-6): signed expiring URLs with byte ranges."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from tests.support.live_server import LiveServer
from tests.support.server_lessons import (
    QIAN,
    SUN,
    ZHANG,
    ZHOU,
    lessons_of,
)


def test_lesson_list_of_a_paid_enrollment(server: LiveServer) -> None:
    # RULES: LEARN-1
    _token, _eid, response = lessons_of(server, ZHANG)
    assert response.status_code == 200
    lessons = response.json()
    assert len(lessons) >= 4
    assert [lesson["index"] for lesson in lessons] == sorted(lesson["index"] for lesson in lessons)
    for lesson in lessons:
        assert lesson["title"] and lesson["duration_s"] > 0 and lesson["credit_hours"] > 0
        assert lesson["credited_s"] == 0 and lesson["resume_s"] == 0 and not lesson["complete"]
        assert len(lesson["media"]["sha256"]) == 64 and lesson["media"]["bytes"] > 0


def test_media_url_serves_the_file_its_sha256_names(server: LiveServer) -> None:
    _t, _e, response = lessons_of(server, ZHANG)
    media = response.json()[0]["media"]
    whole = requests.get(media["url"], timeout=30)  # no Authorization header needed
    assert whole.status_code == 200
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert len(whole.content) == media["bytes"]
    assert hashlib.sha256(whole.content).hexdigest() == media["sha256"]

    part = requests.get(media["url"], headers={"Range": "bytes=100-1099"}, timeout=30)
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-1099/{media['bytes']}"
    assert part.content == whole.content[100:1100]

    tail = requests.get(media["url"], headers={"Range": "bytes=-500"}, timeout=30)
    assert tail.status_code == 206 and tail.content == whole.content[-500:]

    head = requests.head(media["url"], timeout=30)
    assert head.status_code == 200
    assert int(head.headers["Content-Length"]) == media["bytes"]
    assert head.content == b""


def test_tampered_or_expired_media_signature_is_refused(server: LiveServer) -> None:
    _t, _e, response = lessons_of(server, ZHANG)
    lessons = response.json()
    url = lessons[0]["media"]["url"]
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    base = f"{parts.scheme}://{parts.netloc}"
    other_lesson = f"{base}/media/{lessons[1]['id']}?{urlencode(query)}"
    longer = f"{base}{parts.path}?{urlencode({**query, 'expires': int(query['expires']) + 999})}"
    flipped_sig = query["sig"][:-1] + ("0" if query["sig"][-1] != "0" else "1")
    flipped = f"{base}{parts.path}?{urlencode({**query, 'sig': flipped_sig})}"
    # A link mangled into non-ASCII (found by the fuzz test: it was a 500).
    mangled = f"{base}{parts.path}?{urlencode({**query, 'sig': '签名' + query['sig'][2:]})}"
    for bad in (other_lesson, longer, flipped, mangled, f"{base}{parts.path}"):
        refused = requests.get(bad, timeout=30)
        assert refused.status_code == 403, bad
        assert refused.json()["error"]["code"] == "bad_signature"
    server.clock.advance(hours=7)  # past the URL's lifetime
    expired = requests.get(url, timeout=30)
    assert expired.status_code == 403
    assert expired.json()["error"]["code"] == "bad_signature"


def test_unpaid_enrollment_has_no_lessons(server: LiveServer) -> None:
    # RULES: LEARN-1, PAY-1
    _t, _e, response = lessons_of(server, ZHOU)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "not_paid" and error["support"]


def test_study_period_over_closes_the_lessons(server: LiveServer) -> None:
    # RULES: LEARN-6
    _t, _e, response = lessons_of(server, QIAN)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "study_closed" and error["support"] == "0871-63122229"


def test_a_passed_trainee_may_still_see_the_lessons_after_the_period(server: LiveServer) -> None:
    # RULES: LEARN-6 (closed only when "not passed")
    server.clock.advance(days=10)
    _t, _e, response = lessons_of(server, SUN)
    assert response.status_code == 200


def test_someone_elses_enrollment_is_not_found(server: LiveServer) -> None:
    _t, zhang_enrollment, _r = lessons_of(server, ZHANG)
    other = server.ready_trainee(SUN)
    response = server.call("GET", f"/enrollments/{zhang_enrollment}/lessons", other)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
