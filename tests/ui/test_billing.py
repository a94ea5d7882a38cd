"""Billing staff fill in, queue and submit claims through the screens, against the real
reference server on loopback, and see NSSF's answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtMultimedia import QVideoFrame
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hospital_desk.claims.model import Benefit, Funeral, Hospitalisation, Maternity, State
from hospital_desk.members import format_member_number
from hospital_desk.ui.billing import BillingWindow
from hospital_desk.ui.claim_form import ClaimForm
from nssf_central.schema import claims as central_claims
from tests.claims.claimlab import DECEASED, MOTHER, PATIENT, TODAY
from tests.serverfixture import CentralServer
from tests.ui.billingfixture import (
    add_visit,
    attach,
    billing,
    billing_desk,
    write_pdf,
    write_png,
)
from tests.ui.helpers import type_text

__all__ = ["billing", "billing_desk"]


def _form(qtbot: QtBot, billing: BillingWindow, benefit: Benefit) -> ClaimForm:
    form = billing.new_claim(benefit)
    assert form is not None
    qtbot.waitExposed(form)
    return form


def _queue(qtbot: QtBot, form: ClaimForm) -> None:
    form.queue_button.click()
    qtbot.waitUntil(form.tasks.idle)
    assert form.claim is not None, (
        form.member.text()
        + form.status.text()
        + form.general.text()
        + str({k: v.text() for k, v in form.errors.items()})
    )
    assert form.claim.state is State.QUEUED, form.general.text() + form.status.text()


def _document_photo() -> QVideoFrame:
    """A camera frame of a paper document on the desk."""
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(230, 230, 220))
    return QVideoFrame(image)


def test_one_claim_of_each_kind_is_filled_in_queued_submitted_and_paid_through_the_screens(
    qtbot: QtBot,
    billing: BillingWindow,
    central_server: CentralServer,
    tmp_path: Path,
) -> None:
    # Maternity, started from the mother's visit: her number and the date come from it.
    visit = add_visit(billing.desk, MOTHER)
    billing.refresh()
    qtbot.waitUntil(billing.tasks.idle)
    assert billing.select_visit(visit.visit_id)
    form = _form(qtbot, billing, Benefit.MATERNITY)
    assert form.member.text() == format_member_number(MOTHER)
    assert form.delivery_date.date().toPython() == TODAY
    form.antenatal.setValue(4)
    form.lines.add_line()
    form.lines.set_service(1, "ANC-VISIT")
    form.lines.set_quantity(1, 4)
    attach(qtbot, form, "delivery_record", write_pdf(tmp_path, "delivery.pdf"))
    _queue(qtbot, form)
    maternity = form.claim
    assert maternity is not None and isinstance(maternity.input.details, Maternity)
    assert maternity.input.visit_id == visit.visit_id
    assert maternity.amount_claimed == 250_000 + 4 * 12_000
    form.close()
    billing.visit_list.setCurrentRow(-1)  # no visit chosen: the next claims start empty

    # Hospitalisation, typed in: number, dates, a diagnosis found by its words.
    form = _form(qtbot, billing, Benefit.HOSPITALISATION)
    type_text(form.member, format_member_number(PATIENT))
    form.admitted_on.setDate(TODAY - dt.timedelta(days=6))
    form.discharged_on.setDate(TODAY - dt.timedelta(days=2))
    assert form.length_of_stay.text() == "4 days"
    type_text(form.principal, "lobar pneumonia")
    assert any(s.startswith("J18.1 ") for s in form.principal.suggestions())
    form.principal.setText("J18.1 Lobar pneumonia, unspecified")  # as the completer sets it
    form.secondary.setText("E11.9")
    form.lines.set_quantity(0, 4)
    form.lines.add_line()
    form.lines.set_service(1, "XRAY")
    form.document_kind.setCurrentIndex(form.document_kind.findData("discharge_summary"))
    photo = form.open_photo()
    photo.preview.videoSink().setVideoFrame(_document_photo())
    assert photo.take_photo()
    qtbot.waitUntil(lambda: len(form.documents.documents()) == 1 and form.tasks.idle())
    attach(qtbot, form, "invoice", write_png(tmp_path, "invoice.png", "yellow"))
    _queue(qtbot, form)
    hospital = form.claim
    assert hospital is not None and isinstance(hospital.input.details, Hospitalisation)
    assert hospital.input.details.principal_diagnosis == "J18.1"
    assert hospital.amount_claimed == 4 * 40_000 + 30_000
    form.close()

    # Funeral: the deceased member and the next of kin.
    form = _form(qtbot, billing, Benefit.FUNERAL)
    type_text(form.member, format_member_number(DECEASED))
    form.died_on.setDate(TODAY - dt.timedelta(days=3))
    type_text(form.place, "Takhmao, Kandal")
    type_text(form.claimant_name, "សុខ ចន្ថា")
    form.relationship.setCurrentIndex(form.relationship.findData("child"))
    type_text(form.phone, "012 345 678")
    type_text(form.id_number, "010203040")
    attach(qtbot, form, "death_certificate", write_pdf(tmp_path, "death.pdf"))
    _queue(qtbot, form)
    funeral = form.claim
    assert funeral is not None and isinstance(funeral.input.details, Funeral)
    assert funeral.input.details.claimant.name == "សុខ ចន្ថា"
    form.close()

    qtbot.waitUntil(lambda: billing.tasks.idle() and billing.counts.get("queued") == 3)
    assert billing.table.rowCount() == 3
    billing.submit_all_button.click()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    assert billing.report.text().startswith("3 claims sent to NSSF.")
    with central_server.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(central_claims)).scalar() == 3
    central_server.review_claims()  # accepted
    central_server.review_claims()  # paid
    billing.pull_button.click()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    assert billing.report.text() == "6 decisions from NSSF."
    assert billing.counts["paid"] == 3
    assert "Paid 3" in billing.counts_label.text()
    states = {billing.table.item(r, 4).text() for r in range(billing.table.rowCount())}
    assert states == {"Paid"}
    billing.table.selectRow(0)
    qtbot.waitUntil(billing.tasks.idle)
    detail = billing.detail.toPlainText()
    assert "NSSF claim number: NSSF-C-" in detail and "reference" in detail


def test_problems_show_under_their_fields_in_english_and_in_khmer(
    qtbot: QtBot,
    billing: BillingWindow,
) -> None:
    form = _form(qtbot, billing, Benefit.HOSPITALISATION)
    type_text(form.member, "12ab")
    form.check_now()
    assert (
        form.errors["member_id"].text() == "✖ Not an NSSF number: 14 digits, like 1234567-8901234."
    )
    form.member.setText(format_member_number(PATIENT))
    form.admitted_on.setDate(TODAY - dt.timedelta(days=2))
    form.discharged_on.setDate(TODAY - dt.timedelta(days=5))
    form.principal.setText("XYZ.99")
    form.check_now()
    qtbot.waitUntil(form.tasks.idle)
    assert "The discharge date is before the admission date." in form.errors["discharged_on"].text()
    assert "XYZ.99 is not a WHO ICD-10" in form.errors["principal_diagnosis"].text()
    assert "A document is missing" in form.errors["documents"].text()
    assert form.member_name.text().endswith("CHAN DARA")
    form.queue_button.click()  # not queued: kept as a draft, the messages stay
    qtbot.waitUntil(form.tasks.idle)
    assert form.claim is not None and form.claim.state is State.DRAFT
    assert form.status.text() == "Saved as a draft. Fix the marked fields to queue it."
    billing.set_language("km")  # the open form follows (Qt's LanguageChange event)
    qtbot.waitUntil(lambda: form.language == "km")
    assert "ថ្ងៃចេញពីមន្ទីរពេទ្យ មុនថ្ងៃចូលសម្រាកព្យាបាល។" in form.errors["discharged_on"].text()
    assert form.status.text() != "Saved as a draft. Fix the marked fields to queue it."
    form.close()


def test_a_file_that_is_not_a_document_too_large_or_cut_short_is_refused_with_a_message(
    qtbot: QtBot,
    billing: BillingWindow,
    tmp_path: Path,
) -> None:
    form = _form(qtbot, billing, Benefit.FUNERAL)
    cases = {
        "notes.pdf": (b"just some text, not a PDF\n" * 10, "Only PDF, JPEG or PNG"),
        "cut.png": (write_png(tmp_path, "whole.png").read_bytes()[:-20], "damaged"),
        "empty.pdf": (b"", "empty"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        form.attach_file(tmp_path / name)
        qtbot.waitUntil(form.tasks.idle)
        assert message in form.errors["documents"].text(), name
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as f:
        f.truncate(11 * 1024 * 1024)  # sparse: never read, refused by its size
    form.attach_file(huge)
    qtbot.waitUntil(form.tasks.idle)
    assert "too large (at most 10 MB)" in form.errors["documents"].text()
    form.attach_file(tmp_path / "missing.pdf")
    qtbot.waitUntil(form.tasks.idle)
    assert "cannot be read" in form.errors["documents"].text()
    assert form.documents.documents() == ()
    photo = form.open_photo()
    assert not photo.take_photo()  # no frame yet: nothing attached
    assert photo.message.text() == "No picture from the camera yet."
    photo.close()
    form.close()


def test_a_rejected_claim_shows_nssf_reasons_and_is_corrected_and_queued_again(
    qtbot: QtBot,
    billing: BillingWindow,
    central_server: CentralServer,
    tmp_path: Path,
) -> None:
    form = _form(qtbot, billing, Benefit.MATERNITY)
    type_text(form.member, format_member_number(MOTHER))
    form.delivery_date.setDate(TODAY - dt.timedelta(days=4))
    form.delivery_type.setCurrentIndex(form.delivery_type.findData("caesarean"))
    form.lines.set_service(0, "DEL-CSECTION")
    attach(qtbot, form, "delivery_record", write_pdf(tmp_path, "record.pdf"))
    _queue(qtbot, form)
    assert "No medical indication" in form.errors["indication"].text()  # a warning only
    form.close()
    billing.submit()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    central_server.review_claims()
    billing.pull()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    assert billing.counts["rejected"] == 1
    billing.table.selectRow(0)
    qtbot.waitUntil(billing.tasks.idle)
    assert "Why NSSF rejected it" in billing.detail.toPlainText()
    form = billing.open_selected()
    assert form is not None
    qtbot.waitUntil(form.tasks.idle)
    assert "NSSF rejected this claim:" in form.general.text()
    assert form.queue_button.text() == "Correct and queue again"
    form.indication.setText("O82.1")
    _queue(qtbot, form)
    assert form.claim is not None and form.claim.revision == 2
    form.close()
    billing.submit()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    central_server.review_claims()
    billing.pull()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    assert billing.counts["accepted"] == 1 and billing.counts["rejected"] == 0


def test_submitting_while_nssf_is_down_keeps_the_claims_queued_and_says_so(
    qtbot: QtBot,
    billing: BillingWindow,
    central_server: CentralServer,
    tmp_path: Path,
) -> None:
    form = _form(qtbot, billing, Benefit.FUNERAL)
    type_text(form.member, format_member_number(DECEASED))
    type_text(form.place, "Phnom Penh")
    type_text(form.claimant_name, "KEO SREY")
    type_text(form.phone, "012 345 678")
    type_text(form.id_number, "0102030405")
    attach(qtbot, form, "death_certificate", write_pdf(tmp_path, "death.pdf"))
    _queue(qtbot, form)
    form.close()
    central_server.stop()
    billing.submit()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=60_000)
    assert "cannot be reached now" in billing.report.text()
    assert billing.counts["queued"] == 1
    central_server.start()
    billing.submit()
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=30_000)
    assert billing.counts["submitted"] == 1


def test_hostile_text_in_the_form_is_cut_to_its_limit_and_garbage_codes_are_named(
    qtbot: QtBot,
    billing: BillingWindow,
) -> None:
    form = _form(qtbot, billing, Benefit.HOSPITALISATION)
    form.member.setText("٣" * 100_000)  # Arabic-Indic digits, a huge paste
    assert len(form.member.text()) == 40
    form.check_now()
    assert "Not an NSSF number" in form.errors["member_id"].text()
    form.member.setText(format_member_number(PATIENT))
    form.secondary.setText("\u202e%%%,J18.9;;;" + "Z" * 500)
    assert len(form.secondary.text()) == 200
    form.principal.setText("\x00DROP TABLE claims")
    form.delay_reason.setText("late " * 1000)
    assert len(form.delay_reason.text()) == 200
    form.check_now()
    qtbot.waitUntil(form.tasks.idle)
    assert "is not a WHO ICD-10" in form.errors["secondary_diagnoses"].text()
    assert "is not a WHO ICD-10" in form.errors["principal_diagnosis"].text()
    form.save_button.click()  # kept as a draft, garbage and all, for fixing later
    qtbot.waitUntil(form.tasks.idle)
    assert form.claim is not None and form.claim.state is State.DRAFT
    stored = billing.book.get(form.claim.claim_id).input.details
    assert isinstance(stored, Hospitalisation) and stored.principal_diagnosis == "\x00DROP"
    form.close()
