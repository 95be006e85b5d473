"""Benchmark: login and GET /enrollments/{id}/lessons under 50 concurrent clients on
loopback, on SQLite, against the bare /health endpoint in the same run.

    .venv/bin/python bench/bench_server.py [--clients 50] [--seconds 10]

Starts `cedu-server --demo` in a subprocess with a fresh data folder, imports and pays
50 trainees through the staff API, then drives each endpoint with `clients` concurrent
keep-alive connections (httpx, asyncio) for `seconds`, and prints requests per second,
p50 and p99 latency, and errors. Not a test: the machines are shared and noisy; compare
the ratios within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import httpx

from app.core.ids import make_id_number

ADMIN_PASSWORD = "bench-admin-password"
NEW_PASSWORD = "Bench2026!pw"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CEDU_ADMIN_PASSWORD": ADMIN_PASSWORD, "CEDU_DEMO_LESSON_SECONDS": "10"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.server.cli",
            "--demo",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        # CEDU_BENCH_LOG=FILE keeps the server's log for a look after a failed run.
        stderr=open(os.environ.get("CEDU_BENCH_LOG", os.devnull), "wb"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")


def prepare_trainees(api: str, count: int) -> list[tuple[str, str, int]]:
    """Import `count` trainees, pay them, set their passwords: (id, password, enrollment)."""
    with httpx.Client(base_url=api, timeout=60) as http:
        admin = http.post("/admin/login", json={"username": "admin", "password": ADMIN_PASSWORD})
        headers = {"Authorization": f"Bearer {admin.json()['token']}"}
        ids = [
            make_id_number("530102", date(1970 + n % 30, 1 + n % 12, 1 + n % 28), 100 + n)
            for n in range(count)
        ]
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow(
            ["id_number", "name", "trade_code", "certificate_number", "certificate_expires_on"]
        )
        for n, id_number in enumerate(ids):
            writer.writerow([id_number, f"学员{n}", "SGY", f"BENCH-{n}", "2030-01-01"])
        imported = http.post(
            "/admin/enrollments/import",
            headers=headers,
            files={"file": ("bench.csv", stream.getvalue().encode())},
        )
        assert imported.json()["created"] == count, imported.text
        trainees = []
        for id_number in ids:
            login = http.post(
                "/auth/login", json={"id_number": id_number, "password": "12345678", "agree": True}
            ).json()
            token = {"Authorization": f"Bearer {login['token']}"}
            http.post(
                "/auth/password",
                headers=token,
                json={"old_password": "12345678", "new_password": NEW_PASSWORD},
            )
            login = http.post(
                "/auth/login",
                json={"id_number": id_number, "password": NEW_PASSWORD, "agree": True},
            ).json()
            token = {"Authorization": f"Bearer {login['token']}"}
            enrollment = http.get("/me", headers=token).json()["enrollments"][0]["id"]
            trainees.append((id_number, NEW_PASSWORD, enrollment))
        order = http.post(
            "/admin/orders", headers=headers, json={"enrollment_ids": [t[2] for t in trainees]}
        ).json()
        http.post(f"/admin/orders/{order['id']}/pay", headers=headers)
        return trainees


async def drive(
    name: str,
    clients: int,
    seconds: float,
    make_request: Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]],
    api: str,
) -> dict[str, float | str]:
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def client(number: int) -> None:
        nonlocal errors
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=api, timeout=30, limits=limits) as http:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    response = await make_request(http, number)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok

    began = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "endpoint": name,
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
        "errors": errors,
        "requests": len(latencies),
    }


async def run(api: str, trainees: list[tuple[str, str, int]], clients: int, seconds: float) -> None:
    tokens: dict[int, str] = {}
    async with httpx.AsyncClient(base_url=api, timeout=30) as http:
        for n in range(clients):
            id_number, password, _ = trainees[n % len(trainees)]
            login = await http.post(
                "/auth/login", json={"id_number": id_number, "password": password, "agree": True}
            )
            tokens[n] = login.json()["token"]

    async def health(http: httpx.AsyncClient, _n: int) -> httpx.Response:
        return await http.get("/health")

    async def lessons(http: httpx.AsyncClient, n: int) -> httpx.Response:
        enrollment = trainees[n % len(trainees)][2]
        return await http.get(
            f"/enrollments/{enrollment}/lessons", headers={"Authorization": f"Bearer {tokens[n]}"}
        )

    async def login(http: httpx.AsyncClient, n: int) -> httpx.Response:
        id_number, password, _ = trainees[n % len(trainees)]
        return await http.post(
            "/auth/login", json={"id_number": id_number, "password": password, "agree": True}
        )

    rows = [
        await drive("GET /health (baseline)", clients, seconds, health, api),
        await drive("GET /enrollments/{id}/lessons", clients, seconds, lessons, api),
        await drive("POST /auth/login", clients, seconds, login, api),
    ]
    print(
        f"{'endpoint':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs health':>9}"
    )
    for row in rows:
        ratio = float(row["rps"]) / float(rows[0]["rps"])
        print(
            f"{row['endpoint']:34} {row['rps']:8.1f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
            f"{row['errors']:7} {ratio:9.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cedu-bench-") as folder:
        port = free_port()
        server = start_server(Path(folder), port)
        try:
            api = f"http://127.0.0.1:{port}/api/v1"
            trainees = prepare_trainees(api, args.clients)
            print(
                f"SQLite, {args.clients} concurrent clients, {args.seconds:.0f} s per endpoint, "
                f"{os.cpu_count()} cores, server and load on the same machine"
            )
            asyncio.run(run(api, trainees, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
