"""Typing into the window as a scanner or a person would."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hospital_desk.ui.main_window import MainWindow
from hospital_desk.ui.tasks import TaskManager

KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying any text (qtbot.keyClicks refuses non-ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def wedge_scan(qtbot: QtBot, window: MainWindow, text: str, *, khmer: bool = False) -> None:
    """A USB scanner: the digits, then Enter, into whatever has the focus."""
    target = QApplication.focusWidget() or window
    type_text(target, text.translate(KHMER_DIGITS) if khmer else text)
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(window.tasks.idle)


def commit_text(widget: QWidget, text: str) -> None:
    """What a Khmer input method does: a commit string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def python_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}


def assert_nothing_left_running(
    qtbot: QtBot, before: set[threading.Thread], timeout_ms: int = 10_000
) -> None:
    """Every task manager idle with no worker busy (waited for up to `timeout_ms`), and no
    Python thread started since `before` still alive; AssertionError otherwise."""
    deadline = time.monotonic() + timeout_ms / 1000

    def busy() -> list[TaskManager]:
        found = []
        for manager in list(TaskManager.live):
            try:
                if manager.closed:  # shut down with its window: nothing of it still runs
                    continue
                if not manager.idle() or manager.active_threads():
                    found.append(manager)
            except RuntimeError:  # its Qt object was deleted with its window
                continue
        return found

    while busy() and time.monotonic() < deadline:
        qtbot.wait(10)  # let finished tasks deliver their results
    assert not busy(), "a task was still running after the test"
    left = [t for t in python_threads() - before if t.is_alive()]
    assert not left, f"a test left a thread running: {left}"
