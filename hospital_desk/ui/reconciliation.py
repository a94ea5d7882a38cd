"""Paid against claimed: per month of service and benefit, what NSSF paid, rejected and
still owes an answer on (hospital_desk.claims.reconcile does the sums)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hospital_desk.claims.reconcile import ReconRow, reconcile
from hospital_desk.claims.store import ClaimBook
from hospital_desk.messages import khmer_digits
from hospital_desk.ui.claim_fields import riel
from hospital_desk.ui.claim_form import benefit_name
from hospital_desk.ui.i18n import tr
from hospital_desk.ui.tasks import TaskManager


class ReconciliationDialog(QDialog):
    def __init__(
        self, book: ClaimBook, tasks: TaskManager, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.rows: list[ReconRow] = []
        self.total: ReconRow | None = None
        self.setWindowTitle(tr("Paid against claimed"))
        self.note = QLabel(
            tr(
                "Claims sent to NSSF, by month of service. Difference: what NSSF paid "
                "minus what those paid claims asked for."
            )
        )
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("reconciliation")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalHeaderLabels(
            [tr("Month"), tr("Benefit"), tr("Claims sent"), tr("Amount claimed"),
             tr("Paid"), tr("Amount paid"), tr("Difference"), tr("Rejected"),
             tr("Waiting for NSSF")]
        )  # fmt: skip
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.resize(1100, 420)
        tasks.run_db(lambda: reconcile(book.find()), self._show)

    def _n(self, value: int | str) -> str:
        """A count or a month, in Khmer digits when the language is Khmer."""
        return khmer_digits(str(value)) if self.language == "km" else str(value)

    def _show(self, result: tuple[list[ReconRow], ReconRow]) -> None:
        self.rows, self.total = result
        every = [*self.rows, self.total]
        self.table.setRowCount(len(every))
        for index, row in enumerate(every):
            is_total = row is self.total
            values = (
                tr("Total") if is_total else self._n(row.month),
                "" if is_total else benefit_name(row.benefit),
                self._n(row.claimed),
                self._money(row.claimed_riel),
                self._n(row.paid),
                self._money(row.paid_riel),
                self._money(row.difference_riel),
                f"{self._money(row.rejected_riel)} ({self._n(row.rejected)})",
                f"{self._money(row.waiting_riel)} ({self._n(row.waiting)})",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if is_total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)

    def _money(self, amount: int) -> str:
        return riel(amount, self.language)
