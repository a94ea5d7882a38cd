"""The claim form, one per benefit: fill in, see every problem next to its field, queue.

The form builds a `ClaimInput` from its fields and asks the claim book (in a database
task) for the findings, as you type; each finding shows under the field it is about, in
the language in force (resources/messages/claims.json), errors in red, warnings in
amber. "Save draft" keeps it as it is; "Save and queue" runs every check and queues the
claim for NSSF only when none fails (else it stays a draft, with the messages shown).
A rejected claim opens with NSSF's reasons and is corrected into a new revision.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hospital_desk.claims.attachments import MAX_ATTACHMENT, AttachmentError
from hospital_desk.claims.checks import MAX_TEXT, Finding, errors
from hospital_desk.claims.model import (
    DELIVERY_TYPES,
    DOCUMENT_KINDS,
    Benefit,
    Claim,
    Claimant,
    ClaimInput,
    Details,
    Document,
    Funeral,
    Hospitalisation,
    Line,
    Maternity,
    State,
)
from hospital_desk.claims.states import EDITABLE
from hospital_desk.claims.store import ClaimBook
from hospital_desk.claims.tariff import Tariff
from hospital_desk.errors import DeskError, MemberNumberError
from hospital_desk.member_store import get_member
from hospital_desk.members import MemberId, format_member_number, parse_member_number
from hospital_desk.messages import render
from hospital_desk.ui.claim_fields import (
    DocumentsList,
    Icd10Field,
    LinesTable,
    date_edit,
    date_of,
    document_kind_name,
    error_label,
    set_date,
)
from hospital_desk.ui.i18n import current_language, tr
from hospital_desk.ui.photo import PhotoDialog
from hospital_desk.ui.tasks import TaskManager
from hospital_desk.visits import Visit

CHECK_DELAY_MS = 400
ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5a00;"
RELATIONSHIPS = ("spouse", "child", "parent", "sibling", "other")
DEFAULT_LINES = {
    Benefit.MATERNITY: (Line("DEL-NORMAL"),),
    Benefit.HOSPITALISATION: (Line("IPD-DAY"),),
    Benefit.FUNERAL: (Line("FUNERAL"),),
}


class FormError(Exception):
    """A field that cannot be read at all (shown under it; no claim is built)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def benefit_name(benefit: str) -> str:
    names = {
        Benefit.MATERNITY: tr("Maternity"),
        Benefit.HOSPITALISATION: tr("Hospitalisation"),
        Benefit.FUNERAL: tr("Funeral"),
    }
    return names.get(Benefit(benefit), benefit)


class ClaimForm(QDialog):
    sig_saved = Signal(str)
    """The claim's id, after it was saved (whatever its state)."""

    def __init__(
        self,
        book: ClaimBook,
        tasks: TaskManager,
        *,
        tariff: Tariff,
        benefit: Benefit,
        language: str,
        today: dt.date,
        claim: Claim | None = None,
        visit: Visit | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.tasks = tasks
        self.benefit = benefit
        self.language = language
        self.today = today
        self.claim = claim
        self.visit_id = claim.input.visit_id if claim else (visit.visit_id if visit else None)
        self.findings: tuple[Finding, ...] = ()
        self.status_kind = ""  # what the last save did: queued, draft_errors, draft
        self.errors: dict[str, QLabel] = {}
        self._build(tariff)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        if claim is not None:
            self._fill(claim.input)
        else:
            self._prefill(visit)
        self._connect_changes()
        self.retranslate()
        self._set_editable()
        self.resize(760, 820)

    # --- building -------------------------------------------------------------------------
    def _build(self, tariff: Tariff) -> None:
        self.general = error_label("general")
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        self.member = QLineEdit()
        self.member.setObjectName("member")
        self.member.setMaxLength(40)
        self.member_name = QLabel()
        self.member_name.setObjectName("memberName")
        self.details_box = QGroupBox()
        self.details_form = QFormLayout(self.details_box)
        self.rows: list[tuple[str, QLabel, QWidget]] = []
        self.lines = LinesTable(tariff, self.language)
        self.documents = DocumentsList()
        self.document_kind = QComboBox()
        for kind in DOCUMENT_KINDS:
            self.document_kind.addItem(kind, kind)
        self.attach_button = QPushButton()
        self.photo_button = QPushButton()
        self.remove_document_button = QPushButton()
        self.attach_button.clicked.connect(self.choose_file)
        self.photo_button.clicked.connect(self.open_photo)
        self.remove_document_button.clicked.connect(self.documents.remove_selected)
        self.delay_reason = QLineEdit()
        self.delay_reason.setMaxLength(MAX_TEXT)
        self.check_button = QPushButton()
        self.save_button = QPushButton()
        self.queue_button = QPushButton()
        self.close_button = QPushButton()
        self.check_button.clicked.connect(self.check_now)
        self.save_button.clicked.connect(lambda: self.save(queue=False))
        self.queue_button.clicked.connect(lambda: self.save(queue=True))
        self.close_button.clicked.connect(self.reject)
        self._build_details()
        self._layout()

    def _row(self, name: str, widget: QWidget, form: QFormLayout | None = None) -> None:
        """A labelled field with its message line under it."""
        label = QLabel()
        error = error_label(name)
        self.errors[name] = error
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        (form or self.details_form).addRow(label, holder)
        self.rows.append((name, label, widget))

    def _rows(self, *rows: tuple[str, QWidget]) -> None:
        for name, widget in rows:
            self._row(name, widget)

    def _build_details(self) -> None:
        today = self.today
        if self.benefit is Benefit.MATERNITY:
            self.delivery_date = date_edit(today)
            self.delivery_type = QComboBox()
            for kind in DELIVERY_TYPES:
                self.delivery_type.addItem(kind, kind)
            self.babies, self.antenatal, self.weeks = QSpinBox(), QSpinBox(), QSpinBox()
            self.babies.setRange(0, 9)
            self.babies.setValue(1)
            self.antenatal.setRange(0, 60)
            self.weeks.setRange(0, 45)
            self.weeks.setValue(39)
            self.indication = Icd10Field()
            self.indication.setObjectName("indication")
            self._rows(
                ("delivery_date", self.delivery_date), ("delivery_type", self.delivery_type),
                ("babies", self.babies), ("antenatal_visits", self.antenatal),
                ("weeks", self.weeks), ("indication", self.indication),
            )  # fmt: skip
        elif self.benefit is Benefit.HOSPITALISATION:
            self.admitted_on, self.discharged_on = date_edit(today), date_edit(today)
            self.principal = Icd10Field()
            self.principal.setObjectName("principal")
            self.secondary = QLineEdit()
            self.secondary.setMaxLength(200)
            self.length_of_stay = QLabel()
            self._rows(
                ("admitted_on", self.admitted_on), ("discharged_on", self.discharged_on),
                ("length_of_stay", self.length_of_stay),
                ("principal_diagnosis", self.principal), ("secondary_diagnoses", self.secondary),
            )  # fmt: skip
        else:
            self.died_on = date_edit(today)
            self.place = QLineEdit()
            self.claimant_name = QLineEdit()
            self.relationship = QComboBox()
            for value in RELATIONSHIPS:
                self.relationship.addItem(value, value)
            self.phone = QLineEdit()
            self.id_number = QLineEdit()
            for edit in (self.place, self.claimant_name, self.phone, self.id_number):
                edit.setMaxLength(MAX_TEXT)
            self._rows(
                ("died_on", self.died_on), ("place_of_death", self.place),
                ("claimant.name", self.claimant_name),
                ("claimant.relationship", self.relationship),
                ("claimant.phone", self.phone), ("claimant.id_number", self.id_number),
            )  # fmt: skip

    def _layout(self) -> None:
        top = QFormLayout()
        self._row("member_id", self.member, top)
        top.addRow(QLabel(), self.member_name)
        self.services_box = QGroupBox()
        services = QVBoxLayout(self.services_box)
        services.addWidget(self.lines)
        self.errors["lines"] = error_label("lines")
        services.addWidget(self.errors["lines"])
        self.documents_box = QGroupBox()
        documents = QVBoxLayout(self.documents_box)
        documents.addWidget(self.documents)
        attach = QHBoxLayout()
        for widget in (self.document_kind, self.attach_button, self.photo_button,
                       self.remove_document_button):  # fmt: skip
            attach.addWidget(widget)
        documents.addLayout(attach)
        self.errors["documents"] = error_label("documents")
        documents.addWidget(self.errors["documents"])
        late = QFormLayout()
        self._row("delay_reason", self.delay_reason, late)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(top)
        column.addWidget(self.details_box)
        column.addWidget(self.services_box)
        column.addWidget(self.documents_box)
        column.addLayout(late)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        for button in (self.save_button, self.queue_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        number = tr("Claim %1").replace("%1", self.claim.claim_id[:8]) if self.claim else ""
        title = tr("New %1 claim") if self.claim is None else tr("%1 claim")
        self.setWindowTitle(f"{title.replace('%1', benefit_name(self.benefit))} {number}".strip())
        labels = {
            "member_id": tr("NSSF number"),
            "delivery_date": tr("Delivery date"),
            "delivery_type": tr("Delivery type"),
            "babies": tr("Babies born"),
            "antenatal_visits": tr("Antenatal visits"),
            "weeks": tr("Weeks of pregnancy"),
            "indication": tr("Reason for caesarean (ICD-10)"),
            "admitted_on": tr("Admitted on"),
            "discharged_on": tr("Discharged on"),
            "length_of_stay": tr("Length of stay"),
            "principal_diagnosis": tr("Main diagnosis (ICD-10 code or words)"),
            "secondary_diagnoses": tr("Other diagnoses (ICD-10 codes, commas between)"),
            "died_on": tr("Date of death"),
            "place_of_death": tr("Place of death"),
            "claimant.name": tr("Claimant's name (next of kin)"),
            "claimant.relationship": tr("Relationship to the member"),
            "claimant.phone": tr("Claimant's phone"),
            "claimant.id_number": tr("Claimant's ID card number"),
            "delay_reason": tr("Reason for a late claim"),
        }
        for name, label, _widget in self.rows:
            label.setText(labels[name])
        self.member.setPlaceholderText(tr("Scan the card or type the number"))
        self.details_box.setTitle(benefit_name(self.benefit))
        self.services_box.setTitle(tr("Services from the price list"))
        self.documents_box.setTitle(tr("Documents"))
        self.attach_button.setText(tr("Attach a file..."))
        self.photo_button.setText(tr("Photo from the camera..."))
        self.remove_document_button.setText(tr("Remove document"))
        for i in range(self.document_kind.count()):
            self.document_kind.setItemText(i, document_kind_name(self.document_kind.itemData(i)))
        if self.benefit is Benefit.MATERNITY:
            self.delivery_type.setItemText(0, tr("Normal"))
            self.delivery_type.setItemText(1, tr("Caesarean"))
            self.indication.setPlaceholderText(tr("Only for a caesarean, e.g. O82.1"))
        if self.benefit is Benefit.FUNERAL:
            for i, text in enumerate(
                (tr("Spouse"), tr("Child"), tr("Parent"), tr("Brother or sister"), tr("Other"))
            ):
                self.relationship.setItemText(i, text)
        self.check_button.setText(tr("Check"))
        self.save_button.setText(tr("Save draft"))
        corrected = self.claim is not None and self.claim.state is State.REJECTED
        self.queue_button.setText(
            tr("Correct and queue again") if corrected else tr("Save and queue for NSSF")
        )
        self.close_button.setText(tr("Close"))
        self.lines.retranslate()
        self.documents.retranslate()
        self._show_stay()
        self._show_findings()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.language = self.lines.language = current_language()
            self.retranslate()
        super().changeEvent(event)

    # --- filling in -----------------------------------------------------------------------
    def _prefill(self, visit: Visit | None) -> None:
        """A new claim: what the visit already knows, and the usual service for the benefit."""
        for line in DEFAULT_LINES[self.benefit]:
            self.lines.add_line(line)
        if visit is None or visit.member_id is None:
            return
        self.member.setText(format_member_number(visit.member_id))
        self.member_name.setText(str(visit.decision.get("name_khmer") or ""))
        day = visit.day
        for name in ("delivery_date", "admitted_on", "discharged_on", "died_on"):
            if hasattr(self, name):
                set_date(getattr(self, name), day)

    def _fill(self, claim: ClaimInput) -> None:
        self.member.setText(format_member_number(claim.member_id))
        d = claim.details
        if isinstance(d, Maternity):
            set_date(self.delivery_date, d.delivery_date)
            self.delivery_type.setCurrentIndex(max(self.delivery_type.findData(d.delivery_type), 0))
            self.babies.setValue(d.babies)
            self.antenatal.setValue(d.antenatal_visits)
            self.weeks.setValue(d.weeks)
            self.indication.setText(d.indication or "")
        elif isinstance(d, Hospitalisation):
            set_date(self.admitted_on, d.admitted_on)
            set_date(self.discharged_on, d.discharged_on)
            self.principal.setText(d.principal_diagnosis)
            self.secondary.setText(", ".join(d.secondary_diagnoses))
        else:
            set_date(self.died_on, d.died_on)
            self.place.setText(d.place_of_death)
            self.claimant_name.setText(d.claimant.name)
            index = self.relationship.findData(d.claimant.relationship)
            if index < 0:
                self.relationship.addItem(d.claimant.relationship, d.claimant.relationship)
                index = self.relationship.count() - 1
            self.relationship.setCurrentIndex(index)
            self.phone.setText(d.claimant.phone)
            self.id_number.setText(d.claimant.id_number)
        for line in claim.lines:
            self.lines.add_line(line)
        for document in claim.documents:
            self.documents.add(document)
        self.delay_reason.setText(claim.delay_reason or "")

    def _connect_changes(self) -> None:
        for _name, _label, widget in self.rows:
            for signal in ("textChanged", "dateChanged", "valueChanged", "currentIndexChanged"):
                if hasattr(widget, signal):
                    getattr(widget, signal).connect(self._changed)
        self.lines.sig_changed.connect(self._changed)
        self.documents.sig_changed.connect(self._changed)

    def _changed(self, *_args: Any) -> None:
        self._show_stay()
        self._timer.start()

    def _show_stay(self) -> None:
        if self.benefit is Benefit.HOSPITALISATION:
            days = max((date_of(self.discharged_on) - date_of(self.admitted_on)).days, 1)
            self.length_of_stay.setText(tr("%1 days").replace("%1", str(days)))

    def editable(self) -> bool:
        return self.claim is None or self.claim.state in EDITABLE | {State.REJECTED}

    def _set_editable(self) -> None:
        editable = self.editable()
        for widget in (self.details_box, self.services_box, self.documents_box, self.member,
                       self.delay_reason):  # fmt: skip
            widget.setEnabled(editable)
        for button in (self.check_button, self.save_button, self.queue_button):
            button.setVisible(editable)
        if self.claim is not None and self.claim.state is State.REJECTED:
            self.save_button.hide()  # a correction is one step: a new revision, queued

    # --- reading the fields ---------------------------------------------------------------
    def claim_input(self) -> ClaimInput:
        """The claim as the fields say it; FormError when a field cannot be read at all."""
        try:
            member_id = parse_member_number(self.member.text())
        except MemberNumberError as exc:
            raise FormError(
                "member_id", tr("Not an NSSF number: 14 digits, like 1234567-8901234.")
            ) from exc
        return ClaimInput(
            benefit=self.benefit,
            member_id=member_id,
            details=self._details(),
            lines=self.lines.lines(),
            documents=self.documents.documents(),
            delay_reason=self.delay_reason.text().strip() or None,
            visit_id=self.visit_id,
        )

    def _details(self) -> Details:
        if self.benefit is Benefit.MATERNITY:
            return Maternity(
                delivery_date=date_of(self.delivery_date),
                delivery_type=str(self.delivery_type.currentData()),
                babies=self.babies.value(),
                antenatal_visits=self.antenatal.value(),
                weeks=self.weeks.value(),
                indication=self.indication.code() or None,
            )
        if self.benefit is Benefit.HOSPITALISATION:
            secondary = self.secondary.text().replace(";", ",").replace(" ", ",").split(",")
            return Hospitalisation(
                admitted_on=date_of(self.admitted_on),
                discharged_on=date_of(self.discharged_on),
                principal_diagnosis=self.principal.code(),
                secondary_diagnoses=tuple(c.strip() for c in secondary if c.strip()),
            )
        claimant = Claimant(
            name=self.claimant_name.text().strip(),
            relationship=str(self.relationship.currentData()),
            phone=self.phone.text().strip(),
            id_number=self.id_number.text().strip(),
        )
        return Funeral(date_of(self.died_on), self.place.text().strip(), claimant)

    # --- checking and saving --------------------------------------------------------------
    def check_now(self) -> None:
        """Every finding for the claim as it stands, shown under the fields (in a task)."""
        self._timer.stop()
        try:
            claim = self.claim_input()
        except FormError as exc:
            self._show_form_error(exc)
            return
        book, claim_id = self.book, self.claim.claim_id if self.claim else None

        def work() -> tuple[tuple[Finding, ...], str | None]:
            with book.desk.engine.connect() as connection:
                member = get_member(connection, MemberId(claim.member_id))
            name = f"{member.name_khmer} / {member.name_latin}" if member else None
            return book.check(claim, claim_id), name

        self.tasks.run_db(work, self._checked, self._failed)

    def _checked(self, result: tuple[tuple[Finding, ...], str | None]) -> None:
        self.findings, name = result
        self.member_name.setText(name or "")
        self._show_findings()

    def save(self, queue: bool) -> None:
        """Save the claim (a draft); with `queue`, check it and queue it when nothing fails."""
        self._timer.stop()
        try:
            claim = self.claim_input()
        except FormError as exc:
            self._show_form_error(exc)
            return
        book, current = self.book, self.claim

        def work() -> tuple[Claim, tuple[Finding, ...]]:
            if current is None:
                saved = book.create(claim)
            elif current.state is State.REJECTED:
                saved = book.correct(current.claim_id, claim)
            else:
                saved = book.update(current.claim_id, claim)
            if not queue:
                return saved, book.check(claim, saved.claim_id)
            saved, findings = book.mark_ready(saved.claim_id)
            if saved.state is State.READY:
                saved = book.queue(saved.claim_id)
            return saved, findings

        self.tasks.run_db(work, self._saved, self._failed)

    def _saved(self, result: tuple[Claim, tuple[Finding, ...]]) -> None:
        self.claim, self.findings = result
        state = self.claim.state
        if state is State.QUEUED:
            self.status_kind = "queued"
        elif errors(self.findings):
            self.status_kind = "draft_errors"
        else:
            self.status_kind = "draft"
        self.retranslate()
        self._set_editable()
        self.sig_saved.emit(self.claim.claim_id)

    def _failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, DeskError) else tr("Something went wrong.")
        self.status_kind = ""
        self.status.setText(message)
        self.status.setStyleSheet(ERROR_STYLE)

    # --- showing messages -----------------------------------------------------------------
    def _message(self, finding: Finding) -> str:
        params = finding.params_dict
        if "kind" in params:  # document kinds by their names, not their codes
            params["kind"] = " / ".join(document_kind_name(k) for k in params["kind"].split(" / "))
        if "field" in params:  # the field by its label
            labels = {name: label.text() for name, label, _widget in self.rows}
            params["field"] = labels.get(params["field"], params["field"])
        text = render(finding.code, params, self.language)
        if finding.line is not None:
            line = tr("Line %1: ").replace("%1", str(finding.line + 1))
            text = line + text
        return text

    def _show_findings(self) -> None:
        by_field: dict[str, list[Finding]] = {}
        for finding in self.findings:
            name = finding.field if finding.field in self.errors else "general"
            by_field.setdefault(name, []).append(finding)
        if self.claim is not None and self.claim.state is State.REJECTED:
            by_field.setdefault("general", [])
        for name, label in [*self.errors.items(), ("general", self.general)]:
            found = by_field.get(name, [])
            lines = [("✖ " if f.error else "⚠ ") + self._message(f) for f in found]
            if name == "general":
                lines = self._nssf_reasons() + lines
            label.setText("\n".join(lines))
            label.setStyleSheet(ERROR_STYLE if any(f.error for f in found) else WARNING_STYLE)
            label.setVisible(bool(lines))
        statuses = {
            "queued": tr("Queued for NSSF: it is sent with the next submission."),
            "draft_errors": tr("Saved as a draft. Fix the marked fields to queue it."),
            "draft": tr("Saved as a draft."),
        }
        if self.status_kind:
            self.status.setText(statuses[self.status_kind])
            self.status.setStyleSheet("")

    def _nssf_reasons(self) -> list[str]:
        if self.claim is None or self.claim.state is not State.REJECTED:
            return []
        out = [tr("NSSF rejected this claim:")]
        for reason in self.claim.reasons:
            text = reason.text_km if self.language == "km" else reason.text_en
            where = (
                tr("Line %1: ").replace("%1", str(reason.line + 1))
                if reason.line is not None
                else ""
            )
            out.append(f"• {where}{text} ({reason.code})")
        return out

    def _show_form_error(self, error: FormError) -> None:
        self.findings = ()
        self._show_findings()
        label = self.errors.get(error.field, self.general)
        label.setText("✖ " + error.message)
        label.setStyleSheet(ERROR_STYLE)
        label.show()

    # --- documents ------------------------------------------------------------------------
    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - only when asked

        path, _ = QFileDialog.getOpenFileName(
            self, tr("Attach a document"), "", tr("PDF or images (*.pdf *.jpg *.jpeg *.png)")
        )
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> None:
        """Attach a file as the kind chosen (PDF, JPEG or PNG; checked by its content)."""

        def work() -> bytes:
            if path.stat().st_size > MAX_ATTACHMENT:  # not read into memory at all
                raise AttachmentError("attachment.too_large", "too large")
            return path.read_bytes()

        self.tasks.run_db(work, self.attach_bytes, self._attach_failed)

    def attach_bytes(self, data: bytes) -> None:
        kind, book = str(self.document_kind.currentData()), self.book
        self.tasks.run_db(
            lambda: Document(kind, book.attach(data).sha256),
            self.documents.add,
            self._attach_failed,
        )

    def _attach_failed(self, error: BaseException) -> None:
        if isinstance(error, AttachmentError):
            text = render(error.code, {"limit": MAX_ATTACHMENT // (1024 * 1024)}, self.language)
        elif isinstance(error, OSError):
            text = tr("The file cannot be read.")
        else:
            text = tr("Something went wrong.")
        label = self.errors["documents"]
        label.setText("✖ " + text)
        label.setStyleSheet(ERROR_STYLE)
        label.show()

    def open_photo(self) -> PhotoDialog:
        """Photograph a paper document with the webcam; the picture is attached (PNG)."""
        dialog = PhotoDialog(self)
        dialog.sig_photo.connect(self.attach_bytes)
        dialog.open()
        return dialog
