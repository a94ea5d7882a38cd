"""The member record the desk decides from, and NSSF numbers as people type them.

A `Member` is one row of the national member list as NSSF's central API sends
it: identity, scheme, dependant link, the dates of events (enrolment, leaving,
suspension, death) and which months were paid. There is no stored "status"
letter: status is decided from these dates at the moment of the check
(`hospital_desk.eligibility`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from typing import NewType

from hospital_desk.dates import month_index
from hospital_desk.errors import MemberNumberError

MemberId = NewType("MemberId", int)

MEMBER_ID_DIGITS = 14
PAID_MONTHS_KEPT = 36  # the bitmap holds at least the last 24 months (DOMAIN.md); we keep 36


class Scheme(IntEnum):
    """NSSF scheme codes, as in the card QR (key 7) and the member list."""

    PRIVATE = 1
    PUBLIC = 2
    SELF_EMPLOYED = 3
    DEPENDANT = 4


class Sex(IntEnum):
    """ISO/IEC 5218."""

    UNKNOWN = 0
    MALE = 1
    FEMALE = 2
    NOT_APPLICABLE = 9


class Relationship(IntEnum):
    SPOUSE = 1
    CHILD = 2


@dataclass(frozen=True, slots=True)
class Member:
    """One member of the national list. Dates are `datetime.date`; None means "never"."""

    member_id: MemberId
    card_serial: int
    name_latin: str
    name_khmer: str
    birth_ymd: int  # YYYYMMDD, MM or DD may be 00 (unknown)
    sex: Sex
    scheme: int  # a Scheme value, or a newer code NSSF added
    enrolled_on: dt.date
    paid_through: int  # month index of bit 0 of paid_bitmap
    paid_bitmap: int  # bit k set: month (paid_through - k) was paid
    principal_id: MemberId | None = None
    relationship: Relationship | None = None
    disabled: bool = False  # a dependant child with a disability or chronic illness
    employer_registered: bool = True  # private sector: the employer is registered with NSSF
    left_on: dt.date | None = None  # registration ended (left formal employment, retired)
    suspended_from: dt.date | None = None
    suspended_until: dt.date | None = None  # None with suspended_from set: open-ended
    deceased_on: dt.date | None = None

    def is_paid(self, month: int) -> bool:
        """Was the contribution for month index `month` paid? Unknown months count unpaid."""
        offset = self.paid_through - month
        if offset < 0 or offset >= PAID_MONTHS_KEPT:
            return False
        return bool(self.paid_bitmap >> offset & 1)

    @property
    def oldest_known_month(self) -> int:
        return self.paid_through - PAID_MONTHS_KEPT + 1


def paid_bitmap_from_months(paid_through: int, months: list[int] | set[int]) -> int:
    """Build a paid bitmap from month indexes (months outside the window are dropped)."""
    bitmap = 0
    for month in months:
        offset = paid_through - month
        if 0 <= offset < PAID_MONTHS_KEPT:
            bitmap |= 1 << offset
    return bitmap


def paid_bitmap_through(day: dt.date) -> int:
    """The month index a bitmap built on `day` ends at: the previous month."""
    return month_index(day) - 1


# --- NSSF numbers as typed or scanned ------------------------------------------------------

_KHMER_DIGITS = {ord(c): str(i) for i, c in enumerate("០១២៣៤៥៦៧៨៩")}
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_./]+")


def normalise_digits(text: str) -> str:
    """Khmer (០-៩), full-width and other Unicode decimal digits to ASCII 0-9."""
    out = []
    for ch in text:
        if ch in "0123456789":
            out.append(ch)
        elif unicodedata.category(ch) == "Nd":
            out.append(str(unicodedata.digit(ch)))
        else:
            out.append(ch)
    return "".join(out)


def parse_member_number(text: str) -> MemberId:
    """Accept `1234567-8901234`, `12345678901234`, Khmer digits, and a printed suffix.

    Printed cards may add a suffix (one digit or one Khmer letter) after the 14
    digits; it is not part of the number and is dropped. No check digit is known,
    so validity is decided by looking the number up.
    """
    if len(text) > 64:
        raise MemberNumberError("An NSSF number has 14 digits; this input is far too long.")
    cleaned = _SEPARATORS.sub("", normalise_digits(text.strip()))
    if cleaned and "\u1780" <= cleaned[-1] <= "\u17b3":  # a Khmer letter suffix
        cleaned = cleaned[:-1]
    if not cleaned.isascii() or not cleaned.isdigit():
        raise MemberNumberError(
            "An NSSF number is 14 digits, like 1234567-8901234 (Khmer or Latin digits)."
        )
    if len(cleaned) == MEMBER_ID_DIGITS + 1:
        cleaned = cleaned[:MEMBER_ID_DIGITS]  # a one-digit printed suffix
    if len(cleaned) != MEMBER_ID_DIGITS:
        raise MemberNumberError(f"An NSSF number has 14 digits; this one has {len(cleaned)}.")
    return MemberId(int(cleaned))


def format_member_number(member_id: int) -> str:
    """`1234567-8901234`, as printed on cards and bank slips."""
    digits = f"{member_id:014d}"
    return f"{digits[:7]}-{digits[7:]}"
