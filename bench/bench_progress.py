"""Benchmark: progress ingestion (POST /progress, batches of 20) with 200 concurrent
clients on loopback, on SQLite and on PostgreSQL, against the bare /health endpoint in
the same run.

    .venv/bin/python bench/bench_progress.py [--clients 200] [--seconds 15] [--db sqlite,postgres]

Each client is a trainee with a passed face check (written straight into the database:
face checks are not what is measured here) sending consecutive one-second stretches of
its lessons, 20 per request, as fast as the server answers. Prints events per second,
p50/p99 latency per request, and errors. Target on this 2-core machine: 2,000 events a
second with p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from bench_server import free_port, prepare_trainees, start_server
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.server.models import AuthSession, FaceCheck, Lesson, Trainee
from tests.support.postgres import PostgresCluster, postgres_cluster

BATCH = 20


def give_face_checks(database_url: str, id_numbers: list[str]) -> dict[str, str]:
    """A passed check two hours ago for each trainee: {id_number: check_id}."""
    engine = create_engine(database_url)
    checks = {}
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    with Session(engine) as db:
        for id_number in id_numbers:
            trainee_id = db.scalar(select(Trainee.id).where(Trainee.id_number == id_number))
            check_id = str(uuid.uuid4())
            db.add(
                FaceCheck(
                    id=check_id,
                    trainee_id=trainee_id,
                    purpose="lesson_start",
                    started_at=at,
                    ended_at=at,
                    received_at=at,
                    passed=True,
                    distance=0.4,
                    liveness_method="blink",
                    liveness_passed=True,
                )
            )
            checks[id_number] = check_id
        db.commit()
    engine.dispose()
    return checks


def lessons_and_sessions(database_url: str) -> tuple[list[tuple[int, float]], dict[str, str]]:
    engine = create_engine(database_url)
    with Session(engine) as db:
        lessons = [
            (lesson.id, lesson.duration_s)
            for lesson in db.scalars(select(Lesson).where(Lesson.trade_code == "SGY"))
        ]
        sessions = {}
        for auth, id_number in db.execute(
            select(AuthSession, Trainee.id_number)
            .join(Trainee, AuthSession.trainee_id == Trainee.id)
            .where(AuthSession.replaced_at.is_(None), AuthSession.ended_at.is_(None))
        ):
            sessions[id_number] = auth.id
    engine.dispose()
    return lessons, sessions


async def measure(
    api: str, clients: list[dict[str, object]], seconds: float, health: bool
) -> dict[str, float]:
    latencies: list[float] = []
    events = 0
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def client(spec: dict[str, object]) -> None:
        nonlocal events, errors
        headers = {"Authorization": f"Bearer {spec['token']}"}
        lessons: list[tuple[int, float]] = spec["lessons"]  # type: ignore[assignment]
        started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1, minutes=50)
        stretches = [
            (lesson_id, s) for lesson_id, duration in lessons for s in range(int(duration))
        ]
        position = 0
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(base_url=api, timeout=30, limits=limits) as http:
            while time.perf_counter() < stop_at:
                if health:
                    t0 = time.perf_counter()
                    ok = (await http.get("/health")).status_code == 200
                    latencies.append(time.perf_counter() - t0)
                    errors += not ok
                    continue
                batch = []
                for _ in range(BATCH):
                    lesson_id, second = stretches[position % len(stretches)]
                    at = started + dt.timedelta(seconds=position)
                    batch.append(
                        {
                            "event_id": str(uuid.uuid4()),
                            "session_id": spec["session"],
                            "lesson_id": lesson_id,
                            "from_s": second,
                            "to_s": second + 1,
                            "started_at": at.isoformat(),
                            "ended_at": (at + dt.timedelta(seconds=1)).isoformat(),
                            "face_check_id": spec["check"],
                        }
                    )
                    position += 1
                t0 = time.perf_counter()
                response = await http.post("/progress", json={"events": batch}, headers=headers)
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200:
                    errors += 1
                    continue
                results = response.json()["results"]
                events += sum(r["status"] != "refused" for r in results)
                errors += sum(r["status"] == "refused" for r in results)

    began = time.perf_counter()
    await asyncio.gather(*(client(spec) for spec in clients))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "eps": events / elapsed,
        "p50": 1000 * statistics.median(ordered),
        "p99": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "errors": errors,
    }


def run_one(database: str, database_url: str | None, clients: int, seconds: float) -> None:
    with tempfile.TemporaryDirectory(prefix="cedu-bench-") as folder:
        env = {"CEDU_DATABASE_URL": database_url} if database_url else {}
        os.environ.update(env)
        port = free_port()
        server = start_server(Path(folder), port)
        try:
            api = f"http://127.0.0.1:{port}/api/v1"
            url = database_url or f"sqlite:///{folder}/cedu.sqlite3"
            trainees = prepare_trainees(api, clients)
            checks = give_face_checks(url, [t[0] for t in trainees])
            lessons, sessions = lessons_and_sessions(url)
            with httpx.Client(base_url=api, timeout=60) as http:
                specs = [
                    {
                        "token": http.post(
                            "/auth/login",
                            json={"id_number": id_number, "password": password, "agree": True},
                        ).json()["token"],
                        "lessons": lessons,
                        "check": checks[id_number],
                    }
                    for id_number, password, _ in trainees
                ]
            _lessons, sessions = lessons_and_sessions(url)
            for spec, (id_number, _p, _e) in zip(specs, trainees, strict=True):
                spec["session"] = sessions[id_number]
            base = asyncio.run(measure(api, specs, seconds, health=True))
            load = asyncio.run(measure(api, specs, seconds, health=False))
            print(
                f"{database:9} /health  {base['rps']:8.1f} req/s  p50 {base['p50']:7.1f} ms  "
                f"p99 {base['p99']:7.1f} ms  errors {base['errors']:.0f}"
            )
            print(
                f"{database:9} progress {load['eps']:8.1f} ev/s   p50 {load['p50']:7.1f} ms  "
                f"p99 {load['p99']:7.1f} ms  errors {load['errors']:.0f}  "
                f"({load['rps']:.1f} req/s = {load['rps'] / base['rps']:.2f} of /health)"
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
            for key in env:
                os.environ.pop(key, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--db", default="sqlite,postgres")
    args = parser.parse_args()
    print(
        f"{args.clients} clients, batches of {BATCH}, {args.seconds:.0f} s each, "
        f"{os.cpu_count()} cores, server and load on one machine"
    )
    for database in args.db.split(","):
        if database == "sqlite":
            run_one("SQLite", None, args.clients, args.seconds)
        else:
            with postgres_cluster() as cluster:
                if not isinstance(cluster, PostgresCluster):
                    print(f"PostgreSQL skipped: {cluster}")
                    continue
                run_one("Postgres", cluster.new_database(), args.clients, args.seconds)


if __name__ == "__main__":
    main()
