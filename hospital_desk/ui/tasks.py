"""The one background-work helper (Anki's taskman): no database or network on the GUI thread.

Database work runs on one serialized worker (one thread: SQLite writes never race);
network work on a small pool; decoding of camera frames on its own worker. Each task's
`on_success(result)` or `on_failure(error)` runs back on the GUI thread. `shutdown()`
waits for everything, so no task outlives the window.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Bridge(QObject):
    sig_finished = Signal(object, object, object, object)
    """(on_success, on_failure, result, error), emitted from a worker thread."""


class TaskManager(QObject):
    sig_busy_changed = Signal(bool)
    """True when the first task starts, False when the last one ends."""

    live: ClassVar[weakref.WeakSet[TaskManager]] = weakref.WeakSet()
    """Every task manager not yet garbage-collected (the tests check none is left busy)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        TaskManager.live.add(self)
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._net = QThreadPool(self)
        self._net.setMaxThreadCount(2)
        self._cpu = QThreadPool(self)
        self._cpu.setMaxThreadCount(1)  # camera frames: one at a time, newer ones dropped
        self._pending = 0
        self.closed = False  # shut down: its workers are finished, its results dropped
        self._bridge = _Bridge()
        self._bridge.sig_finished.connect(self._deliver)

    def run_db(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self._start(self._db, work, on_success, on_failure)

    def run_net(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        self._start(self._net, work, on_success, on_failure)

    def run_cpu(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None = None
    ) -> None:
        """CPU-bound work that touches neither the database nor the network (decoding)."""
        self._start(self._cpu, work, on_success, on_failure)

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None,
    ) -> None:
        self._pending += 1
        if self._pending == 1:
            self.sig_busy_changed.emit(True)
        bridge = self._bridge

        def run() -> None:
            try:
                result = work()
            except Exception as exc:
                bridge.sig_finished.emit(on_success, on_failure, None, exc)
            else:
                bridge.sig_finished.emit(on_success, on_failure, result, None)

        pool.start(run)

    def _deliver(
        self,
        on_success: Success,
        on_failure: Failure | None,
        result: Any,
        error: BaseException | None,
    ) -> None:
        self._pending -= 1
        try:
            if error is None:
                on_success(result)
            elif on_failure is not None:
                on_failure(error)
            else:
                log.error("background task failed: %s", error.__class__.__name__)
        finally:
            if self._pending == 0:
                self.sig_busy_changed.emit(False)

    def idle(self) -> bool:
        return self._pending == 0

    def active_threads(self) -> int:
        """Worker threads running a task right now (0 once everything has finished)."""
        return sum(p.activeThreadCount() for p in (self._db, self._net, self._cpu))

    def shutdown(self) -> None:
        """Wait for every running task; later results are dropped with the window."""
        self.closed = True
        self._db.waitForDone()
        self._net.waitForDone()
        self._cpu.waitForDone()
