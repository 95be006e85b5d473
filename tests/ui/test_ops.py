"""Background operations: results on the GUI thread, dropped when their window is gone."""

from __future__ import annotations

import threading
from typing import Any


def test_an_answer_arrives_on_the_gui_thread(qtbot: Any) -> None:
    from app.qt import QWidget
    from app.ui.kit import background as ops

    owner = QWidget()
    qtbot.addWidget(owner)
    answers: list[tuple[object, bool]] = []
    before = set(ops._running)
    ops.run_in_background(
        owner, lambda: threading.current_thread() is threading.main_thread(),
        on_success=lambda ran_on_main: answers.append(
            (ran_on_main, threading.current_thread() is threading.main_thread())),
    )
    ours = ops._running - before
    assert len(ours) == 1
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    assert answers == [(False, True)]  # worked off the GUI thread, answered on it
    # Our relay is gone (a window an earlier test left open may have work of its own).
    assert not ours & ops._running


def test_a_window_gone_before_the_work_ends_drops_the_answer_quietly(qtbot: Any) -> None:
    from app.qt import QThreadPool, QWidget
    from app.ui.kit import background as ops

    owner = QWidget()
    release = threading.Event()
    answers: list[object] = []
    before = set(ops._running)
    ops.run_in_background(
        owner, lambda: release.wait(5) and "late", on_success=answers.append,
        on_failure=answers.append,
    )
    ours = ops._running - before
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(owner), timeout=5000)
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    # pytest-qt fails the test on an exception raised in the pool thread's run().
    assert answers == []
    assert len(ours) == 1 and not ours & ops._running  # the relay does not stay behind


def _deleted(widget: Any) -> bool:
    import shiboken6

    return not shiboken6.isValid(widget)


def test_a_long_download_leaves_the_shared_pool_to_the_rest(qtbot: Any, tmp_path: Any) -> None:
    """A lesson's download takes minutes on a rural link; logins, saves and read-backs run
    on Qt's shared pool (a thread per core: one here), so downloads have their own."""
    import hashlib
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from types import SimpleNamespace

    from app.qt import QThreadPool, QWidget
    from app.ui.kit import background as ops
    from app.ui.lessons.downloads import LessonDownload, download_pool

    body = b"lesson video " * 50_000
    FIRST = 200 * 1024  # a few of the download's 64 KB chunks, then the link stalls  # noqa: N806
    release = threading.Event()

    class Trickle(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:FIRST])
            self.wfile.flush()
            release.wait(20)  # the rural link
            self.wfile.write(body[FIRST:])

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shared = QThreadPool.globalInstance()
    threads = shared.maxThreadCount()
    shared.setMaxThreadCount(1)
    owner = QWidget()
    qtbot.addWidget(owner)
    try:
        media = {"url": f"http://127.0.0.1:{server.server_port}/v.mp4", "bytes": len(body),
                 "sha256": hashlib.sha256(body).hexdigest()}
        ctx = SimpleNamespace(options=SimpleNamespace(downloads_dir=tmp_path))
        download = LessonDownload(ctx, 1, {"id": 7, "media": media})  # type: ignore[arg-type]
        started, done = [], []
        download.progressed.connect(lambda got, total: started.append(got))
        download.finished.connect(done.append)
        download.start()
        qtbot.waitUntil(lambda: bool(started), timeout=10000)  # under way, and held
        answers: list[object] = []
        ops.run_in_background(owner, lambda: "logged in", on_success=answers.append)
        qtbot.waitUntil(lambda: answers == ["logged in"], timeout=5000)
        assert not done
        release.set()
        qtbot.waitUntil(lambda: bool(done), timeout=20000)
        assert done[0].read_bytes() == body
    finally:
        release.set()
        download_pool().waitForDone(20000)
        shared.setMaxThreadCount(threads)
        server.shutdown()
