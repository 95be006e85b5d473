"""Benchmark: progress ingestion (POST /progress, batches of 20) with 200 concurrent
clients on loopback, on SQLite and on PostgreSQL, against the bare /health endpoint in
the same run.

    .venv/bin/python bench/bench_progress.py [--clients 200] [--seconds 15]
        [--db sqlite,postgres] [--loads paced,back-to-back] [--target-eps 2000]
        [--target-p99-ms 100] [--pace-margin 0.02] [--count-statements 40]

With no options it runs the target's test (the paced load) on both databases, about 6
minutes, and ends with the target's row of each database together, with the load average
and PostgreSQL's statements per batch: the lines to copy into a note.

Each client is a trainee with a passed face check (written straight into the database:
face checks are not what is measured here) sending consecutive one-second stretches of
its lessons, 20 per request, over one keep-alive connection spoken by hand (httpx cost
more CPU than the server's answer, on the same two cores). Two loads, each for /health
and then /progress:

- back to back: every client sends its next request as soon as the answer is in. This
  measures capacity; latency then is only Little's law, clients / throughput (200
  clients at 1,000 req/s wait 200 ms even on /health), so its p99 says nothing.
- paced: every client sends one request every clients*20/target-eps seconds (2 s: 200
  clients x 20 events / 2 s = 2,000 events a second), from a random phase; latency
  counts from when a request was due. This is the target's test: 2,000 events a second
  with p99 under 100 ms (the "target" column). The load is paced 2 % above the target
  (--pace-margin) and throughput counts the answers within the window, over the window:
  at exactly the target, the answers after the window's end left it at 1985-1992.
  "vs /health" is req/s over /health's under the same load.

On PostgreSQL the run ends by counting the statements of 40 batches (log_statement = all,
after the load): the pool's ping, BEGIN, COMMIT and each statement of a pipeline count.

Each run first stores 100,000 older events and ANALYZEs (--history): a fresh PostgreSQL
database kept the sequential scans it planned while progress_events was nearly empty
(7 million rows read in 10 s of load; 7.4 ms of database CPU per request instead of 1.8).
The last three columns are CPU per request of the server, of PostgreSQL's processes and
of this load generator: they move least when other work shares the cores.

December, the one clock in place (PROG-5: each batch also reads the trainee's credited
wall time and exam attempts near it): paced load, both databases, alternated in one go
(03:40-04:33 UTC, 7 Dec) with main before these changes (c81f057) and with 857e30f (the
November figures below; its own bench script from a git worktree, PYTHONPATH set to it),
load average 2.8-10 from other engineers' tests on the 2 cores (and, in two "after" runs,
py-spy or my own tests). CPU in ms per request, each run's figure:

    POST /progress   server                          db                    statements
    Postgres before  5.53 6.17 6.54 6.62 7.13 7.40   1.68 2.01 2.04 2.19 2.21 2.22   11
    Postgres after   4.66 5.03 5.41 5.63 5.86 5.89   1.99 2.10 2.17 2.23 2.26 2.39   7
    Postgres 857e30f 6.08                            2.14                  11
    SQLite   before  5.20 5.59 5.63 6.02 6.29 7.08
    SQLite   after   5.54 6.49 (and 5.29-6.55 in 4 runs with the key update below)
    SQLite   857e30f 6.16

PostgreSQL's server CPU per request after/before, run by run against the run next to it:
0.71 0.76 0.80 0.82 0.86 0.90 1.06 (median 0.82); its own CPU unchanged. SQLite: no change
that this noise shows. Paced p99 on PostgreSQL 102-5150 ms before, 100-5886 ms after: at
load 4-10 the tail is the other work's. Then, as the machine quietened (04:33-04:40, load
2.1-4.7), PostgreSQL alone, alternated: after 5.17 and 5.24 ms (db 2.11, 2.10), the target
met both times (2032 and 2031 events/s, p99 69.6 and 87.7 ms, p50 16-21 ms); before 6.54
and 5.95 ms (db 1.97, 1.87), missed both times (p99 108 and 1420 ms), as in its quietest
run above (5.53 ms, p99 101.9 ms at load 2.7). SQLite was not run in those minutes. The
final figures need a quiet machine (one command: the default run). What the profile showed
(py-spy --gil on the server under the paced load, PostgreSQL) and what was cut:
- a tenth of the samples in psycopg's ListDumper: the INSERT ... SELECT FROM unnest() of
  13 arrays, dumped item by item in Python. Now every write of a batch is one statement,
  the events and the touched progress rows each as one JSON text (json_populate_recordset;
  the progress rows upserted, ON CONFLICT on their key): one statement instead of an
  insert and an UPDATE per lesson, and json.dumps in C.
- every request went to a threadpool thread and back before its endpoint ran:
  get_context, a sync dependency of every route, is async now (the batch itself still
  runs on a thread, one trip).
- the stored ids, sessions, supervisions, exam attempts and passed checks are one UNION
  ALL query (three before): 7 statements a batch counted by log_statement (the pool's
  ping, BEGIN, the login, 2 reads, 1 write, COMMIT), 11 before.
- the progress login no longer loads the trainee's photo and face templates (not in this
  bench: its trainees have no photo; a real trainee's is tens of kilobytes a batch).
- SQLite: a progress row's update set its key columns too (a row dict with the key, given
  to an UPDATE, adds them to its SET), for a while within these changes; fixed and tested.
PostgreSQL's own CPU hardly moved with 4 statements fewer (inserting the 20 rows and their
two indexes, the commit); the rest of the server's is spread thin: the event loop (h11,
the middlewares, the body's validation) about a third, the ORM login a tenth, judging the
events a tenth.

Three runs, 15 s per row, 2 cores shared with other agents (load average 2.5-6.2):

    database request         each client   req/s  ev/s      p50 ms     p99 ms   server  db
    SQLite   GET /health     back to back  1477-1733          102-116   222-339  0.5
    SQLite   POST /progress  back to back   195-224  3894-4486  888-1015 1010-1365 4.1-4.4
    SQLite   GET /health     1 per 2 s          100            1.7-2.1   3.9-60   0.8-1.0
    SQLite   POST /progress  1 per 2 s       91-100  1814-1996  24-1682  307-3103 4.7-5.2
    Postgres GET /health     back to back  1145-1421          119-131   479-730  0.6
    Postgres POST /progress  back to back   122-127  2440-2532 1488-1522 2069-2359 5.2-5.9 1.8
    Postgres GET /health     1 per 2 s          100            1.9-2.2  15-72    0.9-1.0
    Postgres POST /progress  1 per 2 s       88-100  1755-2005  17-2028  246-2698 4.9-5.7 1.7

Paced, 3 runs each, alternated with the code before (git worktree at 6e9d6b7, same bench
script), load average 4.5-11 (other agents' tests and CPU burners on the 2 cores):

    POST /progress   ev/s       p50 ms   p99 ms    server     db         statements
    Postgres before  2033-2045  18-728   84-2194   5.37-6.09  1.86-1.90  33 in 14 round trips
    Postgres after   2027-2033  19-26    189-615   4.72-4.95  1.62-1.68  11 in 11 round trips
    SQLite   before  2043-2045  24-2454  553-6874  5.03-5.58
    SQLite   after   2032-2043  10-36    42-398    3.86-4.96

(CPU in ms per request; a bench batch spans two lessons, an UPDATE each. Three more runs
after, load 2.1-5.7: PostgreSQL p50 10.9-15.7 ms, p99 47-344 ms (target met in 2 of 3, and
in a fourth run, p99 96 ms, when autovacuum of progress_events ran during the load),
server 4.33-5.15, db 1.54-1.86; SQLite p50 8.8-14.8, p99 58-542, server 4.50-5.16. An
earlier alternated set with only the statement changes: server
5.43-5.73 -> 4.95-5.51, db 1.78-1.90 -> 1.70-1.82.) What each change saved: the login
query locking the trainee row (-1 statement and round trip), lessons read with their
progress rows and each face check with the first failed check after it (-2), the events
in one INSERT ... SELECT FROM unnest(arrays) (-19 statements, one round trip as before:
psycopg pipelined the executemany). SQLAlchemy's insertmanyvalues (one 20-row VALUES
list) was tried first: a quarter of the server's CPU went into psycopg re-parsing its 260
parameters every batch (it caches the parsing of statements up to 50). The p99s above are
the machine's: at load 5-11 the server's half core is not its own. The tail that was the
server's: full garbage collections walking ~195,000 objects made at startup, 95-102 ms
each (gc.callbacks in the server: 3 in one bench run's life); cedu-server now freezes
them before serving (full collections under the paced load: 6-13 ms).

Tried and left out: uvloop + httptools (a --target folder on PYTHONPATH, 2 alternated
runs: /health 0.80 vs 0.99-1.18 ms, /progress 4.48-4.54 vs 4.41-5.93 ms: within the noise,
and 16 MB more for the bundle); sys.setswitchinterval(1 ms) (2 runs each: no difference
visible at load 6-11).

Single paced runs in quieter minutes, before the changes above: SQLite p50 14.5 ms, p99
134 ms (load 4.3); PostgreSQL p50 23 ms, p99 118 ms (load 3.4); on an idle machine (load
0.4) SQLite p99 42 ms.
2,000 events a second is 100 requests a second at about 7.3 ms of CPU each (server 5,
PostgreSQL 1.8, load 0.5): three quarters of a core, and 80 % of what the server gets
back to back on PostgreSQL while other work shares the cores; at that utilisation the
tail is the machine's, not the request's (/health's own paced p99 reached 72 ms).

Before this (session and lock per dependency and endpoint: two transactions and two
pooled connections per request, 40 threads): PostgreSQL back to back 1930 events/s at
9.9 ms of server CPU per request, paced p50 86 ms, p99 400-900 ms; SQLite 3533 events/s
at 5.8 ms.

Before the batch was judged as a set (savepoint per event, SQLite writers sleeping in its
busy handler, httpx load): /health 735 req/s, POST /progress 12.8 req/s = 255 events/s,
p50 8.4 s, p99 14.9 s.
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
import urllib.parse
import uuid
from pathlib import Path

import httpx
from bench_server import free_port, prepare_trainees, start_server
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.server.models import AuthSession, Lesson, ProgressEvent, Trainee
from tests.support.face_checks import give_face_checks
from tests.support.postgres import PostgresCluster, postgres_cluster

BATCH = 20


def add_history(database_url: str, rows: int) -> None:
    """`rows` events received yesterday, then ANALYZE: a server in use, not a fresh one.

    On a fresh PostgreSQL database the statements prepared while progress_events was
    nearly empty keep their sequential scans (the plan is cached per connection until the
    next ANALYZE, which autovacuum runs a minute later at the earliest): the first 10 s of
    load read 7 million rows to find 20 event ids per batch (pg_stat_user_tables)."""
    engine = create_engine(database_url)
    events = ProgressEvent.__table__
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with engine.begin() as db:
        trainee_ids = list(db.scalars(select(Trainee.id)))
        for start in range(0, rows, 10_000):
            db.execute(
                events.insert(),
                [
                    {
                        "event_id": str(uuid.uuid4()),
                        "trainee_id": trainee_ids[n % len(trainee_ids)],
                        "session_id": str(uuid.uuid4()),
                        "lesson_id": 1,
                        "from_s": 0.0,
                        "to_s": 1.0,
                        "started_at": yesterday,
                        "ended_at": yesterday,
                        "status": "refused",
                        "reason": "bad_interval",
                        "received_at": yesterday,
                    }
                    for n in range(start, min(rows, start + 10_000))
                ],
            )
    with engine.connect() as db:
        db.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    engine.dispose()


def lessons_and_sessions(database_url: str) -> tuple[list[tuple[int, float]], dict[str, str]]:
    """The SGY lessons, and each trainee's live session, dated back two hours: the events
    replay study from then, and a stretch older than its session is refused (a clock
    moved back)."""
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
            auth.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        db.commit()
    engine.dispose()
    return lessons, sessions


class Connection:
    """One keep-alive HTTP/1.1 connection, spoken by hand: httpx costs several times the
    CPU of the request it sends, and the load generator shares the server's two cores."""

    def __init__(self, host: str, port: int, prefix: str) -> None:
        self.host, self.port, self.prefix = host, port, prefix
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, token: str | None = None, body: bytes = b""
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"{method} {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}\r\n"
        if token:
            head += f"Authorization: Bearer {token}\r\n"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        status = int((await self.reader.readline()).split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def progress_body(spec: dict[str, object], position: int) -> bytes:
    """The next batch of one-second stretches of the client's lessons."""
    lessons: list[tuple[int, float]] = spec["lessons"]  # type: ignore[assignment]
    stretches = [(lesson_id, s) for lesson_id, duration in lessons for s in range(int(duration))]
    started: dt.datetime = spec["started"]  # type: ignore[assignment]
    batch = []
    for n in range(position, position + BATCH):
        lesson_id, second = stretches[n % len(stretches)]
        at = started + dt.timedelta(seconds=n)
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
    return json.dumps({"events": batch}).encode()


def _stat(pid: int | str) -> list[str]:
    """/proc/PID/stat's fields after the command name (field 3 on)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int, children: bool = False) -> float:
    """User and system CPU time of a process so far (Linux); with `children`, also that of
    its children, live (PostgreSQL's backends) and ended."""
    fields = _stat(pid)
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and int((child := _stat(entry.name))[1]) == pid:
                    ticks += int(child[11]) + int(child[12])
            except (OSError, IndexError):
                continue  # ended meanwhile
    return ticks / os.sysconf("SC_CLK_TCK")


async def measure(
    api: str, clients: list[dict[str, object]], seconds: float, health: bool, every_s: float
) -> dict[str, float]:
    """Each client sends, one request at a time, back to back (every_s 0: saturation) or
    one request every `every_s` seconds from a random phase (a paced, open load).
    Latency counts from when a paced request was due, so a slow server is not excused
    by sending less (no coordinated omission). Throughput counts the answers that came
    within the `seconds` window, over the window: the last requests' answers, after it,
    are in the latencies only."""
    url = urllib.parse.urlsplit(api)
    latencies: list[float] = []
    events = 0  # credited in answers that came within the window
    answered = 0  # requests answered within the window
    errors = 0
    began = time.perf_counter()
    stop_at = began + seconds

    async def client(spec: dict[str, object]) -> None:
        nonlocal events, answered, errors
        connection = Connection(url.hostname or "", url.port or 80, url.path)
        due = began + random.uniform(0, every_s)
        try:
            while (now := time.perf_counter()) < stop_at:
                if every_s:
                    if due >= stop_at:
                        break
                    if due > now:
                        await asyncio.sleep(due - now)
                else:
                    due = now
                if health:
                    status, answer = await connection.request("GET", "/health")
                else:
                    body = progress_body(spec, spec["position"])  # type: ignore[arg-type]
                    spec["position"] += BATCH  # type: ignore[operator]
                    status, answer = await connection.request(
                        "POST", "/progress", str(spec["token"]), body
                    )
                latencies.append((answered_at := time.perf_counter()) - due)
                credited = 0 if health or status != 200 else answer.count(b'"credited"')
                # A failed request, or an event of the batch not credited.
                errors += status != 200 or (not health and credited != BATCH)
                if answered_at <= stop_at:
                    answered += 1
                    events += credited
                due += every_s
        finally:
            connection.close()

    await asyncio.gather(*(client(spec) for spec in clients))
    ordered = sorted(latencies)
    return {
        "rps": answered / seconds,
        "eps": events / seconds,
        "p50": 1000 * statistics.median(ordered),
        "p99": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "errors": errors,
        "requests": len(ordered),
    }


def statements_per_batch(
    cluster: PostgresCluster, api: str, specs: list[dict[str, object]], batches: int
) -> float:
    """Statements PostgreSQL runs per POST /progress, over `batches` batches sent one at a
    time with log_statement = all: the pool's ping, BEGIN and COMMIT count, and each
    statement of a pipeline (one round trip) counts."""
    import psycopg  # the postgres extra

    admin = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"

    def log_all(on: bool) -> None:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(
                "ALTER SYSTEM SET log_statement = 'all'"
                if on
                else "ALTER SYSTEM RESET log_statement"
            )
            db.execute("SELECT pg_reload_conf()")
        time.sleep(0.5)  # the backends read the configuration between statements

    async def send() -> None:
        url = urllib.parse.urlsplit(api)
        connection = Connection(url.hostname or "", url.port or 80, url.path)
        try:
            for n in range(batches):
                spec = specs[n % len(specs)]
                body = progress_body(spec, spec["position"])  # type: ignore[arg-type]
                spec["position"] += BATCH  # type: ignore[operator]
                status, _ = await connection.request("POST", "/progress", str(spec["token"]), body)
                assert status == 200, status
        finally:
            connection.close()

    log = cluster.root / "log"
    log_all(True)
    start = log.stat().st_size
    asyncio.run(send())
    time.sleep(0.5)
    logged = log.read_bytes()[start:].decode(errors="replace").splitlines()
    log_all(False)
    statements = [
        line
        for line in logged
        if ("LOG:  statement: " in line or "LOG:  execute " in line)
        and "log_statement" not in line
        and "pg_reload_conf" not in line
    ]
    return len(statements) / batches


LOADS = ("back-to-back", "paced")


def run_one(
    database: str,
    database_url: str | None,
    cluster: PostgresCluster | None,
    args: argparse.Namespace,
) -> list[str]:
    """Runs the loads on one database and prints their rows; returns the target's rows."""
    postgres_pid = postmaster_pid(cluster) if cluster else None
    clients, seconds = args.clients, args.seconds
    with tempfile.TemporaryDirectory(prefix="cedu-bench-") as folder:
        # No exams run here: the exam sweep stays out of the figures. Each client's one
        # face check covers its whole run (FACE-5's periodic limit is still judged per
        # event, with the same query; only its bound is wider than the run).
        env = {"CEDU_EXAM_SWEEP_S": "3600", "CEDU_FACE_CHECK_MAX_S": "14400"}
        if database_url:
            env["CEDU_DATABASE_URL"] = database_url
        os.environ.update(env)
        port = free_port()
        server = start_server(Path(folder), port)
        try:
            api = f"http://127.0.0.1:{port}/api/v1"
            url = database_url or f"sqlite:///{folder}/cedu.sqlite3"
            trainees = prepare_trainees(api, clients)
            checks = give_face_checks(url, [t[0] for t in trainees])
            add_history(url, args.history)
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
            started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1, minutes=50)
            for spec, (id_number, _p, _e) in zip(specs, trainees, strict=True):
                spec.update(session=sessions[id_number], started=started, position=0)
            # A little above the target: what lands within the window is then at least it.
            every_s = clients * BATCH / (args.target_eps * (1 + args.pace_margin))
            runs = []
            if "back-to-back" in args.loads:
                runs += [
                    ("GET /health", "back to back", True, 0.0),
                    ("POST /progress", "back to back", False, 0.0),
                ]
            if "paced" in args.loads:
                runs += [
                    ("GET /health", f"1 per {every_s:.3g} s", True, every_s),
                    ("POST /progress", f"1 per {every_s:.3g} s", False, every_s),
                ]
            rows = []
            summary = []
            for name, load, health, every in runs:
                print(f"{database}: {name}, {load}...", file=sys.stderr, flush=True)
                # CPU per request: what sharing the cores changes least.
                before = (
                    cpu_seconds(server.pid),
                    cpu_seconds(postgres_pid, children=True) if postgres_pid else 0.0,
                    time.process_time(),
                )
                row = asyncio.run(measure(api, specs, seconds, health, every))
                after = (
                    cpu_seconds(server.pid),
                    cpu_seconds(postgres_pid, children=True) if postgres_pid else 0.0,
                    time.process_time(),
                )
                for key, b, a in zip(("cpu_ms", "db_ms", "load_ms"), before, after, strict=True):
                    row[key] = 1000 * (a - b) / row["requests"]
                rows.append((name, load, row))
            for n, (name, load, row) in enumerate(rows):
                health_rps = rows[n - n % 2][2]["rps"]
                target = "-"
                if "progress" in name and "per" in load:  # the target's test
                    met = row["eps"] >= args.target_eps and row["p99"] < args.target_p99_ms
                    target = "met" if met else "MISSED"
                line = (
                    f"{database:9} {name:15} {load:13} {row['rps']:7.1f} "
                    f"{row['eps'] if 'progress' in name else 0:7.0f} {row['p50']:7.1f} "
                    f"{row['p99']:7.1f} {row['errors']:6.0f} {row['rps'] / health_rps:10.2f} "
                    f"{row['cpu_ms']:6.2f} {row['db_ms']:6.2f} {row['load_ms']:6.2f} {target:>6}"
                )
                print(line, flush=True)
                if target != "-":
                    summary.append(line)
            load_after = f"load average after: {os.getloadavg()[0]:.1f}"
            print(load_after, flush=True)
            summary = [f"{line}  ({load_after})" for line in summary]
            if cluster is not None and args.count_statements:
                count = statements_per_batch(cluster, api, specs, args.count_statements)
                print(f"{database}: {count:.1f} statements per POST /progress", flush=True)
                summary.append(f"{database}: {count:.1f} statements per POST /progress")
            return summary
        finally:
            server.terminate()
            server.wait(timeout=60)
            for key in env:
                os.environ.pop(key, None)


def postmaster_pid(cluster: PostgresCluster) -> int | None:
    """The cluster's postmaster, whose children are its backends (CPU per request)."""
    try:
        return int((cluster.root / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--target-eps", type=float, default=2000.0, help="events a second")
    parser.add_argument("--target-p99-ms", type=float, default=100.0, help="paced p99")
    parser.add_argument(
        "--pace-margin", type=float, default=0.02, help="the paced load's excess over the target"
    )
    parser.add_argument("--history", type=int, default=100_000, help="events stored before the run")
    parser.add_argument(
        "--loads", default="paced", help="paced (the target's test, default), back-to-back, or both"
    )
    parser.add_argument(
        "--count-statements",
        type=int,
        default=40,
        metavar="BATCHES",
        help="PostgreSQL: count the statements of this many batches after the load (0: no)",
    )
    args = parser.parse_args()
    args.loads = args.loads.split(",")
    if unknown := set(args.loads) - set(LOADS):
        parser.error(f"unknown load: {', '.join(unknown)}")
    print(
        f"{args.clients} clients, batches of {BATCH}, {args.seconds:.0f} s each, "
        f"{os.cpu_count()} cores, server and load on one machine, "
        f"load average before: {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'database':9} {'request':15} {'each client':13} {'req/s':>7} {'ev/s':>7} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'vs /health':>10} "
        f"{'server':>6} {'db':>6} {'load':>6} {'target':>6}  (CPU ms per request; "
        f"target: {args.target_eps:.0f} events/s with p99 < {args.target_p99_ms:.0f} ms)"
    )
    summary = []
    for database in args.db.split(","):
        if database == "sqlite":
            summary += run_one("SQLite", None, None, args)
        else:
            with postgres_cluster() as cluster:
                if not isinstance(cluster, PostgresCluster):
                    print(f"PostgreSQL skipped: {cluster}")
                    continue
                summary += run_one("Postgres", cluster.new_database(), cluster, args)
    if summary:  # the target's rows of every database together, to copy into a note
        print("\nThe target's test (paced POST /progress), each database:")
        print("\n".join(summary))


if __name__ == "__main__":
    main()
