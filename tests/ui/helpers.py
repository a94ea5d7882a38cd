"""Typing into the window as a scanner or a person would."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hospital_desk.ui.main_window import MainWindow

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
