"""Benchmark: what the exam start's identity costs (EXAM-1, FACE-8), against the start
alone in the same run: a passed exam face check (3 crops of the face video judged by the
server) then the start, against the start alone (its check made beforehand, untimed),
each attempt left at once so the next may start.

    .venv/bin/python bench/bench_exam_start.py [--runs 8]

The real server in this process on SQLite (tests/support/live_server), the checks as the
tests make them (tests/support/exam_start). Prints the medians and their ratio; the
tests that start attempts pay the check's part once per attempt. Not a test: the machine
is shared and noisy; read the ratio within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from sqlalchemy import update  # noqa: E402

from app.server.models import Enrollment  # noqa: E402
from tests.support.exam_start import exam_check  # noqa: E402
from tests.support.live_server import LiveServer, shared_media_dir, start_server  # noqa: E402

WANG = "532501198811200037"  # 王五: every lesson credited


def start(server: LiveServer, token: str, enrollment: int) -> str:
    answer = server.call("POST", f"/enrollments/{enrollment}/attempts", token)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def leave(server: LiveServer, token: str, attempt_id: str) -> None:
    assert server.call("POST", f"/attempts/{attempt_id}/abandon", token).status_code == 200


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cedu-bench-exam-") as folder:
        media = shared_media_dir(Path(tempfile.gettempdir()) / "cedu-bench-media")
        server = start_server(Path(folder) / "data", None, media)
        try:
            token = str(server.client.ready_login(WANG)["token"])
            enrollment = server.client.first_enrollment(token)
            with server.context.sessions() as db:  # attempts enough for every run
                db.execute(update(Enrollment).values(attempts_allowed=1000))
                db.commit()
            exam_check(server.api, token)  # the photo enrolled, the engines warm
            checked, alone = [], []
            for _ in range(args.runs):
                began = time.perf_counter()
                exam_check(server.api, token)
                leave(server, token, start(server, token, enrollment))
                checked.append(time.perf_counter() - began)
                exam_check(server.api, token)
                began = time.perf_counter()
                leave(server, token, start(server, token, enrollment))
                alone.append(time.perf_counter() - began)
        finally:
            server.stop()
    with_check, without = statistics.median(checked), statistics.median(alone)
    print(f"exam check + start + leave (median of {args.runs}): {1000 * with_check:.0f} ms")
    print(f"start + leave alone (median of {args.runs}): {1000 * without:.0f} ms")
    print(
        f"ratio: {with_check / without:.2f}; the check adds {1000 * (with_check - without):.0f} ms"
    )


if __name__ == "__main__":
    main()
