"""The billing screens in Khmer and English: every character drawable (no tofu), saved as
PNG in build/screenshots/ to be looked at; and a claim started from the reception queue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hospital_desk.claims.model import Benefit
from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from hospital_desk.members import format_member_number
from hospital_desk.ui.billing import BillingWindow
from hospital_desk.ui.main_window import MainWindow
from tests.card.cardlab import CardLab
from tests.claims.claimlab import MOTHER, PATIENT, TODAY, crowd, load_people, queue_claims
from tests.serverfixture import CentralServer
from tests.ui.billingfixture import add_visit, attach, billing, billing_desk, write_pdf
from tests.ui.conftest import SCREENSHOTS
from tests.ui.helpers import wedge_scan

__all__ = ["billing", "billing_desk"]


def shown_texts(root: QWidget) -> list[tuple[QWidget, str]]:
    """Every text a person sees in `root` and its children."""
    out: list[tuple[QWidget, str]] = [(root, root.windowTitle())]
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root):
            out.append((label, label.text()))
    out += [(b, b.text()) for b in root.findChildren(QAbstractButton) if b.isVisibleTo(root)]
    out += [(g, g.title()) for g in root.findChildren(QGroupBox)]
    out += [(e, e.placeholderText() + e.text()) for e in root.findChildren(QLineEdit)]
    for combo in root.findChildren(QComboBox):
        out += [(combo, combo.itemText(i)) for i in range(combo.count())]
    for table in root.findChildren(QTableWidget):
        for column in range(table.columnCount()):
            header = table.horizontalHeaderItem(column)
            out.append((table, header.text() if header else ""))
            for row in range(table.rowCount()):
                item = table.item(row, column)
                out.append((table, item.text() if item else ""))
    for listing in root.findChildren(QListWidget):
        out += [(listing, listing.item(i).text()) for i in range(listing.count())]
    out += [(b, b.toPlainText()) for b in root.findChildren(QTextBrowser)]
    return out


def assert_no_tofu(root: QWidget) -> None:
    missing = {
        (ch, type(widget).__name__)
        for widget, text in shown_texts(root)
        for ch in text
        if not ch.isspace() and not QFontMetrics(widget.font()).inFontUcs4(ord(ch))
    }
    assert missing == set(), f"characters the font cannot draw: {sorted(missing)}"


def assert_khmer_shown(root: QWidget) -> None:
    """In Khmer, the window's own words are Khmer (not English left untranslated)."""
    labels = [t for w, t in shown_texts(root) if isinstance(w, QAbstractButton | QGroupBox) and t]
    assert labels and all(any("\u1780" <= c <= "\u17ff" for c in t) for t in labels), labels


def save(widget: QWidget, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize("language", ["en", "km"])
def test_billing_window_and_claim_forms_render_without_tofu_and_are_saved(  # noqa: PLR0917 - fixtures
    qtbot: QtBot,
    billing_desk: Desk,
    billing: BillingWindow,
    central_server: CentralServer,
    tmp_path: Path,
    language: str,
) -> None:
    people = crowd(12)
    load_people(billing_desk, people)
    book = ClaimBook(billing_desk, "billing-1", today=lambda: TODAY)
    add_visit(billing_desk, MOTHER)
    add_visit(billing_desk, PATIENT, TODAY - dt.timedelta(days=1))
    queue_claims(book, people)
    billing.submit()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    central_server.review_claims()
    central_server.review_claims()
    billing.set_language(language)
    billing.pull()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    billing.refresh()
    qtbot.waitUntil(billing.tasks.idle)
    rejected = next(i for i, c in enumerate(billing.claims) if c.reasons)
    billing.table.selectRow(rejected)
    qtbot.waitUntil(lambda: billing.tasks.idle() and billing.detail.toPlainText() != "")
    assert_no_tofu(billing)
    if language == "km":
        assert_khmer_shown(billing)
    save(billing, f"billing-{language}")

    reconciliation = billing.open_reconciliation()
    qtbot.waitUntil(lambda: reconciliation.total is not None)
    assert_no_tofu(reconciliation)
    save(reconciliation, f"reconciliation-{language}")
    reconciliation.close()

    billing.visit_list.setCurrentRow(0)
    for benefit in Benefit:
        form = billing.new_claim(benefit)
        assert form is not None
        qtbot.waitExposed(form)
        if benefit is Benefit.MATERNITY:  # a caesarean with no reason: a warning shown
            form.delivery_type.setCurrentIndex(1)
            form.lines.set_service(0, "DEL-CSECTION")
            attach(qtbot, form, "delivery_record", write_pdf(tmp_path, f"d-{language}.pdf"))
        if benefit is Benefit.HOSPITALISATION:  # errors shown under their fields
            form.discharged_on.setDate(TODAY - dt.timedelta(days=3))
            form.principal.setText("J18")
        form.check_now()
        qtbot.waitUntil(form.tasks.idle)
        assert_no_tofu(form)
        if language == "km":
            assert_khmer_shown(form)
        save(form, f"claim-{benefit}-{language}")
        form.close()


def test_f8_in_reception_opens_billing_on_that_visit_and_its_claim_starts_filled_in(
    qtbot: QtBot, window: MainWindow, ui_lab: CardLab
) -> None:
    member = ui_lab.members[0]
    wedge_scan(qtbot, window, ui_lab.text(member))
    window.register_visit()
    qtbot.waitUntil(lambda: window.tasks.idle() and window.queue_list.count() == 1)
    billing = window.claim_for_visit()
    qtbot.waitUntil(lambda: window.tasks.idle() and billing.selected_visit() is not None)
    visit = billing.selected_visit()
    assert visit is not None and visit.member_id == member.member_id
    form = billing.new_claim(Benefit.HOSPITALISATION)
    assert form is not None
    assert form.member.text() == format_member_number(member.member_id)
    assert form.admitted_on.date().toPython() == window.today
    assert form.visit_id == visit.visit_id
    form.close()
    billing.close()
