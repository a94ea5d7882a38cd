"""The pieces of the claim form: dates, ICD-10 search, the services table, documents.

Each piece is a plain widget with a value the form reads; none touches the database
(the form's tasks do). Names shown follow the language in force: service names from the
tariff, diagnosis titles from the ICD-10 package (English only, as WHO publishes them).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hospital_desk.claims import icd10
from hospital_desk.claims.checks import MAX_LINES, MAX_QUANTITY
from hospital_desk.claims.model import Document, Line
from hospital_desk.claims.tariff import Tariff
from hospital_desk.messages import khmer_digits
from hospital_desk.ui.i18n import tr

ICD10_SUGGESTIONS = 15


def riel(amount: int, language: str) -> str:
    text = f"{amount:,} ៛" if language == "km" else f"{amount:,} riel"
    return khmer_digits(text) if language == "km" else text


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def set_date(edit: QDateEdit, day: dt.date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def date_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def error_label(name: str) -> QLabel:
    """Where a field's messages show, under it (hidden while it has none)."""
    label = QLabel()
    label.setObjectName(f"error_{name}")
    label.setWordWrap(True)
    label.hide()
    return label


class Icd10Field(QLineEdit):
    """A WHO ICD-10 code, searched by code or words as it is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(80)
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._chosen)
        self.setCompleter(completer)
        self.textEdited.connect(self._suggest)

    def _suggest(self, text: str) -> None:
        found = icd10.search(text, ICD10_SUGGESTIONS) if len(text.strip()) >= 2 else []
        self._model.setStringList([f"{d.code} {d.title}" for d in found])

    def suggestions(self) -> list[str]:
        return self._model.stringList()

    def _chosen(self, text: str) -> None:
        self.setText(text.split(" ", 1)[0])

    def code(self) -> str:
        """The code typed or chosen (its first word; a title after it is ignored)."""
        return (self.text().strip().split(" ", 1) or [""])[0]


class LinesTable(QWidget):
    """The services claimed: a service from the tariff and a quantity per row."""

    sig_changed = Signal()

    def __init__(self, tariff: Tariff, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tariff = tariff
        self.language = language
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("lines")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(170)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.total = QLabel()
        self.add_button.clicked.connect(lambda: self.add_line())  # noqa: PLW0108 - not (checked)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [tr("Service"), tr("Quantity"), tr("Unit price"), tr("Amount")]
        )
        self.add_button.setText(tr("Add service"))
        self.remove_button.setText(tr("Remove service"))
        self._reprice()

    def _service_name(self, code: str) -> str:
        service = self.tariff.services[code]
        return f"{code} · {service.km if self.language == 'km' else service.en}"

    def add_line(self, line: Line | None = None) -> None:
        if self.table.rowCount() >= MAX_LINES:
            return
        row = self.table.rowCount()
        self.table.insertRow(row)
        service = QComboBox()
        for code in self.tariff.services:
            service.addItem(self._service_name(code), code)
        if line is not None:
            index = service.findData(line.service)
            if index < 0:  # a code from an older tariff: kept, so the check can name it
                service.addItem(line.service, line.service)
                index = service.count() - 1
            service.setCurrentIndex(index)
        quantity = QSpinBox()
        quantity.setRange(1, MAX_QUANTITY)
        quantity.setValue(line.quantity if line is not None else 1)
        self.table.setCellWidget(row, 0, service)
        self.table.setCellWidget(row, 1, quantity)
        service.currentIndexChanged.connect(self._changed)
        quantity.valueChanged.connect(self._changed)
        self._changed()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows or [self.table.rowCount() - 1]:
            if row >= 0:
                self.table.removeRow(row)
        self._changed()

    def set_quantity(self, row: int, quantity: int) -> None:
        spin = self.table.cellWidget(row, 1)
        assert isinstance(spin, QSpinBox)  # noqa: S101 - built above
        spin.setValue(quantity)

    def set_service(self, row: int, code: str) -> None:
        combo = self.table.cellWidget(row, 0)
        assert isinstance(combo, QComboBox)  # noqa: S101 - built above
        combo.setCurrentIndex(combo.findData(code))

    def lines(self) -> tuple[Line, ...]:
        out = []
        for row in range(self.table.rowCount()):
            service, quantity = self.table.cellWidget(row, 0), self.table.cellWidget(row, 1)
            assert isinstance(service, QComboBox) and isinstance(quantity, QSpinBox)  # noqa: S101
            out.append(Line(str(service.currentData()), quantity.value()))
        return tuple(out)

    def _changed(self) -> None:
        self._reprice()
        self.sig_changed.emit()

    def _reprice(self) -> None:
        total = 0
        for row, line in enumerate(self.lines()):
            unit = self.tariff.price(line.service) or 0
            total += unit * line.quantity
            for column, amount in ((2, unit), (3, unit * line.quantity)):
                item = QTableWidgetItem(riel(amount, self.language))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
        self.total.setText(tr("Total: %1").replace("%1", riel(total, self.language)))


def document_kind_name(kind: str) -> str:
    names = {
        "delivery_record": tr("Delivery record"),
        "birth_certificate": tr("Birth certificate"),
        "ultrasound_letter": tr("Ultrasound letter"),
        "discharge_summary": tr("Discharge summary"),
        "invoice": tr("Invoice"),
        "death_certificate": tr("Death certificate"),
        "claimant_id": tr("Claimant's ID card"),
        "other": tr("Other document"),
    }
    return names.get(kind, kind)


class DocumentsList(QTableWidget):
    """The documents attached to the claim: their kind and the file's fingerprint."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setObjectName("documents")
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMaximumHeight(120)
        self._documents: list[Document] = []

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([tr("Document"), tr("File")])
        self._show()

    def add(self, document: Document) -> None:
        if document not in self._documents:
            self._documents.append(document)
        self._show()
        self.sig_changed.emit()

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.selectedIndexes()}
        self._documents = [d for i, d in enumerate(self._documents) if i not in rows]
        self._show()
        self.sig_changed.emit()

    def documents(self) -> tuple[Document, ...]:
        return tuple(self._documents)

    def _show(self) -> None:
        self.setRowCount(len(self._documents))
        for row, document in enumerate(self._documents):
            self.setItem(row, 0, QTableWidgetItem(document_kind_name(document.kind)))
            self.setItem(row, 1, QTableWidgetItem(document.sha256[:12]))
