"""Benchmark: the journal's durable appends, and draining 10,000 events to the server.

    .venv/bin/python bench/bench_sync.py [--appends 2000] [--events 10000] [--dir DIR]

1. Journal appends per second: one progress event per transaction, WAL with
   synchronous=FULL (an fsync per commit), on the disk holding --dir (default: a
   temporary folder under the current directory, so the disk is the project's, not a
   tmpfs). The figure bounds how often the tracker may close a stretch.
2. Drain: `cedu-server --demo` in a subprocess on a free loopback port with a fresh data
   folder; 张三 logs in, `--events` events are journaled, and the sender's drain() sends
   them in batches of 500 until every one is answered. Prints the wall time and events
   per second. Not a test: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_server import free_port, start_server

from app.sync.api import ApiClient
from app.sync.journal import Journal
from app.sync.sender import Sender
from app.sync.wire import ProgressEvent

ZHANG = "530102198001010015"
NEW_PASSWORD = "Bench2026!pw"


def event(session_id: str, lesson_id: int, n: int, end: datetime) -> ProgressEvent:
    return {
        "event_id": f"event-{uuid.uuid4()}",
        "session_id": session_id,
        "lesson_id": lesson_id,
        "from_s": float(n % 5),
        "to_s": float(n % 5 + 1),
        "started_at": (end - timedelta(seconds=2)).isoformat(),
        "ended_at": end.isoformat(),
        "face_check_id": None,
    }


def bench_appends(folder: Path, count: int) -> None:
    journal = Journal(folder / "appends.sqlite3")
    end = datetime.now(UTC)
    events = [event("bench-session", 1, n, end) for n in range(count)]
    started = time.perf_counter()
    for one in events:
        journal.append_progress(ZHANG, one)
    elapsed = time.perf_counter() - started
    journal.close()
    print(
        f"journal appends (1 event per transaction, WAL, synchronous=FULL): "
        f"{count / elapsed:,.0f}/s ({elapsed / count * 1000:.2f} ms each, {count} appends)"
    )


def bench_drain(folder: Path, count: int) -> None:
    port = free_port()
    server = start_server(folder / "server", port)
    try:
        client = ApiClient(f"http://127.0.0.1:{port}")
        if client.login(ZHANG, "12345678")["must_change_password"]:
            client.change_password("12345678", NEW_PASSWORD)
            client.login(ZHANG, NEW_PASSWORD)
        assert client.session_id is not None
        lesson_id = client.lessons(client.me()["enrollments"][0]["id"])[0]["id"]
        if client.request("POST", "/progress", json={"events": []}).status_code != 200:
            raise SystemExit("no POST /progress on this server")
        journal = Journal(folder / "drain.sqlite3")
        end = datetime.now(UTC) - timedelta(seconds=1)
        batch = [event(client.session_id, lesson_id, n, end) for n in range(count)]
        journal.append_progress_many(ZHANG, batch)
        sender = Sender(journal, client, ZHANG)
        started = time.perf_counter()
        answered = sender.drain()
        elapsed = time.perf_counter() - started
        assert answered == count and journal.pending_count() == 0
        print(
            f"drain {count} events to cedu-server --demo (SQLite, loopback, batches of 500): "
            f"{elapsed:.2f} s, {count / elapsed:,.0f} events/s"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2000)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None, help="where the journals go")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-", dir=args.dir or Path.cwd()))
    try:
        bench_appends(folder, args.appends)
        bench_drain(folder, args.events)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
