"""The billing window: claims from visits, their list and counts, submission, NSSF's answers.

    left     recent visits (a claim started from one has its member and dates filled in)
             and the three "new claim" buttons
    middle   the claims, filtered by state, benefit, month and member, and the count of
             claims in each state
    right    the selected claim: its state, NSSF's number, reasons per claim and per line,
             payment, and its history (who did what, when)

Submitting runs in the background (TaskManager.run_net): the claims in flight stay
`submitting` until NSSF's answer is stored, so closing the window or the power going
off never loses or doubles one. Keys: Ctrl+N new claim from the selected visit, Enter
open, Ctrl+Enter submit all queued, F9 get NSSF's decisions, Ctrl+R reconciliation.
"""

from __future__ import annotations

import datetime as dt
import getpass
import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hospital_desk import visits
from hospital_desk.claims.model import Benefit, Claim, State
from hospital_desk.claims.store import ClaimBook
from hospital_desk.claims.tariff import Tariff, active_tariff
from hospital_desk.desk import Desk
from hospital_desk.errors import DeskError, MemberNumberError
from hospital_desk.member_store import get_member
from hospital_desk.members import format_member_number, parse_member_number
from hospital_desk.messages import khmer_digits, render
from hospital_desk.sync.claims_client import ClaimSender, PullReport, SubmitReport
from hospital_desk.sync.client import CentralClient
from hospital_desk.sync.syncer import load_device
from hospital_desk.ui.claim_fields import riel
from hospital_desk.ui.claim_form import ClaimForm, benefit_name
from hospital_desk.ui.i18n import Language, current_language, khmer_font, tr
from hospital_desk.ui.reconciliation import ReconciliationDialog
from hospital_desk.ui.tasks import TaskManager

MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
COLUMNS = 7


def state_name(state: str) -> str:
    """A claim state's name in the language in force (the CLI's words: one catalogue)."""
    return render(f"claim_state.{State(state)}", {}, current_language())


class BillingWindow(QMainWindow):
    def __init__(
        self,
        desk: Desk,
        *,
        language: str = "km",
        user: str | None = None,
        today: dt.date | None = None,
        tasks: TaskManager | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.user = user or getpass.getuser()
        self.today = today
        self.own_tasks = tasks is None
        self.tasks = tasks or TaskManager(self)
        self.book = ClaimBook(desk, self.user, today=self._day)
        self.language = Language()
        self.tariff: Tariff | None = None
        self.claims: list[Claim] = []
        self.counts: dict[str, int] = {}
        self.visits: list[visits.Visit] = []
        self.names: dict[int, str] = {}  # member id -> Khmer name, for the list
        self.busy = False
        self.report_text = ""
        self.form: ClaimForm | None = None
        self.pending_visit: str | None = None  # select it once the visits are shown
        self._build()
        self.set_language(language)
        self.refresh()

    def _day(self) -> dt.date:
        return self.today or dt.date.today()

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:  # noqa: PLR0915 - one screen's widgets, in reading order
        self.setFont(khmer_font(11))
        self.visits_title = QLabel()
        self.visit_list = QListWidget()
        self.visit_list.setObjectName("visits")
        self.new_buttons = {b: QPushButton() for b in Benefit}
        for benefit, button in self.new_buttons.items():
            button.clicked.connect(lambda _c=False, b=benefit: self.new_claim(b))
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.visits_title)
        column.addWidget(self.visit_list, 1)
        for button in self.new_buttons.values():
            column.addWidget(button)
        self.state_filter, self.benefit_filter = QComboBox(), QComboBox()
        self.month_filter, self.member_filter = QLineEdit(), QLineEdit()
        self.month_filter.setMaxLength(7)
        self.member_filter.setMaxLength(40)
        self.filter_message = QLabel()
        self.filter_message.setStyleSheet("color: #b3261e;")
        filters = QHBoxLayout()
        filters.addWidget(self.state_filter)
        filters.addWidget(self.benefit_filter)
        filters.addWidget(self.month_filter)
        filters.addWidget(self.member_filter)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.refresh_claims())
        self.benefit_filter.currentIndexChanged.connect(lambda _i: self.refresh_claims())
        self.month_filter.returnPressed.connect(self.refresh_claims)
        self.member_filter.returnPressed.connect(self.refresh_claims)
        self.month_filter.editingFinished.connect(self.refresh_claims)
        self.member_filter.editingFinished.connect(self.refresh_claims)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("claims")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.counts_label.setWordWrap(True)
        self.open_button, self.submit_selected_button = QPushButton(), QPushButton()
        self.submit_all_button, self.pull_button = QPushButton(), QPushButton()
        self.reconcile_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.submit_selected_button.clicked.connect(self.submit_selected)
        self.submit_all_button.clicked.connect(lambda: self.submit())  # noqa: PLW0108 - not (checked)
        self.pull_button.clicked.connect(self.pull)
        self.reconcile_button.clicked.connect(self.open_reconciliation)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.submit_selected_button, self.submit_all_button,
                       self.pull_button, self.reconcile_button):  # fmt: skip
            buttons.addWidget(button)
        self.report = QLabel()
        self.report.setObjectName("report")
        self.report.setWordWrap(True)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.addLayout(filters)
        column.addWidget(self.filter_message)
        column.addWidget(self.table, 1)
        column.addWidget(self.counts_label)
        column.addLayout(buttons)
        column.addWidget(self.report)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        splitter = QSplitter()
        for widget in (left, middle, self.detail):
            splitter.addWidget(widget)
        self.detail.setMinimumWidth(300)
        left.setMaximumWidth(340)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 720, 360])
        self.setCentralWidget(splitter)
        self._actions: list[tuple[QAction, Callable[[], str]]] = []
        for shortcut, slot, name in (
            ("Ctrl+N", lambda: self.new_claim(None), lambda: tr("New claim")),
            ("Ctrl+Return", lambda: self.submit(), lambda: tr("Submit all queued")),  # noqa: PLW0108
            ("F9", self.pull, lambda: tr("Get NSSF's decisions")),
            ("Ctrl+R", self.open_reconciliation, lambda: tr("Reconciliation")),
            ("Ctrl+L", self.toggle_language, lambda: tr("English / Khmer")),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self.addAction(action)
            self._actions.append((action, name))
        self.resize(1360, 780)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("NSSF Hospital Desk: claims and billing"))
        self.visits_title.setText(tr("Recent visits: pick one, then start its claim"))
        for benefit, button in self.new_buttons.items():
            button.setText(tr("New claim: %1").replace("%1", benefit_name(benefit)))
        self._fill_combo(self.state_filter, tr("All states"), [(s, state_name(s)) for s in State])
        self._fill_combo(
            self.benefit_filter, tr("All benefits"), [(b, benefit_name(b)) for b in Benefit]
        )
        self.month_filter.setPlaceholderText(tr("Month (YYYY-MM)"))
        self.member_filter.setPlaceholderText(tr("NSSF number"))
        self.table.setHorizontalHeaderLabels(
            [tr("Service date"), tr("Member"), tr("Benefit"), tr("Amount claimed"),
             tr("State"), tr("NSSF claim number"), tr("Paid")]
        )  # fmt: skip
        self.open_button.setText(tr("Open (Enter)"))
        self.submit_selected_button.setText(tr("Submit selected"))
        self.submit_all_button.setText(tr("Submit all queued (Ctrl+Enter)"))
        self.pull_button.setText(tr("Get NSSF's decisions (F9)"))
        self.reconcile_button.setText(tr("Paid against claimed (Ctrl+R)"))
        for action, name in self._actions:
            action.setText(name())
        self._show_visits(self.visits)
        self._show_claims()
        self.report.setText(self.report_text)

    def _fill_combo(self, combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, code: str) -> None:
        self.language.set(code)
        self.retranslate()

    def toggle_language(self) -> None:
        self.set_language("en" if self.language.code == "km" else "km")

    def _digits(self, text: str) -> str:
        return khmer_digits(text) if self.language.code == "km" else text

    # --- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Visits, tariff, claims and counts, read in a database task."""
        day = self._day()

        def work() -> tuple[list[visits.Visit], Tariff]:
            with self.desk.engine.connect() as connection:
                return visits.recent(connection, day), active_tariff(connection)

        def done(result: tuple[list[visits.Visit], Tariff]) -> None:
            self.visits, self.tariff = result[0], result[1]
            self._show_visits(self.visits)
            if self.pending_visit is not None and self.select_visit(self.pending_visit):
                self.pending_visit = None

        self.tasks.run_db(work, done, self.show_failure)
        self.refresh_claims()

    def _filters(self) -> dict[str, Any] | None:
        month = self.month_filter.text().strip() or None
        member = self.member_filter.text().strip()
        self.filter_message.clear()
        if month is not None and not MONTH.match(month):
            self.filter_message.setText(tr("The month is written YYYY-MM, e.g. 2026-11."))
            return None
        member_id = None
        if member:
            try:
                member_id = int(parse_member_number(member))
            except MemberNumberError:
                self.filter_message.setText(
                    tr("Not an NSSF number: 14 digits, like 1234567-8901234.")
                )
                return None
        return {
            "state": self.state_filter.currentData(),
            "benefit": self.benefit_filter.currentData(),
            "month": month,
            "member_id": member_id,
        }

    def refresh_claims(self) -> None:
        filters = self._filters()
        if filters is None:
            return
        book, known = self.book, frozenset(self.names)  # read here, not in the task

        def work() -> tuple[list[Claim], dict[str, int], dict[int, str]]:
            state, benefit = filters["state"], filters["benefit"]
            found = book.find(
                state=State(state) if state else None,
                benefit=Benefit(benefit) if benefit else None,
                member_id=filters["member_id"],
                month=filters["month"],
            )
            wanted = {int(c.input.member_id) for c in found} - known
            return found, book.counts(), self._names(wanted)

        def done(result: tuple[list[Claim], dict[str, int], dict[int, str]]) -> None:
            self.claims, self.counts, names = result
            self.names.update(names)
            self._show_claims()

        self.tasks.run_db(work, done, self.show_failure)

    def _names(self, member_ids: set[int]) -> dict[int, str]:
        """The Khmer names of these members (in a database task)."""
        with self.desk.engine.connect() as connection:
            members = (get_member(connection, i) for i in member_ids)
            return {int(m.member_id): m.name_khmer for m in members if m is not None}

    def show_failure(self, error: BaseException) -> None:
        self.busy = False
        self._set_report(
            error.message if isinstance(error, DeskError) else tr("Something went wrong.")
        )

    def _set_report(self, text: str) -> None:
        self.report_text = text
        self.report.setText(text)

    # --- showing --------------------------------------------------------------------------
    def _show_visits(self, found: list[visits.Visit]) -> None:
        selected = self.selected_visit()
        self.visit_list.clear()
        for visit in found:
            assert visit.member_id is not None  # noqa: S101 - recent() leaves walk-ins out
            day = self._digits(visit.day.isoformat())
            ticket = self._digits(str(visit.ticket))
            number = self._digits(format_member_number(visit.member_id))
            name = str(visit.decision.get("name_khmer") or "")
            item = QListWidgetItem(f"{day} · {tr('Ticket')} {ticket}\n{name} {number}")
            item.setData(Qt.ItemDataRole.UserRole, visit.visit_id)
            self.visit_list.addItem(item)
            if selected is not None and visit.visit_id == selected.visit_id:
                self.visit_list.setCurrentItem(item)

    def select_visit(self, visit_id: str) -> bool:
        for row in range(self.visit_list.count()):
            if self.visit_list.item(row).data(Qt.ItemDataRole.UserRole) == visit_id:
                self.visit_list.setCurrentRow(row)
                return True
        return False

    def selected_visit(self) -> visits.Visit | None:
        item = self.visit_list.currentItem()
        if item is None:
            return None
        visit_id = item.data(Qt.ItemDataRole.UserRole)
        return next((v for v in self.visits if v.visit_id == visit_id), None)

    def _show_claims(self) -> None:
        selected = {c.claim_id for c in self.selected_claims()}
        language = self.language.code
        self.table.setRowCount(len(self.claims))
        for row, claim in enumerate(self.claims):
            paid = riel(claim.payment.amount_riel, language) if claim.payment else ""
            values = (
                self._digits(claim.input.service_date().isoformat()),
                f"{self.names.get(claim.input.member_id, '')} "
                f"{self._digits(format_member_number(claim.input.member_id))}".strip(),
                benefit_name(claim.input.benefit),
                riel(claim.amount_claimed, language),
                state_name(claim.state),
                claim.claim_number or "",
                paid,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, claim.claim_id)
                self.table.setItem(row, column, item)
            if claim.claim_id in selected:
                self.table.selectRow(row)
        parts = [f"{state_name(s)} {self._digits(str(self.counts.get(s, 0)))}" for s in State]
        total = self._digits(str(sum(self.counts.values())))
        self.counts_label.setText(
            tr("All claims: %1").replace("%1", total) + " · " + " · ".join(parts)
        )
        self.show_selected()

    def selected_claims(self) -> list[Claim]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.claims[r] for r in rows if r < len(self.claims)]

    def show_selected(self) -> None:
        chosen = self.selected_claims()
        if len(chosen) != 1:
            self.detail.clear()
            return
        claim, book = chosen[0], self.book
        self.tasks.run_db(lambda: book.history(claim.claim_id), lambda h: self._detail(claim, h))

    def _detail(self, claim: Claim, history: list[dict[str, Any]]) -> None:
        e = html.escape
        km = self.language.code == "km"
        out = [
            f"<h3>{e(benefit_name(claim.input.benefit))} · {e(state_name(claim.state))}</h3>",
            f"<p>{e(tr('Claim'))} {e(claim.claim_id[:8])} · {e(tr('revision'))} {claim.revision}"
            f"<br>{e(tr('Amount claimed'))}: {e(riel(claim.amount_claimed, self.language.code))}"
            f" ({e(tr('price list'))} {e(claim.tariff_version)})</p>",
        ]
        if claim.claim_number:
            out.append(f"<p>{e(tr('NSSF claim number'))}: <b>{e(claim.claim_number)}</b></p>")
        if claim.reasons:
            out.append(f"<p><b>{e(tr('Why NSSF rejected it'))}</b></p><ul>")
            for reason in claim.reasons:
                text = reason.text_km if km else reason.text_en
                line = (
                    tr("Line %1: ").replace("%1", str(reason.line + 1))
                    if reason.line is not None
                    else ""
                )
                out.append(f"<li>{e(line + text)} <small>({e(reason.code)})</small></li>")
            out.append("</ul>")
        if claim.payment:
            p = claim.payment
            out.append(
                f"<p><b>{e(tr('Paid'))}</b>: {e(riel(p.amount_riel, self.language.code))}, "
                f"{e(p.paid_on)}, {e(tr('reference'))} {e(p.reference)}</p>"
            )
        out.append(f"<p><b>{e(tr('History'))}</b></p><ul>")
        for event in history:
            out.append(
                f"<li>{e(event['at'][:16].replace('T', ' '))} {e(event['actor'])}: "
                f"{e(state_name(event['to_state']))}</li>"
            )
        out.append("</ul>")
        self.detail.setHtml("".join(out))

    # --- claims: new, open ----------------------------------------------------------------
    def new_claim(
        self, benefit: Benefit | None, visit: visits.Visit | None = None
    ) -> ClaimForm | None:
        """The form for a new claim, filled in from the selected visit (if one is)."""
        if self.tariff is None:
            return None
        visit = visit or self.selected_visit()
        return self._open_form(benefit or Benefit.HOSPITALISATION, None, visit)

    def open_selected(self) -> ClaimForm | None:
        chosen = self.selected_claims()
        if len(chosen) != 1 or self.tariff is None:
            return None
        claim = chosen[0]
        return self._open_form(claim.input.benefit, claim, None)

    def _open_form(
        self, benefit: Benefit, claim: Claim | None, visit: visits.Visit | None
    ) -> ClaimForm:
        assert self.tariff is not None  # noqa: S101 - checked by the callers
        form = ClaimForm(
            self.book,
            self.tasks,
            tariff=self.tariff,
            benefit=benefit,
            language=self.language.code,
            today=self._day(),
            claim=claim,
            visit=visit,
            parent=self,
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.sig_saved.connect(lambda _claim_id: self.refresh_claims())
        self.form = form
        form.open()
        return form

    # --- submitting -----------------------------------------------------------------------
    def submit_selected(self) -> None:
        chosen = [c for c in self.selected_claims() if c.state in (State.READY, State.QUEUED)]
        if not chosen:
            self._set_report(tr("Select claims that are ready or queued."))
            return
        self.submit([c.claim_id for c in chosen])

    def submit(self, only: list[str] | None = None) -> None:
        """Queue the chosen ready claims, send the queued ones, then pull NSSF's decisions."""
        if self.busy:
            return
        self.busy = True
        self._set_report(tr("Sending claims to NSSF..."))
        desk, book = self.desk, self.book

        def work() -> tuple[SubmitReport, PullReport | None]:
            for claim_id in only or []:
                if book.get(claim_id).state is State.READY:
                    book.queue(claim_id)
            device = load_device(desk.settings)
            client = CentralClient(device.server, device.token)
            try:
                sender = ClaimSender(desk, client)
                report = sender.submit_all(only=set(only) if only is not None else None)
                pulled = sender.pull_changes() if report.error is None else None
                return report, pulled
            finally:
                client.close()

        self.tasks.run_net(work, self._submitted, self.show_failure)

    def _submitted(self, result: tuple[SubmitReport, PullReport | None]) -> None:
        self.busy = False
        report, pulled = result
        text = tr("%1 claims sent to NSSF.").replace("%1", self._digits(str(report.submitted)))
        if report.refused:
            text += " " + tr("%1 refused by NSSF: back to draft, open them to see why.").replace(
                "%1", self._digits(str(len(report.refused)))
            )
        if pulled is not None:
            text += " " + tr("%1 decisions from NSSF.").replace(
                "%1", self._digits(str(pulled.applied))
            )
        if report.error:
            text += " " + tr(
                "NSSF cannot be reached now: %1 claims are kept and sent next time."
            ).replace("%1", self._digits(str(report.pending + self.counts.get(State.QUEUED, 0))))
        self._set_report(text)
        self.refresh_claims()

    def pull(self) -> None:
        if self.busy:
            return
        self.busy = True
        self._set_report(tr("Asking NSSF for its decisions..."))
        desk = self.desk

        def work() -> PullReport:
            device = load_device(desk.settings)
            client = CentralClient(device.server, device.token)
            try:
                return ClaimSender(desk, client).pull_changes()
            finally:
                client.close()

        def done(pulled: PullReport) -> None:
            self.busy = False
            self._set_report(
                tr("%1 decisions from NSSF.").replace("%1", self._digits(str(pulled.applied)))
            )
            self.refresh_claims()

        self.tasks.run_net(work, done, self.show_failure)

    # --- reconciliation -------------------------------------------------------------------
    def open_reconciliation(self) -> ReconciliationDialog:
        dialog = ReconciliationDialog(self.book, self.tasks, self.language.code, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.own_tasks:
            self.tasks.shutdown()
        super().closeEvent(event)
