"""The issuing side: a member's card QR text, signed (NSSF printing sites, the demo, tests)."""

from __future__ import annotations

import datetime as dt

from hospital_desk.card.cose import PrivateKey, sign1
from hospital_desk.card.payload import encode_claims
from hospital_desk.card.qrtext import bytes_to_text
from hospital_desk.members import Member

CARD_YEARS = 5


def issue_qr_text(
    member: Member,
    key: PrivateKey,
    kid: int,
    issued: dt.date,
    expires: dt.date | None = None,
) -> str:
    """The digits to print in the card's QR code (format v1)."""
    if expires is None:
        day = min(issued.day, 28) if issued.month == 2 else issued.day  # 29 February
        expires = issued.replace(year=issued.year + CARD_YEARS, day=day) - dt.timedelta(days=1)
    return bytes_to_text(sign1(encode_claims(member, issued, expires), key, kid))
