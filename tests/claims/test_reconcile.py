"""Reconciliation: what NSSF paid against what was claimed, per month and benefit."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hospital_desk.claims.model import Benefit, Claim, ClaimId, Payment, State
from hospital_desk.claims.reconcile import reconcile
from hospital_desk.claims.store import ClaimBook
from tests.claims.claimlab import funeral, hospital, maternity


def _claim(book: ClaimBook, make: object, state: State, amount: int, day: dt.date) -> Claim:
    claim_input = make(book)  # type: ignore[operator]
    details = claim_input.details
    field = {"maternity": "delivery_date", "funeral": "died_on"}.get(claim_input.benefit)
    if field:
        details = replace(details, **{field: day})
    else:
        details = replace(details, admitted_on=day, discharged_on=day + dt.timedelta(days=2))
    paid = Payment(amount - 1000, "2026-11-30", "PAY-1") if state is State.PAID else None
    return Claim(
        claim_id=ClaimId(f"c-{state}-{amount}"),
        revision=1,
        state=state,
        input=replace(claim_input, details=details),
        tariff_version="2026.1",
        lines=(),
        amount_claimed=amount,
        created_at="",
        created_by="b",
        updated_at="",
        payment=paid,
    )


def test_paid_rejected_and_waiting_are_summed_per_month_and_benefit_drafts_left_out(
    book: ClaimBook,
) -> None:
    oct_, nov = dt.date(2026, 10, 5), dt.date(2026, 11, 3)
    claims = [
        _claim(book, maternity, State.PAID, 100_000, oct_),
        _claim(book, maternity, State.PAID, 50_000, oct_),
        _claim(book, maternity, State.REJECTED, 70_000, oct_),
        _claim(book, hospital, State.SUBMITTED, 30_000, oct_),
        _claim(book, hospital, State.ACCEPTED, 20_000, nov),
        _claim(book, funeral, State.QUEUED, 2_000_000, nov),
        _claim(book, funeral, State.DRAFT, 9_999, nov),  # not claimed yet
        _claim(book, hospital, State.READY, 9_999, nov),  # not claimed yet
    ]
    rows, total = reconcile(claims)
    assert [(r.month, r.benefit) for r in rows] == [
        ("2026-11", Benefit.FUNERAL), ("2026-11", Benefit.HOSPITALISATION),
        ("2026-10", Benefit.HOSPITALISATION), ("2026-10", Benefit.MATERNITY),
    ]  # fmt: skip
    october_maternity = rows[3]
    assert (october_maternity.claimed, october_maternity.claimed_riel) == (3, 220_000)
    assert (october_maternity.paid, october_maternity.paid_riel) == (2, 148_000)
    assert october_maternity.difference_riel == -2_000  # NSSF paid 1,000 less on each
    assert (october_maternity.rejected, october_maternity.rejected_riel) == (1, 70_000)
    assert (rows[0].waiting, rows[0].waiting_riel) == (1, 2_000_000)
    assert total.claimed == 6 and total.claimed_riel == 2_270_000
    assert (
        total.paid_riel + total.rejected_riel + total.waiting_riel == 148_000 + 70_000 + 2_050_000
    )
    assert reconcile([]) == ([], reconcile([])[1]) and reconcile([])[1].claimed == 0
