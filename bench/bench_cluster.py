"""Benchmark: progress through nginx with 1, 2 and 3 `cedu-server` processes on one
PostgreSQL, and the CPU a megabyte of lesson video costs through Python vs through nginx.

    .venv/bin/python bench/bench_cluster.py [--processes 1,2,3] [--clients 200]
        [--seconds 15] [--video-mb 200] [--file-mb 50]   (--clients 0: video only)

Each row starts its own cluster (tests/support/cluster.py: PostgreSQL, N processes,
Debian's nginx with deploy/nginx's locations), makes `--clients` trainees with a passed
face check, then loads POST /progress (batches of 20) through nginx, as bench_progress
does: back to back (capacity: events/s; its latency is Little's law) and paced at
2,000 events/s (the p99 that matters). Server, PostgreSQL and nginx CPU are per request.
On 2 cores the load generator, nginx, PostgreSQL and the servers share them: the ratio of
the N=2 and N=3 rows to N=1 shows where the cores run out.

Video: the first lesson (replaced by a --file-mb file, lesson-sized) downloaded whole,
again and again, until --video-mb, through
nginx (X-Accel-Redirect: Python only checks each link) and straight from a server
process without CEDU_MEDIA_ACCEL_PREFIX (Python sends the bytes); CPU ms per MB of each.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx
from bench_progress import (
    BATCH,
    cpu_seconds,
    lessons_and_sessions,
    measure,
    postmaster_pid,
)
from bench_server import ADMIN_PASSWORD, prepare_trainees
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.cluster import Cluster, cluster
from tests.support.face_checks import give_face_checks
from tests.support.postgres import PostgresCluster, postgres_cluster

TARGET_EPS = 2000.0


def nginx_cpu(running: Cluster) -> float:
    pid = int((running.root / "nginx" / "nginx.pid").read_text())
    return cpu_seconds(pid, children=True)


def servers_cpu(running: Cluster) -> float:
    return sum(cpu_seconds(s.pid) for s in running.servers if s.process.poll() is None)


def progress_rows(running: Cluster, pg_pid: int | None, args: argparse.Namespace) -> list[str]:
    trainees = prepare_trainees(running.api, args.clients)
    checks = give_face_checks(running.database_url, [t[0] for t in trainees])
    lessons, _ = lessons_and_sessions(running.database_url)
    with httpx.Client(base_url=running.api, timeout=60) as http:
        specs: list[dict[str, object]] = [
            {
                "token": http.post(
                    "/auth/login", json={"id_number": i, "password": p, "agree": True}
                ).json()["token"],
                "lessons": lessons,
                "check": checks[i],
            }
            for i, p, _ in trainees
        ]
    _, sessions = lessons_and_sessions(running.database_url)
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1, minutes=50)
    for spec, (id_number, _p, _e) in zip(specs, trainees, strict=True):
        spec.update(session=sessions[id_number], started=started, position=0)
    every_s = args.clients * BATCH / (TARGET_EPS * 1.02)
    rows = []
    for load, every in (("back to back", 0.0), (f"1 per {every_s:.2g} s", every_s)):
        before = (
            servers_cpu(running),
            cpu_seconds(pg_pid, True) if pg_pid else 0,
            nginx_cpu(running),
        )
        row = asyncio.run(measure(running.api, specs, args.seconds, False, every))
        after = (
            servers_cpu(running),
            cpu_seconds(pg_pid, True) if pg_pid else 0,
            nginx_cpu(running),
        )
        cpu = [1000 * (a - b) / row["requests"] for a, b in zip(after, before, strict=True)]
        rows.append(
            f"{len(running.servers):9} {load:13} {row['eps']:7.0f} {row['p50']:7.1f} "
            f"{row['p99']:7.1f} {row['errors']:6.0f} {cpu[0]:7.2f} {cpu[1]:6.2f} {cpu[2]:6.2f}"
        )
        print(rows[-1], flush=True)
    return rows


def download(url: str, megabytes: float) -> float:
    """Whole downloads of `url` until `megabytes` went by; the MB actually read."""
    got = 0
    with httpx.Client(timeout=60) as http:
        while got < megabytes * 1e6:
            with http.stream("GET", url) as answer:
                assert answer.status_code == 200, answer.status_code
                for chunk in answer.iter_bytes(256 * 1024):
                    got += len(chunk)
    return got / 1e6


def video_rows(running: Cluster, args: argparse.Namespace) -> None:
    with httpx.Client(base_url=running.api, timeout=60) as http:
        token = http.post(
            "/auth/login",
            json={"id_number": "530102198001010015", "password": "12345678", "agree": True},
        ).json()["token"]
        # The forced password change first (ACC-2), as any client does.
        http.post(
            "/auth/password",
            headers={"Authorization": f"Bearer {token}"},
            json={"old_password": "12345678", "new_password": "Anquan2026!"},
        )
        token = http.post(
            "/auth/login",
            json={"id_number": "530102198001010015", "password": "Anquan2026!", "agree": True},
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        enrollment = http.get("/me", headers=headers).json()["enrollments"][0]["id"]
        url = http.get(f"/enrollments/{enrollment}/lessons", headers=headers).json()[0]["media"][
            "url"
        ]
    # A lesson-sized file in place of the first short demo video (a link to the shared
    # folder's: unlinked first), so per-request costs do not hide the per-MB ones.
    lesson_id = int(urllib.parse.urlsplit(url).path.rsplit("/", 1)[1])
    with create_engine(running.database_url).connect() as db:
        name = db.execute(
            text("SELECT media_file FROM lessons WHERE id = :i"), {"i": lesson_id}
        ).scalar_one()
    video = running.media_dir / name
    video.unlink()
    video.write_bytes(os.urandom(args.file_mb * 1_000_000))
    # A process of its own with no X-Accel-Redirect: Python sends every byte.
    env = {k: v for k, v in running.env.items() if k != "CEDU_MEDIA_ACCEL_PREFIX"}
    plain = Cluster(running.root, running.database_url, running.media_dir, running.nginx_port, env)
    server = plain.start_server()
    try:
        plain.wait_ready(server)
        direct = urllib.parse.urlsplit(url)._replace(netloc=f"127.0.0.1:{server.port}").geturl()
        for name, target, cpu_of in (
            ("through nginx", url, lambda: (servers_cpu(running), nginx_cpu(running))),
            ("through Python", direct, lambda: (cpu_seconds(server.pid), 0.0)),
        ):
            before = cpu_of()
            started = time.perf_counter()
            megabytes = download(target, args.video_mb)
            wall = time.perf_counter() - started
            after = cpu_of()
            python_ms, nginx_ms = (
                1000 * (a - b) / megabytes for a, b in zip(after, before, strict=True)
            )
            print(
                f"video {name:15} {megabytes:7.0f} MB {megabytes / wall:7.1f} MB/s "
                f"Python {python_ms:6.2f} ms/MB  nginx {nginx_ms:6.2f} ms/MB",
                flush=True,
            )
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", default="1,2,3")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--video-mb", type=float, default=200.0, help="MB downloaded each way")
    parser.add_argument("--file-mb", type=int, default=50, help="size of the lesson file")
    args = parser.parse_args()
    print(
        f"{args.clients} clients, batches of {BATCH}, {args.seconds:.0f} s each, "
        f"{os.cpu_count()} cores, load average before: {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'processes':9} {'each client':13} {'ev/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'servers':>7} {'db':>6} {'nginx':>6}  (CPU ms per request)"
    )
    with (
        tempfile.TemporaryDirectory(prefix="cedu-bench-media-") as folder,
        postgres_cluster() as pg,
    ):
        media = Path(folder)
        if not isinstance(pg, PostgresCluster):
            sys.exit(f"PostgreSQL: {pg}")
        counts = [int(n) for n in args.processes.split(",")]
        for count in counts:
            # No exams here: the sweeps stay out of the figures.
            quiet = {"CEDU_EXAM_SWEEP_S": "3600", "CEDU_ADMIN_PASSWORD": ADMIN_PASSWORD}
            with cluster(pg.new_database(), media, processes=count, env=quiet) as running:
                if args.clients:
                    progress_rows(running, postmaster_pid(pg), args)
                if count == counts[-1] and args.video_mb:
                    video_rows(running, args)
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
