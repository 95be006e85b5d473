"""cedu-server's start: what startup made stays out of the garbage collector's full
collections (a 100 ms pause of every request under way, bench_progress)."""

from __future__ import annotations

import gc
import weakref

from app.server.cli import settle_startup_objects


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_startup_objects_are_frozen_and_startup_garbage_freed() -> None:
    kept, dropped = _Node(), _Node()
    dropped_ref = weakref.ref(dropped)
    del dropped
    try:
        settle_startup_objects()
        assert dropped_ref() is None  # collected, not kept for good
        assert gc.get_freeze_count() > 0
        # Frozen: no collection walks it any more.
        assert not any(o is kept for o in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(o is kept for o in gc.get_objects())
