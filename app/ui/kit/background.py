"""Background operations (DESIGN.md, after Anki's `operations`): work on a pool thread,
results back on the GUI thread through a queued signal.

    run_in_background(parent, lambda: ctx.api.me(), on_success=show, on_failure=None)

Generic in the work's result (as Anki's `QueryOp`): `on_success` must take what `work`
returns, and mypy says so at the call. `on_failure=None` means: show the error with the
one error display (errors.show_error). When `parent` is destroyed first, the callbacks
are dropped (the relay dies with it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from app.qt import QObject, QRunnable, Qt, QThreadPool, QWidget, Signal, Slot

T = TypeVar("T")
_running: set[_Relay] = set()  # keeps relays alive until their callback ran


class _Relay(QObject):
    finished = Signal(bool, object)

    def __init__(
        self,
        parent: QObject,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[Exception], None] | None,
    ) -> None:
        super().__init__(parent)
        self._on_success = on_success
        self._on_failure = on_failure
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: object) -> None:
        _running.discard(self)
        if ok:
            if self._on_success is not None:
                self._on_success(value)
        elif self._on_failure is not None:
            self._on_failure(value)  # type: ignore[arg-type]
        else:
            from app.ui.kit.errors import show_error

            parent = self.parent()
            show_error(parent if isinstance(parent, QWidget) else None, value)  # type: ignore[arg-type]


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            value = self._work()
        except Exception as exc:
            self._answer(False, exc)
        else:
            self._answer(True, value)

    def _answer(self, ok: bool, value: object) -> None:
        try:
            self._relay.finished.emit(ok, value)
        except RuntimeError:
            # The parent, and the relay with it, was destroyed while the work ran: the
            # answer has nowhere to go (PySide raises "Signal source has been deleted").
            _running.discard(self._relay)


def run_in_background(
    parent: QObject,
    work: Callable[[], T],
    *,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[Exception], None] | None = None,
) -> None:
    relay = _Relay(parent, on_success, on_failure)
    _running.add(relay)
    QThreadPool.globalInstance().start(_Job(work, relay))
