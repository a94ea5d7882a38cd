"""The issuing side: a member's card QR text, signed (NSSF printing sites, the demo, tests).

A card is only issued if this project's own reader accepts its fields and it fits the
printed QR (version 13-Q): a printing site never prints a card a desk would refuse.
"""

from __future__ import annotations

import datetime as dt

from hospital_desk.card.cose import PrivateKey, decode_small, sign1
from hospital_desk.card.payload import ClaimsError, encode_claims, parse_claims
from hospital_desk.card.qrtext import bytes_to_text
from hospital_desk.errors import InputError
from hospital_desk.members import Member

CARD_YEARS = 5
MAX_PRINTABLE_DIGITS = 580  # numeric capacity of a version 13, error correction Q symbol


class IssueError(InputError):
    """The card cannot be issued: its fields break CARD_QR.md or it would not fit the QR."""

    code = "card_issue_refused"


def issue_qr_text(
    member: Member,
    key: PrivateKey,
    kid: int,
    issued: dt.date,
    expires: dt.date | None = None,
) -> str:
    """The digits to print in the card's QR code (format v1)."""
    if not 0 <= kid <= 0xFFFF:
        raise IssueError(f"kid {kid} is not a 2-byte key number (0-65535)")
    if expires is None:
        day = min(issued.day, 28) if issued.month == 2 else issued.day  # 29 February
        expires = issued.replace(year=issued.year + CARD_YEARS, day=day) - dt.timedelta(days=1)
    payload = encode_claims(member, issued, expires)
    try:
        parse_claims(payload, decode_small(payload, "payload"))
    except ClaimsError as exc:
        raise IssueError(f"a desk would refuse this card: {exc}") from exc
    text = bytes_to_text(sign1(payload, key, kid))
    if len(text) > MAX_PRINTABLE_DIGITS:
        raise IssueError(f"the card needs {len(text)} digits; a 13-Q QR code holds 580")
    return text
