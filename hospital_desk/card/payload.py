"""The signed fields of a card (CARD_QR.md "payload"), validated strictly, and KH8 names.

KH8 carries a Khmer name in one byte per character: b < 0x80 is U+1780 + b (the Khmer
block), b >= 0x80 is ASCII b - 0x80 (space, hyphen). Names with any other character
travel as UTF-8 text in NFC.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

import cbor2

from hospital_desk.members import Member, MemberId, Scheme

MAX_NAME = 40
LATIN_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ -'.")
KH8_ASCII = frozenset(" -")
# Text-direction controls would let a name display as something else on the desk's screen
# (zero-width space and joiners stay: Khmer uses them).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
SEXES = frozenset({0, 1, 2, 9})
RELATIONSHIPS = frozenset({1, 2})
REQUIRED = (1, 2, 3, 5, 10, 11)
KNOWN = frozenset(range(1, 12))
MAX_MEMBER_ID = 99_999_999_999_999  # NSSF numbers have 14 digits
MAX_SERIAL = 2**31 - 1
MAX_UINT = 2**31 - 1  # sex, scheme, relationship: small codes


class ClaimsError(ValueError):
    """Signed, but the fields are not what CARD_QR.md allows."""


@dataclass(frozen=True)
class CardClaims:
    member_id: MemberId
    serial: int
    name_latin: str
    name_khmer: str | None
    birth_ymd: int
    sex: int
    scheme: int
    principal_id: MemberId | None
    relationship: int | None
    issued: dt.date
    expires: dt.date

    def as_json(self) -> dict[str, Any]:
        """The signed fields, keyed by their CARD_QR.md numbers (as the test vectors are)."""
        fields: dict[str, Any] = {
            "1": self.member_id,
            "2": self.serial,
            "3": self.name_latin,
            "5": self.birth_ymd,
            "6": self.sex,
            "7": self.scheme,
            "10": int(self.issued.strftime("%Y%m%d")),
            "11": int(self.expires.strftime("%Y%m%d")),
        }
        if self.name_khmer is not None:
            fields["4"] = self.name_khmer
        if self.principal_id is not None:
            fields["8"] = self.principal_id
            fields["9"] = self.relationship
        return dict(sorted(fields.items(), key=lambda kv: int(kv[0])))


def kh8_decode(data: bytes) -> str:
    return "".join(chr(0x1780 + b) if b < 0x80 else chr(b - 0x80) for b in data)


def kh8_encode(name: str) -> bytes | None:
    """KH8 bytes for `name`, or None when a character does not fit (use UTF-8 then)."""
    out = bytearray()
    for ch in name:
        code = ord(ch)
        if 0x1780 <= code < 0x1800:
            out.append(code - 0x1780)
        elif ch in KH8_ASCII:
            out.append(code + 0x80)
        else:
            return None
    return bytes(out)


def _uint(value: Any, what: str, limit: int = MAX_UINT) -> int:
    """An unsigned integer no larger than `limit` (CBOR allows 2**64 - 1 and bignums; the
    database and the desk do not)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise ClaimsError(f"{what} must be an unsigned integer up to {limit}")
    return value


def _ymd(value: Any, what: str, *, partial: bool = False) -> int:
    number = _uint(value, what, 99_999_999)
    year, month, day = number // 10_000, number // 100 % 100, number % 100
    if not 1900 <= year <= 2200:
        raise ClaimsError(f"{what} has an impossible year")
    if partial and (month == 0 or day == 0):
        if month == 0 and day != 0:
            raise ClaimsError(f"{what}: a day without a month")
        if month > 12:
            raise ClaimsError(f"{what} has an impossible month")
        return number
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise ClaimsError(f"{what} is not a calendar date") from exc
    return number


def _to_date(ymd: int) -> dt.date:
    return dt.date(ymd // 10_000, ymd // 100 % 100, ymd % 100)


def _khmer_name(value: Any) -> str:
    if isinstance(value, bytes):
        name = kh8_decode(value)
    elif isinstance(value, str):
        if unicodedata.normalize("NFC", value) != value:
            raise ClaimsError("the Khmer name is not in NFC")
        name = value
    else:
        raise ClaimsError("the Khmer name must be KH8 bytes or text")
    if not name.strip() or len(name) > MAX_NAME:
        raise ClaimsError("the Khmer name is empty or longer than 40 characters")
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in name):
        raise ClaimsError("the Khmer name holds control or text-direction characters")
    return name


def _small_scalar(value: Any) -> bool:
    """Future fields NSSF may add are ignored, but only plain small values are tolerated."""
    if isinstance(value, bool | int):
        return True
    return isinstance(value, str | bytes) and len(value) <= 64


def parse_claims(payload: bytes, decoded: Any) -> CardClaims:
    """Validate a decoded payload map (integer keys; unknown keys above 11 with small plain
    values are ignored, so NSSF can add fields without breaking older desks)."""
    if not isinstance(decoded, dict):
        raise ClaimsError("the payload is not a map")
    if any(not isinstance(k, int) or isinstance(k, bool) or k < 1 for k in decoded):
        raise ClaimsError("payload keys must be positive integers")
    for key, value in decoded.items():
        if key not in KNOWN and not _small_scalar(value):
            raise ClaimsError(f"unknown field {key} is not a small plain value")
    missing = [k for k in REQUIRED if k not in decoded]
    if missing:
        raise ClaimsError(f"required fields missing: {missing}")
    name = decoded[3]
    if (
        not isinstance(name, str)
        or not name.strip()
        or len(name) > MAX_NAME
        or not set(name) <= LATIN_NAME_CHARS
    ):
        raise ClaimsError("the Latin name must be 1-40 upper-case ASCII letters")
    sex = _uint(decoded.get(6, 0), "sex")
    if sex not in SEXES:
        raise ClaimsError("sex must be an ISO/IEC 5218 code")
    scheme = _uint(decoded.get(7, 0), "scheme")
    principal = decoded.get(8)
    relationship = decoded.get(9)
    if (principal is None) != (relationship is None):
        raise ClaimsError("principal and relationship come together")
    if principal is not None:
        _uint(principal, "principal", MAX_MEMBER_ID)
        if _uint(relationship, "relationship") not in RELATIONSHIPS:
            raise ClaimsError("relationship must be 1 (spouse) or 2 (child)")
    if scheme == Scheme.DEPENDANT and principal is None:
        raise ClaimsError("a dependant's card names the principal")
    issued = _to_date(_ymd(decoded[10], "issue date"))
    expires = _to_date(_ymd(decoded[11], "expiry date"))
    if expires < issued:
        raise ClaimsError("the card expires before it was issued")
    member_id = _uint(decoded[1], "member id", MAX_MEMBER_ID)
    serial = _uint(decoded[2], "card serial", MAX_SERIAL)
    if member_id == 0 or serial == 0:
        raise ClaimsError("member id and serial start at 1")
    return CardClaims(
        member_id=MemberId(member_id),
        serial=serial,
        name_latin=name,
        name_khmer=_khmer_name(decoded[4]) if 4 in decoded else None,
        birth_ymd=_ymd(decoded[5], "date of birth", partial=True),
        sex=sex,
        scheme=scheme,
        principal_id=MemberId(principal) if principal is not None else None,
        relationship=relationship,
        issued=issued,
        expires=expires,
    )


def encode_claims(member: Member, issued: dt.date, expires: dt.date) -> bytes:
    """The payload for `member`'s current card (KH8 name when it fits, else UTF-8)."""
    fields: dict[int, Any] = {
        1: member.member_id,
        2: member.card_serial,
        3: member.name_latin.upper(),
    }
    if member.name_khmer:
        khmer = unicodedata.normalize("NFC", member.name_khmer)
        fields[4] = kh8_encode(khmer) or khmer
    fields.update({5: member.birth_ymd, 6: int(member.sex), 7: int(member.scheme)})
    if member.principal_id is not None and member.relationship is not None:
        fields[8] = member.principal_id
        fields[9] = int(member.relationship)
    fields[10] = int(issued.strftime("%Y%m%d"))
    fields[11] = int(expires.strftime("%Y%m%d"))
    return cbor2.dumps(fields)
