"""One server per data folder: a second `cedu-server` (a double-clicked client starting
its bundled server again) on the same folder would share its SQLite database, journal of
uploaded evidence and secret key with the first, and race it through migrations and demo
seeding. The first one holds an OS lock on `<data dir>/server.lock` for its whole life;
the lock goes with the process, even when it is killed, so a crash never leaves it stale.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

# The exit code of a server that found its data folder in use (the client tells it apart).
EXIT_DATA_DIR_IN_USE = 3


class DataDirInUseError(RuntimeError):
    """Another server holds this data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        super().__init__(
            f"数据文件夹 {data_dir} 已由本机另一个 cedu-server 使用，本服务器不再启动。"
            f" (another cedu-server already uses the data folder {data_dir})"
        )


def hold_data_dir(data_dir: Path) -> FileLock:
    """Lock `data_dir` for this process or raise DataDirInUseError at once (no waiting).

    Keep the returned lock referenced for as long as the server runs.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    # 0600 as every file of the data folder (FACE-8: the server's user only).
    lock = FileLock(data_dir / "server.lock", mode=0o600, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise DataDirInUseError(data_dir) from None
    return lock
