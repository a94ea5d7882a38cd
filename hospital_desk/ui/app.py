"""Starting the reception window: `hospital-desk gui [--lang km|en] [--on DATE]`."""

from __future__ import annotations

import datetime as dt
import sys

from PySide6.QtWidgets import QApplication

from hospital_desk.desk import Desk
from hospital_desk.ui.i18n import khmer_font
from hospital_desk.ui.main_window import MainWindow


def run_gui(language: str = "km", today: dt.date | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # noqa: S101 - we made it
    app.setApplicationName("NSSF Hospital Desk")
    app.setFont(khmer_font(11))
    desk = Desk.open()
    window = MainWindow(desk, language=language, today=today)
    window.show()
    try:
        return app.exec()
    finally:
        desk.close()
