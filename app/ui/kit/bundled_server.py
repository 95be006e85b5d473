"""The bundled server: `cedu` with no `--server` runs the reference server itself.

It is a child process (not a thread) so face-check and grading work never competes
with the GUI for the interpreter lock. The child watches its stdin: when this process
dies, even by SIGKILL, the pipe closes and the server exits (no orphan holding the
database). Demo data lives in the user's data folder and survives restarts.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)
APP_NAME = "cedu"
# First start generates the demo videos with ffmpeg: give it time on a slow PC.
START_TIMEOUT_S = 180.0
# cedu-server's exit code when another server holds the data folder (app/server/data_lock).
DATA_DIR_IN_USE = 3


class BundledServerError(RuntimeError):
    """The bundled server did not come up; the message is for the trainee."""


def default_data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command() -> list[str]:
    """How to start the server: the frozen bundle runs itself with `--serve`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--serve"]
    return [sys.executable, "-m", "app.server.cli"]


class BundledServer:
    def __init__(self, data_dir: Path | None = None, *, port: int | None = None) -> None:
        self.data_dir = data_dir or default_data_dir()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = START_TIMEOUT_S) -> str:
        import requests  # here, not at the top: the login window shows before it loads

        self.data_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.data_dir / "server.log"
        command = [
            *server_command(),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--data-dir", str(self.data_dir),
            "--demo",
            "--exit-with-stdin",
        ]
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console window on Windows
        with log_path.open("ab") as log_file:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                env=os.environ.copy(),
                creationflags=flags,
            )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() == DATA_DIR_IN_USE:
                raise BundledServerError(
                    "本机已有一个 cedu 正在使用这些数据，请使用已经打开的窗口，或关闭它后再打开。"
                )
            if self.process.poll() is not None:
                raise BundledServerError(
                    f"内置服务器未能启动（退出码 {self.process.returncode}），详情见 {log_path}"
                )
            try:
                if requests.get(self.url + "/api/v1/health", timeout=1).ok:
                    log.info("bundled server ready on %s", self.url)
                    return self.url
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise BundledServerError(f"内置服务器启动超时，详情见 {log_path}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        if process.stdin is not None:
            process.stdin.close()  # the server's own watchdog exits on this
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
