"""The billing screen's numbers: 50 claims made offline, sent from the screen to the real
reference server, reviewed and paid there, pulled back; the counts, the list, its filters
and the paid-against-claimed view all agree with the server."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hospital_desk.claims.model import State
from hospital_desk.claims.reconcile import reconcile
from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from hospital_desk.members import format_member_number
from hospital_desk.ui.billing import BillingWindow
from nssf_central.schema import claim_events as central_events
from tests.claims.claimlab import TODAY, crowd, load_people, queue_claims
from tests.claims.test_submit_end_to_end import server_counts
from tests.serverfixture import CentralServer
from tests.ui.billingfixture import billing, billing_desk

__all__ = ["billing", "billing_desk"]


def _wait(qtbot: QtBot, billing: BillingWindow) -> None:
    qtbot.waitUntil(lambda: not billing.busy and billing.tasks.idle(), timeout=60_000)


def _shown_states(billing: BillingWindow) -> Counter[str]:
    return Counter(billing.table.item(r, 4).text() for r in range(billing.table.rowCount()))


def test_fifty_claims_sent_from_the_screen_show_the_same_numbers_as_the_server(
    qtbot: QtBot,
    billing_desk: Desk,
    billing: BillingWindow,
    central_server: CentralServer,
) -> None:
    people = crowd(60)[:50]
    load_people(billing_desk, people)
    book = ClaimBook(billing_desk, "billing-1", today=lambda: TODAY)
    central_server.stop()  # offline: made and queued all the same
    queue_claims(book, people[:30])
    billing.refresh()
    billing.submit()
    _wait(qtbot, billing)
    assert "cannot be reached now" in billing.report.text()
    assert billing.counts["queued"] == 30
    central_server.start()
    billing.submit()
    _wait(qtbot, billing)
    assert billing.report.text().startswith("30 claims sent to NSSF.")
    central_server.review_claims()  # accept 28, reject 2 (caesareans with no indication)
    central_server.review_claims()  # pay the 28
    queue_claims(book, people[30:])
    billing.submit()
    _wait(qtbot, billing)
    central_server.review_claims()  # the second batch: accepted or rejected, not paid yet
    billing.pull()
    _wait(qtbot, billing)

    server = server_counts(central_server)
    assert server == {"paid": 28, "accepted": 18, "rejected": 4}
    assert {k: v for k, v in billing.counts.items() if v} == server
    shown = _shown_states(billing)
    assert shown == Counter({"Paid": 28, "Accepted": 18, "Rejected": 4})
    label = billing.counts_label.text()
    assert "All claims: 50" in label and "Paid 28" in label and "Rejected 4" in label

    dialog = billing.open_reconciliation()
    qtbot.waitUntil(lambda: dialog.total is not None)
    total = dialog.total
    assert total is not None
    last = dialog.table.rowCount() - 1
    assert dialog.table.item(last, 0).text() == "Total"
    assert dialog.table.item(last, 2).text() == "50"
    assert dialog.table.item(last, 4).text() == "28"
    with central_server.engine.connect() as c:
        details = c.execute(
            select(central_events.c.detail).where(central_events.c.status == "paid")
        ).scalars()
        paid_on_server = sum(json.loads(d)["payment"]["amount_riel"] for d in details)
    assert total.paid_riel == paid_on_server > 0
    assert dialog.table.item(last, 5).text() == f"{paid_on_server:,} riel"
    assert total.rejected == 4 and total.waiting == 18
    assert (dialog.rows, total) == reconcile(book.find())
    dialog.close()

    billing.state_filter.setCurrentIndex(billing.state_filter.findData(State.REJECTED))
    qtbot.waitUntil(billing.tasks.idle)
    assert _shown_states(billing) == Counter({"Rejected": 4})
    billing.state_filter.setCurrentIndex(0)
    billing.benefit_filter.setCurrentIndex(billing.benefit_filter.findData("funeral"))
    qtbot.waitUntil(billing.tasks.idle)
    assert billing.table.rowCount() == 16
    billing.benefit_filter.setCurrentIndex(0)
    billing.member_filter.setText(format_member_number(people[4].member_id))
    billing.refresh_claims()
    qtbot.waitUntil(billing.tasks.idle)
    assert billing.table.rowCount() == 1
    billing.member_filter.clear()
    month = TODAY.isoformat()[:7]
    billing.month_filter.setText(month)
    billing.refresh_claims()
    qtbot.waitUntil(billing.tasks.idle)
    assert billing.table.rowCount() == len(book.find(month=month)) > 0


def test_filters_with_garbage_say_how_to_write_them_and_keep_the_list(
    qtbot: QtBot, billing: BillingWindow
) -> None:
    billing.month_filter.setText("2026-13")
    billing.refresh_claims()
    assert billing.filter_message.text() == "The month is written YYYY-MM, e.g. 2026-11."
    billing.month_filter.setText("")
    billing.member_filter.setText("x" * 40)
    billing.refresh_claims()
    assert billing.filter_message.text().startswith("Not an NSSF number")
    billing.member_filter.setText("")
    billing.refresh_claims()
    qtbot.waitUntil(billing.tasks.idle)
    assert billing.filter_message.text() == ""


def test_submit_selected_sends_only_the_chosen_claims(
    qtbot: QtBot,
    billing_desk: Desk,
    billing: BillingWindow,
    central_server: CentralServer,
    tmp_path: Path,
) -> None:
    people = crowd(6)
    load_people(billing_desk, people)
    book = ClaimBook(billing_desk, "billing-1", today=lambda: TODAY)
    queue_claims(book, people[:3])
    ready = book.create(book.get(book.find()[0].claim_id).input)  # a ready one, not queued
    book.mark_ready(ready.claim_id)
    billing.refresh_claims()
    qtbot.waitUntil(billing.tasks.idle)
    rows = {billing.claims[r].claim_id: r for r in range(len(billing.claims))}
    billing.table.clearSelection()
    billing.table.selectRow(rows[ready.claim_id])
    billing.submit_selected()
    _wait(qtbot, billing)
    assert billing.report.text().startswith("1 claims sent to NSSF.")
    assert server_counts(central_server) == {"submitted": 1}
    assert billing.counts["queued"] == 3
    billing.table.clearSelection()
    billing.submit_selected()
    assert billing.report.text() == "Select claims that are ready or queued."
