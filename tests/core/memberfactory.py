"""Build Member records for table-driven tests: a paid-months history by month labels."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hospital_desk.dates import month_index
from hospital_desk.members import (
    Member,
    MemberId,
    Relationship,
    Scheme,
    Sex,
    paid_bitmap_from_months,
)


def month(label: str) -> int:
    """'2026-05' -> month index."""
    year, mon = label.split("-")
    return month_index(dt.date(int(year), int(mon), 1))


def months(first: str, last: str) -> set[int]:
    return set(range(month(first), month(last) + 1))


def member(
    *,
    paid: set[int] | None = None,
    paid_through: str = "2026-10",
    **fields: Any,
) -> Member:
    """A private-sector woman registered in 2020 who paid every month unless told otherwise."""
    through = month(paid_through)
    paid = paid if paid is not None else months("2020-01", paid_through)
    base = Member(
        member_id=MemberId(10_000_000_000_001),
        card_serial=1,
        name_latin="SOK SOPHEA",
        name_khmer="សុខ សុភា",
        birth_ymd=19900515,
        sex=Sex.FEMALE,
        scheme=Scheme.PRIVATE,
        enrolled_on=dt.date(2020, 1, 1),
        paid_through=through,
        paid_bitmap=paid_bitmap_from_months(through, paid),
    )
    return replace(base, **fields)


def dependant(
    principal: Member, relationship: Relationship | None, birth_ymd: int, **fields: Any
) -> Member:
    return member(
        member_id=MemberId(10_000_000_000_002),
        scheme=Scheme.DEPENDANT,
        principal_id=principal.member_id,
        relationship=relationship,
        birth_ymd=birth_ymd,
        **fields,
    )
