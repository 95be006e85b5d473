"""Benchmark: what one offline sign-in costs (issue 16), and so what each guess costs
someone who copied a laptop's verifier file, against the server's own password hash
(the baseline, measured in the same run).

    .venv/bin/python bench/bench_offline_login.py [--runs 15]

Times `OfflineLogins.sign_in` with the right password (Argon2id 64 MiB, 3 passes, 1
lane) and a wrong one, and the server's `verify_password` (19 MiB, 2 passes); prints
medians, the ratio, and the guesses per second one core gets through the verifier.
The throttle's growing delay is not counted: a copied file skips it; this cost it
cannot skip. Not a test: the machines are shared and noisy; compare within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.server.security import hash_password, verify_password
from app.sync.errors import RefusedError
from app.sync.offline_login import OfflineLogins

ID_NUMBER = "530102198001010015"
PASSWORD = "Anquan2026!"


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        logins = OfflineLogins(Path(folder), clock=lambda: 0.0)
        me = {"id_number": ID_NUMBER, "name": "张三", "enrollments": []}
        logins.remember(ID_NUMBER, PASSWORD, "session", me)  # type: ignore[arg-type]

        def wrong() -> None:
            with contextlib.suppress(RefusedError):
                logins.sign_in(ID_NUMBER, "Wrong2026!x")
            record = logins._read(ID_NUMBER)  # the throttle aside: the hash alone
            assert record is not None
            record["failures"], record["blocked_until"] = 0, 0.0
            logins._write(ID_NUMBER, record)

        server_hash = hash_password(PASSWORD)
        # Alternated, so that the machine's load falls on both alike.
        right = offline_wrong = server = 0.0
        rounds = 3
        for _ in range(rounds):
            server += median_ms(lambda: verify_password(server_hash, PASSWORD), args.runs)
            right += median_ms(lambda: logins.sign_in(ID_NUMBER, PASSWORD), args.runs)
            offline_wrong += median_ms(wrong, args.runs)
        right, offline_wrong, server = right / rounds, offline_wrong / rounds, server / rounds
    print(f"server verify_password (19 MiB, t=2), baseline: {server:7.1f} ms")
    print(f"offline sign-in, right password (64 MiB, t=3):  {right:7.1f} ms"
          f"  ({right / server:.1f}x)")
    print(f"offline sign-in, wrong password:                {offline_wrong:7.1f} ms"
          f"  ({offline_wrong / server:.1f}x)")
    print(f"guesses per second per core through a copied verifier: {1000 / right:.1f}")


if __name__ == "__main__":
    main()
