"""Screenshots of the main states in both languages (build/screenshots/), each checked
for tofu: every character shown must be in the font that draws it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from hospital_desk.card.pki import KID_ES256
from hospital_desk.ui.i18n import khmer_font
from hospital_desk.ui.main_window import MainWindow
from hospital_desk.ui.slip import slip_html, write_slip
from tests.card.cardlab import TODAY, CardLab, attacker_key
from tests.ui.conftest import SCREENSHOTS
from tests.ui.helpers import wedge_scan


def _texts(window: MainWindow) -> list[tuple[QWidget, str]]:
    shown: list[tuple[QWidget, str]] = [(window, window.windowTitle())]
    for label in window.findChildren(QLabel):
        if label.isVisible():
            doc = QTextDocument()
            doc.setHtml(label.text())
            shown.append((label, doc.toPlainText()))
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            shown.append((button, button.text()))
    for edit in window.findChildren(QLineEdit):
        shown.append((edit, edit.placeholderText() + edit.text()))
    for listing in window.findChildren(QListWidget):
        shown += [(listing, listing.item(i).text()) for i in range(listing.count())]
    for menu in (window.menu_desk, window.menu_queue, window.menu_claims, window.menu_view):
        shown.append((window.menuBar(), menu.title().replace("&", "")))
        shown += [(menu, a.text().replace("&", "")) for a in menu.actions()]
    return shown


def assert_no_tofu(window: MainWindow) -> None:
    missing = {
        (ch, type(widget).__name__)
        for widget, text in _texts(window)
        for ch in text
        if not ch.isspace() and not QFontMetrics(widget.font()).inFontUcs4(ord(ch))
    }
    assert missing == set(), f"characters the font cannot draw: {sorted(missing)}"


def save(window: MainWindow, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / f"{name}-{window.language.code}.png"))


@pytest.mark.parametrize("language", ["en", "km"])
def test_main_states_render_without_tofu_and_are_saved(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab, language: str
) -> None:
    window.set_language(language)
    qtbot.waitUntil(window.tasks.idle)
    states = [
        ("empty", None),
        ("green", ui_lab.text()),
        (
            "amber",
            ui_lab.text(issued=TODAY.replace(year=TODAY.year - 3), expires=TODAY.replace(day=1)),
        ),
        ("red", ui_lab.text(kid=KID_ES256, key=attacker_key(KID_ES256))),
    ]
    for name, text in states:
        if text is not None:
            wedge_scan(qtbot, window, text)
        assert_no_tofu(window)
        save(window, name)
    qtbot.keyClicks(window.search, "sok")
    qtbot.waitUntil(lambda: window.results.count() > 0 and window.tasks.idle())
    assert_no_tofu(window)
    save(window, "search")
    for member in ui_lab.members[:3]:
        wedge_scan(qtbot, window, ui_lab.text(member))
        window.register_visit()
        qtbot.waitUntil(window.tasks.idle)
    window.call_next()
    qtbot.waitUntil(window.tasks.idle)
    assert window.queue_list.count() == 3
    assert_no_tofu(window)
    save(window, "queue")


def test_benefits_slip_renders_both_languages_without_tofu(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab, tmp_path: object
) -> None:
    wedge_scan(qtbot, window, ui_lab.text())
    check = window.current.check  # type: ignore[union-attr]
    assert check is not None
    html = slip_html(check)
    document = QTextDocument()
    font = khmer_font(10)
    document.setDefaultFont(font)
    document.setHtml(html)
    document.setPageSize(QSizeF(800, 1100))
    text = document.toPlainText()
    assert "Your benefits" in text and "សិទ្ធិរបស់អ្នក" in text and "1286" in text
    metrics = QFontMetrics(font)
    assert {c for c in text if not c.isspace() and not metrics.inFontUcs4(ord(c))} == set()
    image = QImage(800, 1100, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SCREENSHOTS / "slip.png"))
    pdf = Path(str(tmp_path)) / "slip.pdf"
    write_slip(check, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_screenshot_helpers_catch_a_character_the_font_lacks(window: MainWindow) -> None:
    window.search_label.setText("\U0001f9ea")  # a test tube: in no Khmer font
    with pytest.raises(AssertionError, match="cannot draw"):
        assert_no_tofu(window)


@pytest.mark.parametrize("language", ["en", "km"])
def test_camera_dialog_renders_without_tofu_and_is_saved(
    qtbot: QtBot, window: MainWindow, language: str
) -> None:
    window.set_language(language)
    dialog = window.open_camera()
    qtbot.waitExposed(dialog)
    shown = [(dialog, dialog.windowTitle()), (dialog.message, dialog.message.text())]
    shown += [(b, b.text()) for b in dialog.findChildren(QAbstractButton)]
    missing = {
        ch
        for widget, text in shown
        for ch in text
        if not ch.isspace() and not QFontMetrics(widget.font()).inFontUcs4(ord(ch))
    }
    assert missing == set()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SCREENSHOTS / f"camera-{language}.png"))
    dialog.close()
