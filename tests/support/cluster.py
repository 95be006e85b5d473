"""Province scale on loopback: one PostgreSQL, several `cedu-server` processes and
Debian's nginx in front, configured with deploy/nginx's own locations file.

nginx runs unprivileged on a free loopback port with its prefix, config, logs and temp
files in a temporary folder (as root: as `nobody`, through runuser). Every process this
starts is stopped by :meth:`Cluster.stop`.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.support.live_server import ADMIN_PASSWORD, API

REPO = Path(__file__).resolve().parents[2]
LOCATIONS = REPO / "deploy" / "nginx" / "cedu-locations.conf"
PRODUCTION_MEDIA = "/var/lib/cedu/media/"  # the alias in cedu-locations.conf
ACCEL_PREFIX = "/_cedu_media/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_missing() -> str | None:
    return None if Path(NGINX).exists() else "nginx is not installed (apt package nginx)"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: exited\n{log.read_text(errors='replace')[-3000:]}")
        with suppress(requests.RequestException):
            if requests.get(url, timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url}: did not answer\n{log.read_text(errors='replace')[-3000:]}")


@dataclass
class ServerProc:
    port: int
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Cluster:
    root: Path
    database_url: str
    media_dir: Path
    nginx_port: int
    env: dict[str, str]
    servers: list[ServerProc] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    @property
    def api(self) -> str:
        return self.url + API

    def start_server(self) -> ServerProc:
        port = _free_port()
        log = self.root / f"server-{port}.log"
        # A data folder each (one server per folder), one database, one key.
        command = [sys.executable, "-m", "app.server.cli", "--port", str(port)]
        command += ["--data-dir", str(self.root / f"data-{port}")]
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command,
                cwd=REPO,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = ServerProc(port, log, process)
        self.servers.append(server)
        return server

    def wait_ready(self, server: ServerProc, timeout_s: float = 120) -> None:
        _wait_for(
            f"http://127.0.0.1:{server.port}{API}/health", server.process, server.log, timeout_s
        )

    def start_nginx(self, ports: list[int]) -> None:
        prefix = self.root / "nginx"
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir(parents=True, exist_ok=True)
        upstream = "\n".join(
            f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports
        )
        locations = LOCATIONS.read_text().replace(PRODUCTION_MEDIA, f"{self.media_dir}/")
        (prefix / "cedu-locations.conf").write_text(locations)
        temp = prefix / "temp"
        (prefix / "nginx.conf").write_text(
            f"""daemon off;
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream cedu_servers {{
        least_conn;
{upstream}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{self.nginx_port};
        include {prefix}/cedu-locations.conf;
    }}
}}
"""
        )
        command = [
            NGINX,
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-e",
            str(prefix / "logs" / "error.log"),
        ]
        if os.geteuid() == 0:  # nginx never runs as root here
            nobody = pwd.getpwnam("nobody")
            for path in [prefix, *prefix.rglob("*")]:
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
            command = ["runuser", "-u", "nobody", "--", *command]
        log = prefix / "logs" / "stdout.log"
        with open(log, "ab") as out:
            self.nginx = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        _wait_for(f"{self.api}/health", self.nginx, prefix / "logs" / "error.log", 30)

    def sweep_gradings(self) -> int:
        """Attempts the exam sweeps of every process graded, from their logs."""
        # PeriodicJob's line for a round that did something: "exam-sweep: 1 done".
        found = re.compile(r"exam-sweep: (\d+) done")
        return sum(
            int(match.group(1))
            for server in self.servers
            for match in found.finditer(server.log.read_text(errors="replace"))
        )

    def process_cpu_s(self) -> float:
        """CPU seconds the live server processes have used (user + system)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for server in self.servers:
            if server.process.poll() is None:
                fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            pid_file = self.root / "nginx" / "nginx.pid"
            if pid_file.exists():  # the master itself, not runuser in front of it
                with suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            try:
                self.nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=15)
        for server in self.servers:
            server.stop()


def seed(database_url: str, data_dir: Path, media_dir: Path, lesson_seconds: int) -> None:
    """Migrate once and make the demo data, as the operator does before the processes
    start (`cedu-server --migrate`); videos come from (or go to) the shared media folder."""
    from app.server.demo.seed import seed_demo
    from app.server.main import bootstrap_admin, build_context
    from app.server.settings import Settings

    context = build_context(
        Settings(
            data_dir=data_dir,
            database_url=database_url,
            media_dir=media_dir,
            demo=True,
            demo_lesson_seconds=lesson_seconds,
            admin_password=ADMIN_PASSWORD,
        )
    )
    try:
        bootstrap_admin(context)
        seed_demo(context)
    finally:
        context.engine.dispose()


@contextmanager
def cluster(
    database_url: str,
    shared_media: Path,
    processes: int = 3,
    lesson_seconds: int = 30,
    env: dict[str, str] | None = None,
) -> Iterator[Cluster]:
    root = Path(tempfile.mkdtemp(prefix="cedu-cluster-"))
    root.chmod(0o755)  # nginx's worker (nobody) reads the media below it
    media = root / "media"
    media.mkdir()
    seed(database_url, root / "seed", shared_media, lesson_seconds)
    for video in shared_media.iterdir():  # nginx serves these: links, not copies
        if video.is_file():
            try:
                os.link(video, media / video.name)
            except OSError:
                shutil.copy2(video, media / video.name)
    nginx_port = _free_port()
    settings = {
        **os.environ,
        "CEDU_DATABASE_URL": database_url,
        "CEDU_MEDIA_DIR": str(media),
        "CEDU_MIGRATE": "false",
        "CEDU_SECRET_KEY": "cluster-test-" + os.urandom(8).hex(),
        "CEDU_PUBLIC_URL": f"http://127.0.0.1:{nginx_port}",
        "CEDU_MEDIA_ACCEL_PREFIX": ACCEL_PREFIX,
        "CEDU_TRUSTED_PROXIES": "127.0.0.1",
        "CEDU_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "CEDU_EXAM_SWEEP_S": "0.3",
        "CEDU_DEMO_LESSON_SECONDS": str(lesson_seconds),
        **(env or {}),
    }
    running = Cluster(root, database_url, media, nginx_port, settings)
    try:
        started = [running.start_server() for _ in range(processes)]
        for server in started:
            running.wait_ready(server)
        running.start_nginx([server.port for server in started])
        yield running
    finally:
        running.stop()
        shutil.rmtree(root, ignore_errors=True)
