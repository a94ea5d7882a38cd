"""Catch a keyboard-wedge scanner wherever the focus is in the reception view.

A USB scanner types the card's digits (Khmer digits under the Khmer layout) and Enter.
The catcher watches every key press in the window: a run of at least MIN_SCAN_DIGITS
digits that starts like a card ("855") and ends with Enter is a scan. The digits still
reach the focused widget as typed; when that widget is a line edit, the catcher takes
them back out, so the search box is left as it was. A person typing a 14-digit NSSF
number and Enter is not a scan: that is a manual lookup.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from hospital_desk.card.qrtext import normalise

MIN_SCAN_DIGITS = 40
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScanCatcher(QObject):
    sig_scanned = Signal(str)
    """A whole scan, as typed (normalise it before use)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._typed = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if watched is not (QApplication.focusWidget() or self._window):
            return False  # the same key press propagating to a parent: counted once
        if event.key() in ENTER_KEYS:
            return self._finish()
        text = event.text()
        digit = normalise(text)
        if len(text) == 1 and len(digit) == 1 and digit.isdigit():
            self._typed += text
        elif text and text.strip():
            self._typed = ""
        return False

    def _finish(self) -> bool:
        typed, self._typed = self._typed, ""
        digits = normalise(typed)
        if len(digits) < MIN_SCAN_DIGITS or not digits.startswith("855"):
            return False  # an ordinary Enter
        focus = QApplication.focusWidget()
        if isinstance(focus, QLineEdit) and focus.text().endswith(typed):
            focus.setText(focus.text()[: -len(typed)])
        self.sig_scanned.emit(typed)
        return True  # the Enter was the scanner's: nobody else acts on it
