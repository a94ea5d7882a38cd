"""The reception flow, driven through the real window offscreen."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from hospital_desk import visits
from hospital_desk.card.pki import KID_ES256
from hospital_desk.card.render import render_card, save_card
from hospital_desk.desk import ScanOutcome
from hospital_desk.members import format_member_number
from hospital_desk.ui.main_window import MainWindow
from tests.card.cardlab import TODAY, CardLab, attacker_key
from tests.ui.helpers import commit_text, wedge_scan


def _outcome(window: MainWindow) -> ScanOutcome:
    assert isinstance(window.current, ScanOutcome)
    return window.current


def test_wedge_scan_of_a_valid_card_shows_green_with_the_benefits(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    member = ui_lab.member()
    window.search.setFocus()
    wedge_scan(qtbot, window, ui_lab.text(member))
    assert window.panel.colour == "green"
    assert _outcome(window).card.member_id == member.member_id
    body = window.panel.body.text()
    assert member.name_latin in body and member.name_khmer in body
    assert "Outpatient care" in body and "Hospitalisation" in body
    assert window.search.text() == ""  # the scanner's digits did not stay in the search box


def test_wedge_scan_typed_in_khmer_digits_reads_the_same_card(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    window.results.setFocus()  # the focus is elsewhere in the reception view
    wedge_scan(qtbot, window, ui_lab.text(), khmer=True)
    assert window.panel.colour == "green"
    assert _outcome(window).card.code == "valid"


def _forged(lab: CardLab) -> str:
    return lab.text(kid=KID_ES256, key=attacker_key(KID_ES256))


def _replaced(lab: CardLab) -> str:
    member = lab.member(renewed=True)
    return lab.text(dataclasses.replace(member, card_serial=member.card_serial - 1))


def _revoked(lab: CardLab) -> str:
    member, serial = lab.revoked[0]
    return lab.text(dataclasses.replace(member, card_serial=serial))


def _expired(lab: CardLab) -> str:
    return lab.text(issued=TODAY.replace(year=TODAY.year - 3), expires=TODAY.replace(day=1))


def _garbage(lab: CardLab) -> str:
    return "8551" + "1234567890" * 8


@pytest.mark.parametrize(
    ("make", "code", "colour", "words"),
    [
        (_forged, "signature_failed", "red", "forged"),
        (_replaced, "replaced", "red", "replaced"),
        (_revoked, "revoked", "red", "cancelled"),
        (_expired, "expired", "amber", "expired"),
        (_garbage, "unreadable", "amber", "could not be read"),
    ],
    ids=["forged", "replaced", "revoked", "expired", "garbage"],
)
def test_bad_cards_each_show_their_own_result(
    *,
    qtbot: QtBot,
    window: MainWindow,
    ui_lab: CardLab,
    make: object,
    code: str,
    colour: str,
    words: str,
) -> None:
    wedge_scan(qtbot, window, make(ui_lab))  # type: ignore[operator]
    assert (_outcome(window).card.code, window.panel.colour) == (code, colour)
    assert words in window.panel.banner.text()


def test_name_search_in_khmer_through_the_input_method_finds_the_member(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    member = ui_lab.member()
    window.search.setFocus()
    commit_text(window.search, member.name_khmer)
    qtbot.waitUntil(lambda: window.results.count() > 0 and window.tasks.idle())
    ids = [
        window.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.results.count())
    ]
    assert member.member_id in ids


def test_name_search_in_latin_finds_the_member_and_opens_it(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    member = ui_lab.member()
    qtbot.keyClicks(window.search, member.name_latin.lower())
    qtbot.waitUntil(lambda: window.results.count() > 0 and window.tasks.idle())
    row = next(
        i
        for i in range(window.results.count())
        if window.results.item(i).data(Qt.ItemDataRole.UserRole) == member.member_id
    )
    window.results.itemActivated.emit(window.results.item(row))
    qtbot.waitUntil(window.tasks.idle)
    assert window.panel.colour == "blue"  # a manual lookup, no card
    assert member.name_khmer in window.panel.body.text()


def test_typed_nssf_number_and_enter_is_a_lookup_not_a_scan(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    member = ui_lab.member()
    qtbot.keyClicks(window.search, format_member_number(member.member_id))
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current is not None and window.tasks.idle())
    assert window.panel.colour == "blue"
    assert format_member_number(member.member_id) in window.panel.body.text()


def test_three_visits_get_tickets_1_2_3_and_call_next_takes_them_in_order(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    people = ui_lab.members[:3]
    for member in people:
        wedge_scan(qtbot, window, ui_lab.text(member))
        qtbot.keyClick(window, Qt.Key.Key_F3)
        qtbot.waitUntil(window.tasks.idle)
    tickets = [window.queue_list.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)]
    assert tickets == [1, 2, 3]
    called = []
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(window.tasks.idle)
        first = window.queue_list.item(0)
        called.append(first.data(Qt.ItemDataRole.UserRole + 1))
        window.queue_list.setCurrentRow(0)
        qtbot.keyClick(window, Qt.Key.Key_F6)
        qtbot.waitUntil(window.tasks.idle)
    assert called == [1, 2, 3]
    assert window.queue_list.count() == 0


def test_visit_keeps_the_decision_shown_and_who_registered_it(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    wedge_scan(qtbot, window, ui_lab.text())
    window.register_visit()
    qtbot.waitUntil(window.tasks.idle)
    with window.desk.engine.connect() as connection:
        [visit] = visits.queue(connection, TODAY)
    assert visit.registered_by == "reception-1"
    assert visit.card_result == "valid"
    assert visit.decision["decisions"][0]["benefit"] == "outpatient"


def test_switching_language_retranslates_the_open_window(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    wedge_scan(qtbot, window, ui_lab.text())
    english_title = window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.tasks.idle)
    assert window.language.code == "km"
    assert window.windowTitle() != english_title
    assert window.register_button.text() == "ចុះឈ្មោះការមកពិនិត្យ (F3)"
    assert "កាតត្រូវបានផ្ទៀងផ្ទាត់" in window.panel.banner.text()
    window.toggle_language()
    qtbot.waitUntil(window.tasks.idle)
    assert window.windowTitle() == english_title


def test_card_image_file_gives_a_decision(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab, tmp_path: object
) -> None:
    member = ui_lab.member()
    path = Path(str(tmp_path)) / "card.png"
    save_card(render_card(member, ui_lab.text(member)), path)
    window.scan_image(path)
    qtbot.waitUntil(window.tasks.idle)
    assert _outcome(window).card.code == "valid"


def test_image_without_a_card_says_so(qtbot: QtBot, window: MainWindow, tmp_path: object) -> None:
    path = Path(str(tmp_path)) / "not-an-image.png"
    path.write_bytes(b"nothing here")
    window.scan_image(path)
    qtbot.waitUntil(window.tasks.idle)
    assert window.panel.colour == "amber"
    assert "not a readable image" in window.panel.banner.text()


def test_an_english_window_is_english_even_when_an_earlier_window_was_left_in_khmer(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The language is application-wide: one translator, never one per window."""
    other = MainWindow(window.desk, language="km", user="reception-2", today=TODAY)
    qtbot.addWidget(other)
    assert other.register_button.text() == "ចុះឈ្មោះការមកពិនិត្យ (F3)"
    window.set_language("en")
    assert window.register_button.text() == "Register visit (F3)"
    assert window.windowTitle().isascii()
    qtbot.waitUntil(other.tasks.idle)
    other.close()


def test_benefits_slip_prints_one_page_through_a_printer(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab, tmp_path: Path
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    assert not window.print_slip(printer)  # nobody scanned yet: a message, no page
    assert "Scan a card" in window.panel.banner.text()
    wedge_scan(qtbot, window, ui_lab.text())
    assert window.print_slip(printer)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 1  # one page
