"""Province scale: three `cedu-server` processes behind Debian's nginx on one PostgreSQL,
all started here; every request below goes through nginx (issue 21)."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.cluster import Cluster, cluster, nginx_missing
from tests.support.database_counts import counted_once, stored_ids
from tests.support.exam_start import start_exam
from tests.support.face_checks import give_face_checks
from tests.support.faults import Http, stretch
from tests.support.postgres import PostgresCluster
from tests.support.server_exams import QIAN, WANG, ZHANG

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def province(pg_cluster: PostgresCluster | str, media_dir: Path) -> Iterator[Cluster]:
    if isinstance(pg_cluster, str):
        pytest.skip(pg_cluster)
    if reason := nginx_missing():
        pytest.skip(reason)
    with cluster(pg_cluster.new_database(), media_dir) as running:
        yield running


@pytest.fixture(scope="module")
def http(province: Cluster) -> Http:
    return Http(province.api)


def _sql(province: Cluster, statement: str, **values: Any) -> list[Any]:
    engine = create_engine(province.database_url)
    try:
        with engine.begin() as db:
            result = db.execute(text(statement), values)
            return list(result.all()) if result.returns_rows else []
    finally:
        engine.dispose()


def test_one_trainees_requests_land_on_different_processes(province: Cluster, http: Http) -> None:
    token = http.ready_trainee(ZHANG)
    named = {http.call("GET", "/me", token).headers["X-Cedu-Process"] for _ in range(12)}
    assert len(named) >= 2, named
    assert {name.split(":")[1] for name in named} <= {str(s.pid) for s in province.servers}


def test_forty_parallel_wrong_logins_lock_after_exactly_five_checked_passwords(
    province: Cluster,
) -> None:
    # RULES: ACC-5 (bad_credentials is answered only after a password was checked)
    def wrong(n: int) -> tuple[int, str, str]:
        body = {"id_number": QIAN, "password": f"guess-{n}", "agree": True}
        answer = requests.post(province.api + "/auth/login", json=body, timeout=60)
        return answer.status_code, answer.json()["error"]["code"], answer.headers["X-Cedu-Process"]

    with ThreadPoolExecutor(40) as pool:
        answers = list(pool.map(wrong, range(40)))
    codes = sorted(code for _, code, _ in answers)
    assert codes == ["account_locked"] * 35 + ["bad_credentials"] * 5
    assert len({process for *_, process in answers}) >= 2  # the race spanned processes
    right = {"id_number": QIAN, "password": "12345678", "agree": True}
    assert requests.post(province.api + "/auth/login", json=right, timeout=60).status_code == 423


def test_fifty_parallel_submits_through_nginx_grade_once(province: Cluster, http: Http) -> None:
    # RULES: EXAM-6, EXAM-2
    token = http.ready_trainee(WANG)
    enrollment = http.first_enrollment(token)
    attempt = start_exam(http.api, token, enrollment)

    def submit(_: int) -> tuple[int, Any, str]:
        answer = requests.post(
            f"{province.api}/attempts/{attempt['id']}/submit",
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        return answer.status_code, answer.json(), answer.headers["X-Cedu-Process"]

    with ThreadPoolExecutor(25) as pool:
        results = list(pool.map(submit, range(50)))
    assert {status for status, _, _ in results} == {200}
    assert all(body == results[0][1] for _, body, _ in results)  # same score, same ended_at
    assert len({process for *_, process in results}) >= 2
    rows = _sql(province, "SELECT state FROM exam_attempts WHERE id = :a", a=attempt["id"])
    assert rows == [("submitted",)]


def test_an_expired_attempt_is_graded_once_by_three_sweeps(province: Cluster, http: Http) -> None:
    # RULES: EXAM-2
    token = http.ready_trainee(WANG)
    enrollment = http.first_enrollment(token)
    attempt = start_exam(http.api, token, enrollment)
    before = province.sweep_gradings()
    # Left alone until its deadline: the operator's clock cannot move, so the deadline does.
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    _sql(province, "UPDATE exam_attempts SET deadline = :d WHERE id = :a", d=past, a=attempt["id"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = _sql(province, "SELECT state FROM exam_attempts WHERE id = :a", a=attempt["id"])
        if state == [("expired",)]:
            break
        time.sleep(0.2)
    assert state == [("expired",)]
    time.sleep(1.5)  # five more rounds of every sweep: none may grade it again
    assert province.sweep_gradings() - before == 1


def test_a_lesson_video_through_nginx_with_ranges_costs_python_nothing(
    province: Cluster, http: Http
) -> None:
    token = http.ready_trainee(ZHANG)
    media = http.lessons(token)[0]["media"]
    assert media["url"].startswith(province.url)
    head = requests.head(media["url"], timeout=30)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == media["bytes"]
    cpu_before = province.process_cpu_s()
    size, chunk, parts = media["bytes"], 64 * 1024, []
    rounds = 5
    for _ in range(rounds):  # as a player reads: range after range
        parts = []
        for start in range(0, size, chunk):
            end = min(start + chunk, size) - 1
            part = requests.get(media["url"], headers={"Range": f"bytes={start}-{end}"}, timeout=30)
            assert part.status_code == 206
            assert part.headers["Content-Range"] == f"bytes {start}-{end}/{size}"
            parts.append(part.content)
    cpu = province.process_cpu_s() - cpu_before
    whole = b"".join(parts)
    assert hashlib.sha256(whole).hexdigest() == media["sha256"]
    requests_made = rounds * len(parts)
    # Python only checks each link (a few ms); the bytes never pass through it.
    assert cpu / requests_made < 0.02, f"{cpu:.3f} s CPU for {requests_made} ranges"
    bad = requests.get(media["url"][:-1] + ("0" if media["url"][-1] != "0" else "1"), timeout=30)
    assert bad.status_code == 403 and bad.json()["error"]["code"] == "bad_signature"
    # The internal location cannot be asked for directly.
    assert requests.get(province.url + "/_cedu_media/x.mp4", timeout=30).status_code == 404
    assert requests.get(province.url + "/metrics", timeout=30).status_code == 404


def test_a_server_killed_in_a_burst_of_progress_loses_nothing_acknowledged(
    province: Cluster, http: Http
) -> None:
    # RULES: SYNC-1, SYNC-2
    login = http.ready_login(ZHANG, device="burst")
    token, session_id = str(login["token"]), str(login["session_id"])
    # A passed face check written as the server would (face checks are proven elsewhere;
    # here the real engine would only add seconds).
    check_id = give_face_checks(province.database_url, [ZHANG])[ZHANG]
    lessons = [int(lesson["id"]) for lesson in http.lessons(token)][:3]
    acknowledged: set[str] = set()
    retried = []
    lock = threading.Lock()
    sent_batches = threading.Semaphore(0)

    def send(lesson_id: int) -> None:
        session = requests.Session()
        position = 0.0
        for _ in range(12):
            now = dt.datetime.now(dt.UTC)
            events = []
            for _ in range(10):
                events.append(
                    stretch(session_id, lesson_id, position, position + 0.02, now, check_id)
                )
                position += 0.02
            while True:  # the client resends until answered (through nginx, any process)
                try:
                    answer = session.post(
                        province.api + "/progress",
                        json={"events": events},
                        headers={"Authorization": f"Bearer {token}"},
                        timeout=30,
                    )
                except requests.RequestException:
                    answer = None
                if answer is not None and answer.status_code == 200:
                    break
                with lock:
                    retried.append(answer.status_code if answer is not None else "no answer")
                time.sleep(0.1)
            with lock:
                acknowledged.update(r["event_id"] for r in answer.json()["results"])
            sent_batches.release()

    threads = [threading.Thread(target=send, args=(lesson,)) for lesson in lessons]
    for thread in threads:
        thread.start()
    for _ in range(6):  # the burst is under way
        assert sent_batches.acquire(timeout=60)
    victim = province.servers[0]
    victim.kill()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive()
    assert len(acknowledged) == 3 * 12 * 10
    missing = acknowledged - stored_ids(province.database_url, acknowledged)
    assert not missing, f"{len(missing)} acknowledged events lost"
    assert counted_once(province.database_url, http.first_enrollment(token)) == []


def test_the_client_address_is_nginxs_word_never_the_clients(province: Cluster) -> None:
    probe = f"probe-{time.monotonic_ns()}"
    forged = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(3):
        assert requests.get(f"{province.api}/time?{probe}", headers=forged, timeout=30).ok
    deadline = time.monotonic() + 30
    lines: list[str] = []
    while len(lines) < 3 and time.monotonic() < deadline:  # access log lines are written late
        logs = [s.log.read_text(errors="replace") for s in province.servers]
        lines = [line for log in logs for line in log.splitlines() if probe in line]
        time.sleep(0.2)
    assert len(lines) == 3, lines
    # uvicorn took the address from nginx's header (port 0), and nginx replaced the forged one.
    assert all("127.0.0.1:0 -" in line and "203.0.113.7" not in line for line in lines), lines
