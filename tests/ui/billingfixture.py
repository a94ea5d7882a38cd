"""A billing window on a desk with the claims tests' known members, enrolled with the real
reference server on loopback, and helpers to fill claim forms as billing staff do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hospital_desk import visits
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.members import MemberId
from hospital_desk.sync.syncer import enrol
from hospital_desk.ui.billing import BillingWindow
from hospital_desk.ui.claim_form import ClaimForm
from tests.claims.claimlab import PDF, TODAY, load_people, png
from tests.serverfixture import CentralServer

FACILITY = "F0001"


@pytest.fixture
def billing_desk(desk_home: Path, central_server: CentralServer) -> Iterator[Desk]:
    desk = Desk.open(load_settings(desk_home))
    load_people(desk)
    enrol(desk.settings, central_server.url, central_server.enrolment_code(FACILITY), FACILITY)
    yield desk
    desk.close()


@pytest.fixture
def billing(billing_desk: Desk, qtbot: QtBot) -> Iterator[BillingWindow]:
    win = BillingWindow(billing_desk, language="en", user="billing-1", today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.tasks.idle() and win.tariff is not None)
    yield win
    qtbot.waitUntil(win.tasks.idle)
    win.close()


def add_visit(desk: Desk, member_id: MemberId, day: dt.date = TODAY) -> visits.Visit:
    with desk.engine.begin() as connection:
        return visits.register_visit(
            connection,
            day=day,
            member_id=member_id,
            card_result="valid",
            decision={"name_khmer": "សុខ ចាន់ថា"},
            registered_by="reception-1",
        )


def write_pdf(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(PDF + f"% {name}\n%%EOF\n".encode())
    return path


def write_png(folder: Path, name: str, colour: str = "white") -> Path:
    path = folder / name
    path.write_bytes(png(colour))
    return path


def attach(qtbot: QtBot, form: ClaimForm, kind: str, path: Path) -> None:
    """Choose the document's kind, attach the file, and wait for it to be stored."""
    form.document_kind.setCurrentIndex(form.document_kind.findData(kind))
    before = len(form.documents.documents())
    form.attach_file(path)
    qtbot.waitUntil(form.tasks.idle)
    assert len(form.documents.documents()) == before + 1, form.errors["documents"].text()


def error_text(form: ClaimForm, field: str) -> str:
    label = form.errors[field]
    return label.text() if label.isVisibleTo(form) else ""
