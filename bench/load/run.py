"""Load: 200 simulated trainees at once on loopback, as the province's evening peak
looks (issue 9). Each logs in, lists its lessons, then every 5 s sends the progress
event of the 5 s it just watched and saves an exam answer, and lists its lessons again
every 20 s. Reports throughput, p50, p99 and errors per call and overall.

    .venv/bin/python bench/load/run.py [--db sqlite,postgres] [--clients 200] [--seconds 60]

Starts `cedu-server --demo` in a subprocess with a fresh data folder (bench_server.py),
imports and pays the trainees through the staff API, then prepares, straight in the
database (not what is measured): a passed face check each and complete lessons, and for
those who take the exam a passed exam check after their login, so that each can open an
exam attempt through the API. The last line is the figures as JSON
(tests/faults/test_load_smoke.py reads it). Not a test of speed: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))
from bench_server import free_port, prepare_trainees, start_server  # noqa: E402

from app.server.models import Enrollment  # noqa: E402
from tests.support.course_watched import mark_course_watched  # noqa: E402
from tests.support.face_checks import give_face_checks  # noqa: E402
from tests.support.postgres import PostgresCluster, postgres_cluster  # noqa: E402

TICK_S = 5.0  # progress and an answer every 5 s, as the client's chunk
LESSONS_EVERY = 4  # ticks between lesson lists


@dataclass
class Figures:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def note(self, call: str, started: float, ok: bool) -> None:
        self.latencies[call].append(time.perf_counter() - started)
        if not ok:
            self.errors[call] += 1


def complete_lessons(database_url: str, enrollment_ids: list[int]) -> None:
    """LEARN-5 holds for every trainee, so that each may open an exam attempt."""
    engine = create_engine(database_url)
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as db:
        for enrollment in db.scalars(select(Enrollment).where(Enrollment.id.in_(enrollment_ids))):
            mark_course_watched(db, enrollment, now)
        db.commit()
    engine.dispose()


async def trainee(
    api: str, spec: dict[str, Any], stop_at: float, figures: Figures, rng: random.Random
) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=api, timeout=30, limits=limits) as http:
        await asyncio.sleep(rng.uniform(0, TICK_S))  # trainees do not arrive in step

        async def call(name: str, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
            started = time.perf_counter()
            try:
                response = await http.request(method, path, **kwargs)
            except httpx.HTTPError:
                figures.note(name, started, False)
                return None
            figures.note(name, started, response.status_code < 300)
            return response

        login = await call(
            "POST /auth/login",
            "POST",
            "/auth/login",
            json={"id_number": spec["id_number"], "password": spec["password"], "agree": True},
        )
        if login is None or login.status_code != 200:
            return
        body = login.json()
        headers = {"Authorization": f"Bearer {body['token']}"}
        lessons_path = f"/enrollments/{spec['enrollment']}/lessons"
        listed = await call("GET lessons", "GET", lessons_path, headers=headers)
        if listed is None or listed.status_code != 200:
            return
        lessons = [(int(x["id"]), float(x["duration_s"])) for x in listed.json()]
        # Half the trainees take the exam, half watch lessons: one trainee has one clock,
        # and study during one's own attempt is refused (PROG-5).
        attempt = None
        if spec["takes_exam"]:
            # The exam starts on a passed exam check of this login (not what is measured).
            await asyncio.to_thread(
                give_face_checks, spec["database_url"], [spec["id_number"]], dt.timedelta(0),
                "exam",
            )  # fmt: skip
            attempt = await call("POST attempts", "POST",
                                 f"/enrollments/{spec['enrollment']}/attempts",
                                 headers=headers)  # fmt: skip
        opened = attempt is not None and attempt.status_code == 201
        questions = attempt.json()["questions"] if attempt is not None and opened else []
        answers_path = (
            f"/attempts/{attempt.json()['id']}/answers/" if opened and attempt else ""
        )
        lesson_index, position, tick = 0, 0.0, 0
        while time.perf_counter() < stop_at:
            await asyncio.sleep(TICK_S)
            if questions:
                question = rng.choice(questions)
                answer = [rng.choice(question["options"])["key"]]
                await call("PUT answer", "PUT", answers_path + question["id"],
                           json={"answer": answer}, headers=headers)  # fmt: skip
            else:
                lesson_index, position = await watch(
                    http, spec, body["session_id"], headers, lessons, lesson_index, position,
                    figures,
                )  # fmt: skip
            tick += 1
            if tick % LESSONS_EVERY == 0:
                await call("GET lessons", "GET", lessons_path, headers=headers)


async def watch(
    http: httpx.AsyncClient,
    spec: dict[str, Any],
    session_id: str,
    headers: dict[str, str],
    lessons: list[tuple[int, float]],
    lesson_index: int,
    position: float,
    figures: Figures,
) -> tuple[int, float]:
    """One tick of a lesson as progress: the next (lesson, position)."""
    now = dt.datetime.now(dt.UTC)
    lesson_id, duration = lessons[lesson_index % len(lessons)]
    to_s = min(position + TICK_S, duration)
    event = {
        "event_id": str(uuid.uuid4()),
        "session_id": session_id,
        "lesson_id": lesson_id,
        "from_s": position,
        "to_s": to_s,
        "started_at": (now - dt.timedelta(seconds=TICK_S)).isoformat(),
        "ended_at": now.isoformat(),
        "face_check_id": spec["check"],
    }
    started = time.perf_counter()
    try:
        sent = await http.post("/progress", json={"events": [event]}, headers=headers)
        ok = sent.status_code == 200 and sent.json()["results"][0]["status"] == "credited"
    except httpx.HTTPError:
        ok = False
    figures.note("POST /progress", started, ok)
    return lesson_index + (to_s >= duration), 0.0 if to_s >= duration else to_s


def summarise(figures: Figures, elapsed: float) -> dict[str, dict[str, float]]:
    rows: dict[str, dict[str, float]] = {}
    everything: list[float] = []
    for name, latencies in sorted(figures.latencies.items()):
        everything += latencies
        rows[name] = row(latencies, figures.errors[name], elapsed)
    rows["all"] = row(everything, sum(figures.errors.values()), elapsed)
    return rows


def row(latencies: list[float], errors: int, elapsed: float) -> dict[str, float]:
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "errors": errors,
    }


def run_one(label: str, database_url: str | None, clients: int, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="cedu-load-") as folder:
        saved = os.environ.get("CEDU_DATABASE_URL")
        if database_url:
            os.environ["CEDU_DATABASE_URL"] = database_url
        port = free_port()
        server = start_server(Path(folder), port)
        try:
            api = f"http://127.0.0.1:{port}/api/v1"
            url = database_url or f"sqlite:///{folder}/cedu.sqlite3"
            trainees = prepare_trainees(api, clients)
            # Just made: the run's stretches end within FACE-5's periodic limit after it.
            checks = give_face_checks(url, [t[0] for t in trainees], dt.timedelta(seconds=5))
            complete_lessons(url, [t[2] for t in trainees])
            specs = [
                {"id_number": i, "password": p, "enrollment": e, "check": checks[i],
                 "takes_exam": n % 2 == 0, "database_url": url}
                for n, (i, p, e) in enumerate(trainees)
            ]
            figures = Figures()
            rng = random.Random(9)
            began = time.perf_counter()
            stop_at = began + seconds

            async def everyone() -> None:
                await asyncio.gather(*(trainee(api, s, stop_at, figures, rng) for s in specs))

            asyncio.run(everyone())
            return {"db": label, "clients": clients, "seconds": seconds,
                    "calls": summarise(figures, time.perf_counter() - began)}  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=60)
            if database_url:
                if saved is None:
                    os.environ.pop("CEDU_DATABASE_URL", None)
                else:
                    os.environ["CEDU_DATABASE_URL"] = saved


def print_table(result: dict[str, Any]) -> None:
    print(f"\n{result['db']}: {result['clients']} trainees, {result['seconds']:.0f} s, "
          f"{os.cpu_count()} cores, server and load on one machine")  # fmt: skip
    print(f"{'call':18} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, figures in result["calls"].items():
        print(
            f"{name:18} {figures['requests']:9.0f} {figures['rps']:8.1f} "
            f"{figures['p50_ms']:8.1f} {figures['p99_ms']:8.1f} {figures['errors']:7.0f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--db", default="sqlite,postgres")
    args = parser.parse_args(argv)
    results = []
    for database in args.db.split(","):
        if database == "sqlite":
            results.append(run_one("SQLite", None, args.clients, args.seconds))
        else:
            with postgres_cluster() as cluster:
                if not isinstance(cluster, PostgresCluster):
                    print(f"PostgreSQL skipped: {cluster}")
                    continue
                results.append(
                    run_one("PostgreSQL", cluster.new_database(), args.clients, args.seconds)
                )
        print_table(results[-1])
    print(json.dumps(results))


if __name__ == "__main__":
    main()
