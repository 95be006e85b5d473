"""Face work that no one trainee can stall (issue 14).

The face engine (mediapipe, dlib) is not thread-safe, so each worker owns its own pair
of engines; a job borrows a pair for its duration. There are `FACE_WORKERS` pairs
(the server's cores, by default), and a trainee holds at most one at a time: a second
request of the same trainee while one is judged is answered 429 at once instead of
waiting on a thread that another trainee's check needs. (Rejected photo uploads are
counted in the database: `photo_attempts`.)
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.proctor.detect import FaceEngine
from app.proctor.identity import DlibEmbedder
from app.server.errors import ApiError

FACE_WORKERS = int(os.environ.get("CEDU_FACE_WORKERS", str(min(4, os.cpu_count() or 2))))
# A job waits this long at most for a free pair, then the caller hears the server is busy.
WAIT_S = 60.0


@dataclass
class Engines:
    detector: FaceEngine
    embedder: DlibEmbedder


class FaceEngines:
    """The engine pairs, shared by every server in the process (the models are large)."""

    def __init__(self, workers: int = FACE_WORKERS) -> None:
        self._free: queue.Queue[Engines] = queue.Queue()
        self._made = 0
        self._workers = max(1, workers)
        self._lock = threading.Lock()

    def take(self) -> Engines:
        with self._lock:
            if self._free.empty() and self._made < self._workers:
                self._made += 1  # made lazily: a server that judges no faces loads no models
                return Engines(FaceEngine(), DlibEmbedder())
        try:
            return self._free.get(timeout=WAIT_S)
        except queue.Empty:
            raise ApiError("face_service_busy") from None

    def give_back(self, pair: Engines) -> None:
        self._free.put(pair)


ENGINES = FaceEngines()


class FaceLimits:
    """One server's limit per trainee: one face job at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy: set[int] = set()

    @contextmanager
    def engines(self, trainee_id: int) -> Iterator[Engines]:
        """A pair of engines for one job of this trainee."""
        with self._lock:
            if trainee_id in self._busy:
                raise ApiError("face_work_in_progress")
            self._busy.add(trainee_id)
        try:
            pair = ENGINES.take()
            try:
                yield pair
            finally:
                ENGINES.give_back(pair)
        finally:
            with self._lock:
                self._busy.discard(trainee_id)
