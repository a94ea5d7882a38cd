"""Build claims, members and documents for the claims tests (a desk with a known list)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from typing import Any

from PIL import Image

from hospital_desk.claims.model import (
    Benefit,
    Claimant,
    ClaimInput,
    Document,
    Funeral,
    Hospitalisation,
    Line,
    Maternity,
    State,
)
from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from hospital_desk.member_store import member_to_row, replace_all_members
from hospital_desk.members import Member, MemberId, Scheme, Sex
from hospital_desk.storage import LIST_AS_OF, set_state
from tests.core.memberfactory import member, month, months

TODAY = dt.date(2026, 11, 20)
MOTHER = MemberId(10_000_000_000_001)  # private sector, paid every month since 2020
PATIENT = MemberId(10_000_000_000_011)  # a man, private sector
DECEASED = MemberId(10_000_000_000_021)  # self-employed, died in the claims
NEW_MOTHER = MemberId(10_000_000_000_031)  # paid only since 2026-05: care yes, allowance no
LAPSED = MemberId(10_000_000_000_041)  # voluntary, stopped paying in 2025: not covered
UNKNOWN = MemberId(10_000_000_000_099)  # not in the list

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(colour: str = "white") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG")
    return out.getvalue()


def people() -> list[Member]:
    return [
        member(member_id=MOTHER),
        member(member_id=PATIENT, sex=Sex.MALE, name_latin="CHAN DARA"),
        member(member_id=DECEASED, sex=Sex.MALE, scheme=Scheme.SELF_EMPLOYED),
        member(member_id=NEW_MOTHER, paid=months("2026-05", "2026-10")),
        member(
            member_id=LAPSED,
            scheme=Scheme.SELF_EMPLOYED,
            paid=months("2020-01", "2025-03"),
            paid_through="2026-10",
        ),
    ]


def load_people(desk: Desk, extra: list[Member] | None = None) -> None:
    with desk.engine.begin() as connection:
        replace_all_members(connection, [member_to_row(m) for m in people() + (extra or [])])
        set_state(connection, LIST_AS_OF, TODAY.isoformat())


def documents(book: ClaimBook, *kinds: str) -> tuple[Document, ...]:
    """Attach one distinct file per kind (PDF or PNG) and return the documents."""
    out = []
    for i, kind in enumerate(kinds):
        data = PDF + f"% {kind} {i}\n%%EOF\n".encode() if i % 2 == 0 else png(f"#{i:06x}")
        out.append(Document(kind, book.attach(data).sha256))
    return tuple(out)


def maternity(book: ClaimBook, **over: Any) -> ClaimInput:
    details = Maternity(
        delivery_date=TODAY - dt.timedelta(days=10),
        delivery_type="normal",
        babies=1,
        antenatal_visits=4,
        weeks=39,
    )
    details = replace(details, **over.pop("details", {}))
    claim = ClaimInput(
        benefit=Benefit.MATERNITY,
        member_id=MOTHER,
        details=details,
        lines=(Line("DEL-NORMAL"), Line("ANC-VISIT", 4)),
        documents=documents(book, "delivery_record"),
    )
    return replace(claim, **over)


def hospital(book: ClaimBook, **over: Any) -> ClaimInput:
    details = Hospitalisation(
        admitted_on=TODAY - dt.timedelta(days=12),
        discharged_on=TODAY - dt.timedelta(days=8),
        principal_diagnosis="J18.9",
        secondary_diagnoses=("E11.9",),
    )
    details = replace(details, **over.pop("details", {}))
    claim = ClaimInput(
        benefit=Benefit.HOSPITALISATION,
        member_id=PATIENT,
        details=details,
        lines=(Line("IPD-DAY", 4), Line("LAB-BASIC"), Line("XRAY")),
        documents=documents(book, "discharge_summary", "invoice"),
    )
    return replace(claim, **over)


def funeral(book: ClaimBook, **over: Any) -> ClaimInput:
    claimant = Claimant("SOK CHANTHA", "daughter", "+855 12 345 678", "010203040")
    details = Funeral(
        died_on=TODAY - dt.timedelta(days=5), place_of_death="Phnom Penh", claimant=claimant
    )
    if "claimant" in over:
        details = replace(details, claimant=replace(claimant, **over.pop("claimant")))
    details = replace(details, **over.pop("details", {}))
    claim = ClaimInput(
        benefit=Benefit.FUNERAL,
        member_id=DECEASED,
        details=details,
        lines=(Line("FUNERAL"),),
        documents=documents(book, "death_certificate"),
    )
    return replace(claim, **over)


__all__ = ["month"]


def crowd(count: int, first: int = 10_000_000_100_000) -> list[Member]:
    """`count` members in threes: a woman (private), a man (private), a self-employed man."""
    out = []
    for i in range(count):
        kind = i % 3
        out.append(
            member(
                member_id=MemberId(first + i),
                sex=Sex.MALE if kind else Sex.FEMALE,
                scheme=Scheme.SELF_EMPLOYED if kind == 2 else Scheme.PRIVATE,
            )
        )
    return out


def claim_for(
    book: ClaimBook, person: Member, index: int, docs: tuple[Document, ...]
) -> ClaimInput:
    """A valid claim for `person` (maternity, hospitalisation or funeral by the crowd's kind);
    every fifth mother has a caesarean with no indication (the desk warns; NSSF rejects)."""
    kind = index % 3
    day = TODAY - dt.timedelta(days=5 + index % 20)
    if kind == 0:
        caesarean = index % 5 == 0
        return ClaimInput(
            benefit=Benefit.MATERNITY,
            member_id=person.member_id,
            details=Maternity(day, "caesarean" if caesarean else "normal", 1, 4, 39),
            lines=(Line("DEL-CSECTION" if caesarean else "DEL-NORMAL"), Line("ANC-VISIT", 4)),
            documents=docs[:1],
        )
    if kind == 1:
        return ClaimInput(
            benefit=Benefit.HOSPITALISATION,
            member_id=person.member_id,
            details=Hospitalisation(day - dt.timedelta(days=3), day, "A09.0", ("E86",)),
            lines=(Line("IPD-DAY", 3), Line("LAB-BASIC")),
            documents=docs[1:3],
        )
    claimant = Claimant("KEO SREY", "wife", "012 345 678", "0102030405")
    return ClaimInput(
        benefit=Benefit.FUNERAL,
        member_id=person.member_id,
        details=Funeral(day, "Kandal", claimant),
        lines=(Line("FUNERAL"),),
        documents=docs[3:4],
    )


def shared_documents(book: ClaimBook) -> tuple[Document, ...]:
    """One delivery record, discharge summary, invoice and death certificate for everyone."""
    return documents(book, "delivery_record", "discharge_summary", "invoice", "death_certificate")


def queue_claims(book: ClaimBook, people_: list[Member]) -> list[str]:
    """A checked, queued claim for each person; their ids."""
    docs = shared_documents(book)
    ids = []
    for index, person in enumerate(people_):
        claim = book.create(claim_for(book, person, index, docs))
        ready, findings = book.mark_ready(claim.claim_id)
        assert ready.state is State.READY, [f.code for f in findings]
        book.queue(claim.claim_id)
        ids.append(claim.claim_id)
    return ids
