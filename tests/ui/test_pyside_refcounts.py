"""The Qt binding must not leak or over-release Python's None/True/False: PySide6 6.12.0
under Python 3.11 released None once per void call (setText, show, processEvents) and
False per emitted bool, and the interpreter aborted ("deallocating None") after some
thousands of calls: a reception desk would crash mid-morning. (On Python 3.12+ these
objects are immortal and their counts do not move, so this test passes trivially.)"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

CALLS = 500  # enough to see a leak, too few to drive a count to zero and abort
EMITS = 50


class _Emitter(QObject):
    sig_value = Signal(object)
    sig_flag = Signal(bool)


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(False), sys.getrefcount(True)


def test_void_calls_and_bool_signals_keep_none_true_and_false_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    received: list[object] = []
    emitter.sig_value.connect(received.append)
    emitter.sig_flag.connect(received.append)
    before = _counts()
    for _ in range(CALLS):
        label.setText("x")
        label.show()
        QApplication.processEvents()
    after_calls = _counts()
    for i in range(EMITS):
        emitter.sig_value.emit(i % 2 == 0)
        emitter.sig_flag.emit(False)
        emitter.sig_value.emit(None)
    after_emits = _counts()
    received.clear()
    calls = [b - a for a, b in zip(before, after_calls, strict=True)]
    emits = [b - a for a, b in zip(after_calls, after_emits, strict=True)]
    assert all(d > -CALLS // 5 for d in calls), f"void calls: None/False/True fell by {calls}"
    assert all(d > -EMITS // 5 for d in emits), f"signals: None/False/True fell by {emits}"
