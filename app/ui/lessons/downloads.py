"""Lessons downloaded for offline study: where they live, the download in the background,
and the last list of lessons seen (offline, the list shows it).

A lesson's video goes to `<downloads_dir>/lesson-<id>-<sha256 prefix>.mp4`; the sha256 in
the name means a video changed on the server is not mistaken for the one on disk. The
download itself is `app.sync.download.download_media` (resume from `.part`, the disk
space check, the checksum) run on a pool thread; cancelling keeps the `.part`, so the
next start resumes where it stopped. An expired media URL is refreshed once.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from app.qt import QObject, QRunnable, QThreadPool, Signal
from app.sync import wire
from app.sync.download import download_media, part_path, remove_download
from app.sync.errors import MediaLinkExpiredError, OfflineError
from app.ui.kit.context import AppContext

log = logging.getLogger(__name__)


class DownloadCancelledError(Exception):
    """The trainee pressed cancel; the partial file stays for a later resume."""


def download_path(ctx: AppContext, lesson: wire.Lesson) -> Path:
    digest = lesson["media"]["sha256"][:16]
    return ctx.options.downloads_dir / f"lesson-{lesson['id']}-{digest}.mp4"


def downloaded_file(ctx: AppContext, lesson: wire.Lesson) -> Path | None:
    """The finished download of this lesson (checked when it was finished), or None."""
    path = download_path(ctx, lesson)
    return path if path.is_file() else None


def lessons_or_last_seen(ctx: AppContext, enrollment_id: int) -> tuple[list[wire.Lesson], bool]:
    """(lessons, from_cache). Offline, the last list seen lets downloaded lessons be
    studied (SYNC-1: the progress waits in the journal)."""
    cache = ctx.options.downloads_dir / f"lessons-{enrollment_id}.json"
    try:
        lessons = ctx.api.lessons(enrollment_id)
    except OfflineError:
        if not cache.is_file():
            raise
        return json.loads(cache.read_text(encoding="utf-8")), True
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(lessons, ensure_ascii=False), encoding="utf-8")
    return lessons, False


def partial_bytes(ctx: AppContext, lesson: wire.Lesson) -> int:
    part = part_path(download_path(ctx, lesson))
    return part.stat().st_size if part.is_file() else 0


def delete_download(ctx: AppContext, lesson: wire.Lesson) -> None:
    remove_download(download_path(ctx, lesson))


class LessonDownload(QObject):
    """One lesson's download. Signals come from the pool thread and reach the GUI queued
    (connect them to bound methods)."""

    progressed = Signal(int, int)  # bytes on disk, total bytes
    finished = Signal(object)  # Path of the checked file
    failed = Signal(object)  # the exception (NotEnoughSpaceError, ChecksumError, ...)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, enrollment_id: int, lesson: wire.Lesson) -> None:
        # No Qt parent: the pool thread may still hold it when a window closes; Python
        # keeps it alive as long as the job or the owner refers to it.
        super().__init__(None)
        self.ctx = ctx
        self.enrollment_id = enrollment_id
        self.lesson = lesson
        self.dest = download_path(ctx, lesson)
        self._cancel = threading.Event()
        self.running = False

    def start(self) -> None:
        self._cancel.clear()
        self.running = True
        download_pool().start(_DownloadJob(self))

    def cancel(self) -> None:
        self._cancel.set()

    def _note_progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise DownloadCancelledError()
        self.progressed.emit(done, total)

    def run_blocking(self) -> None:
        """The work itself (on the pool thread)."""
        media = self.lesson["media"]
        try:
            try:
                result = self._fetch(media)
            except MediaLinkExpiredError:
                fresh = {item["id"]: item for item in self.ctx.api.lessons(self.enrollment_id)}
                media = fresh[self.lesson["id"]]["media"]
                result = self._fetch(media)
        except DownloadCancelledError:
            self.running = False
            self.cancelled.emit()
        except Exception as exc:
            log.info("download of lesson %s failed: %s", self.lesson["id"], exc)
            self.running = False
            self.failed.emit(exc)
        else:
            self.running = False
            self.finished.emit(result)

    def _fetch(self, media: wire.Media) -> Path:
        result = download_media(
            media["url"],
            self.dest,
            sha256=media["sha256"],
            total_bytes=int(media["bytes"]),
            progress=self._note_progress,
        )
        return result.path


_pool: QThreadPool | None = None
DOWNLOADS_AT_ONCE = 2


def download_pool() -> QThreadPool:
    """Downloads run on their own threads: a lesson takes minutes on a rural link, and Qt's
    shared pool has a thread per core (two on many training-centre PCs), which the logins,
    saves and read-backs of `ops.run_in_background` need. Beyond DOWNLOADS_AT_ONCE, a
    download waits its turn."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(DOWNLOADS_AT_ONCE)
    return _pool


class _DownloadJob(QRunnable):
    def __init__(self, download: LessonDownload) -> None:
        super().__init__()
        self._download = download

    def run(self) -> None:
        self._download.run_blocking()
