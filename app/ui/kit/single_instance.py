"""One running client per user and data folder.

Older users often start a program twice. A second `cedu` used to open a second window,
start a second bundled server on the same data folder and journal, and its login threw
the first window back to login (ACC-4). Now the first client holds a lock file in its
data folder (QLockFile: it notes the PID, so a crashed client's lock is taken over) and
listens on a local socket named after that folder; a second start finds the lock taken,
asks the first one through the socket to come to the front, and exits before it makes a
window, a server or a journal.

The lock is taken before the first paint (QtCore only); the socket, which needs
QtNetwork, listens once the window has painted. A second start in that gap keeps
knocking for a few seconds.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from app.qt import QLockFile, QObject, import_deferred

log = logging.getLogger(__name__)
RAISE_REQUEST = b"raise\n"
KNOCK_FOR_S = 15.0


def socket_name(data_dir: Path) -> str:
    """Per data folder (so per user: it lives in the user's profile); a short hash,
    since Unix socket paths are limited in length."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return f"cedu-{digest}"


def claim(data_dir: Path) -> QLockFile | None:
    """The lock when this is the only client on `data_dir`; None when another one runs."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(data_dir / "client.lock"))
    lock.setStaleLockTime(0)  # never stale by age; a dead PID frees it
    if lock.tryLock(0):
        return lock
    return None


def ask_running_client_to_show(data_dir: Path, knock_for_s: float = KNOCK_FOR_S) -> bool:
    """Tell the running client to come to the front; False when it never answered."""
    import_deferred()
    from app.qt import QLocalSocket

    deadline = time.monotonic() + knock_for_s
    while time.monotonic() < deadline:
        knock = QLocalSocket()
        knock.connectToServer(socket_name(data_dir))
        if knock.waitForConnected(500):
            knock.write(RAISE_REQUEST)
            knock.waitForBytesWritten(1000)
            knock.disconnectFromServer()
            return True
        time.sleep(0.2)
    return False


class RaiseListener(QObject):
    """The running client's end: `on_raise` runs on the GUI thread at each second start."""

    def __init__(self, data_dir: Path, on_raise: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        from app.qt import QLocalServer

        self._on_raise = on_raise
        self._server = QLocalServer(self)
        name = socket_name(data_dir)
        QLocalServer.removeServer(name)  # a crashed client's socket file; we hold the lock
        if not self._server.listen(name):
            log.warning("single instance: cannot listen on %s: %s", name,
                        self._server.errorString())
        self._server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.disconnected.connect(connection.deleteLater)
            log.info("a second start of cedu: bringing this window to the front")
            self._on_raise()
