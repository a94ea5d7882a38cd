"""What NSSF paid against what was claimed, per month of service and benefit.

The billing screen's reconciliation view and its totals come from here (pure: claims in,
rows out). A claim counts in the month of its service date. Its amount is what the desk
claimed (priced from the tariff version kept on the claim); "paid" is what NSSF's
payment said, which may differ; "rejected" is claimed and refused; "waiting" is claimed
and not yet decided or paid (queued, submitted or accepted). Drafts and ready claims are
not claimed yet and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hospital_desk.claims.model import Claim, State

CLAIMED = frozenset(
    {State.QUEUED, State.SUBMITTING, State.SUBMITTED, State.ACCEPTED, State.REJECTED, State.PAID}
)
WAITING = frozenset({State.QUEUED, State.SUBMITTING, State.SUBMITTED, State.ACCEPTED})


@dataclass
class ReconRow:
    month: str  # YYYY-MM of the service date, or "" for the total
    benefit: str  # or "" for every benefit
    claimed: int = 0
    claimed_riel: int = 0
    paid: int = 0
    paid_riel: int = 0  # what NSSF paid
    paid_claimed_riel: int = 0  # what the paid claims had claimed
    rejected: int = 0
    rejected_riel: int = 0
    waiting: int = 0
    waiting_riel: int = 0

    @property
    def difference_riel(self) -> int:
        """Paid minus claimed, over the paid claims (negative: NSSF paid less)."""
        return self.paid_riel - self.paid_claimed_riel

    def add(self, claim: Claim) -> None:
        amount = claim.amount_claimed
        self.claimed += 1
        self.claimed_riel += amount
        if claim.state is State.PAID:
            self.paid += 1
            self.paid_riel += claim.payment.amount_riel if claim.payment else 0
            self.paid_claimed_riel += amount
        elif claim.state is State.REJECTED:
            self.rejected += 1
            self.rejected_riel += amount
        else:
            self.waiting += 1
            self.waiting_riel += amount


def reconcile(claims: Iterable[Claim]) -> tuple[list[ReconRow], ReconRow]:
    """One row per (month, benefit) with claims sent to NSSF, newest month first, and the
    total row."""
    rows: dict[tuple[str, str], ReconRow] = {}
    total = ReconRow("", "")
    for claim in claims:
        if claim.state not in CLAIMED:
            continue
        month = claim.input.service_date().isoformat()[:7]
        key = (month, str(claim.input.benefit))
        rows.setdefault(key, ReconRow(*key)).add(claim)
        total.add(claim)
    ordered = sorted(rows.values(), key=lambda r: (r.month, r.benefit))
    ordered.sort(key=lambda r: r.month, reverse=True)
    return ordered, total
