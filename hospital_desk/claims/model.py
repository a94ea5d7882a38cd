"""What a claim is: one type per benefit (maternity, hospitalisation, funeral).

Plain frozen dataclasses: the checks, the store, the sync client and the screens all
pass these around, never rows. A claim's id is a UUID4 made at the desk when the claim
is created (STYLE.md practice 7): it is the Idempotency-Key NSSF sees, so sending a
claim twice stores it once.

    ClaimInput          what billing staff enter (benefit, member, details, lines, documents)
      details           Maternity | Hospitalisation | Funeral
    Claim               a stored claim: its input, state, prices from the tariff and NSSF's answers
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

from hospital_desk.members import MemberId

ClaimId = NewType("ClaimId", str)


def new_claim_id() -> ClaimId:
    return ClaimId(str(uuid.uuid4()))


class Benefit(StrEnum):
    MATERNITY = "maternity"
    HOSPITALISATION = "hospitalisation"
    FUNERAL = "funeral"


class State(StrEnum):
    DRAFT = "draft"
    READY = "ready"
    QUEUED = "queued"
    SUBMITTING = "submitting"  # the POST may have reached NSSF: resent with the same key
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PAID = "paid"


DELIVERY_TYPES = ("normal", "caesarean")
DOCUMENT_KINDS = (
    "delivery_record",
    "birth_certificate",
    "ultrasound_letter",
    "discharge_summary",
    "invoice",
    "death_certificate",
    "claimant_id",
    "other",
)


@dataclass(frozen=True)
class Line:
    """A service from the tariff, by its code, and how many."""

    service: str
    quantity: int = 1


@dataclass(frozen=True)
class PricedLine:
    service: str
    quantity: int
    unit_price: int  # riel, from the tariff version kept on the claim
    amount: int


@dataclass(frozen=True)
class Document:
    """An attachment, by the SHA-256 of its content (the same file is stored once)."""

    kind: str
    sha256: str


@dataclass(frozen=True)
class Maternity:
    delivery_date: dt.date
    delivery_type: str  # normal | caesarean
    babies: int
    antenatal_visits: int
    weeks: int  # weeks of pregnancy at delivery
    indication: str | None = None  # ICD-10 code of the reason for a caesarean


@dataclass(frozen=True)
class Hospitalisation:
    admitted_on: dt.date
    discharged_on: dt.date
    principal_diagnosis: str  # WHO ICD-10
    secondary_diagnoses: tuple[str, ...] = ()

    @property
    def length_of_stay(self) -> int:
        """Nights in hospital (a same-day stay counts one day)."""
        return max((self.discharged_on - self.admitted_on).days, 1)


@dataclass(frozen=True)
class Claimant:
    """Who organises the funeral and receives the allowance (next of kin)."""

    name: str
    relationship: str
    phone: str
    id_number: str


@dataclass(frozen=True)
class Funeral:
    died_on: dt.date
    place_of_death: str
    claimant: Claimant


Details = Maternity | Hospitalisation | Funeral


@dataclass(frozen=True)
class ClaimInput:
    benefit: Benefit
    member_id: MemberId
    details: Details
    lines: tuple[Line, ...] = ()
    documents: tuple[Document, ...] = ()
    delay_reason: str | None = None
    visit_id: str | None = None

    def service_date(self) -> dt.date:
        """The day eligibility is decided on."""
        d = self.details
        if isinstance(d, Maternity):
            return d.delivery_date
        if isinstance(d, Hospitalisation):
            return d.admitted_on
        return d.died_on

    def end_date(self) -> dt.date:
        """The day the claim deadline counts from."""
        d = self.details
        return d.discharged_on if isinstance(d, Hospitalisation) else self.service_date()


@dataclass(frozen=True)
class Reason:
    """NSSF's reason for a rejection, as sent (`line` is the claim line, if any)."""

    code: str
    text_en: str
    text_km: str
    line: int | None = None


@dataclass(frozen=True)
class Payment:
    amount_riel: int
    paid_on: str
    reference: str


@dataclass(frozen=True)
class Claim:
    claim_id: ClaimId
    revision: int  # 1, then +1 each time a rejected claim is corrected
    state: State
    input: ClaimInput
    tariff_version: str
    lines: tuple[PricedLine, ...]
    amount_claimed: int
    created_at: str
    created_by: str
    updated_at: str
    claim_number: str | None = None
    reasons: tuple[Reason, ...] = ()
    payment: Payment | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def idempotency_key(self) -> str:
        return idempotency_key(self.claim_id, self.revision)


def idempotency_key(claim_id: str, revision: int) -> str:
    """The claim id; a corrected claim is a new body, so it gets its revision appended."""
    return claim_id if revision == 1 else f"{claim_id}.r{revision}"


def split_key(key: str) -> tuple[str, int]:
    """(claim id, revision) from an Idempotency-Key."""
    claim_id, sep, rev = key.partition(".r")
    return (claim_id, int(rev)) if sep and rev.isdigit() else (claim_id, 1)
