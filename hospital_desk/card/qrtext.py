"""The card QR text: what a scanner types, back to the bytes of the signed container.

A USB scanner types through the active keyboard layout, so the QR holds digits only
(CARD_QR.md): "8551" + the decimal value of the COSE bytes. With the Khmer layout the
digits arrive as Khmer digits; some scanners add CR/LF/Tab or spaces. `normalise()`
undoes all of that; `classify()` says what kind of text it is before anything is parsed.
"""

from __future__ import annotations

import enum
import re

PREFIX_V1 = "8551"
PREFIX_FAMILY = "855"
KHQR_PREFIX = "000201"  # EMVCo merchant QR (KHQR payment codes) start with this
MAX_DIGITS = 1_400  # QR version 13-Q holds 580 digits; anything far longer is hostile
MAX_INPUT_CHARS = 4_096  # longer input is refused before any work is done on it

_DIGIT_MAP = {ord("០") + i: ord("0") + i for i in range(10)}  # Khmer digits
_DIGIT_MAP.update({ord("０") + i: ord("0") + i for i in range(10)})  # full-width digits
_DIGIT_MAP.update({ord("٠") + i: ord("0") + i for i in range(10)})  # Arabic-Indic digits
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_AZERTY_DIGITS = set("&é\"'(-è_çà")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# +855 and an 8- or 9-digit national number: 8551... is also how Cambodian mobile numbers
# (012, 011, 017, ...) look in international form. A card is hundreds of digits.
_PHONE = re.compile(r"\+?855[1-9][0-9]{7,8}")


class TextKind(enum.Enum):
    V1 = "v1"  # digits starting 8551: parse it
    NEWER_FORMAT = "newer_format"  # digits starting 855 but another version
    NOT_NSSF = "not_nssf"  # some other code: a payment QR, a URL, other digits
    GARBLED = "garbled"  # started like ours but letters or symbols arrived
    EMPTY = "empty"
    TOO_LONG = "too_long"


def normalise(text: str) -> str:
    """Khmer/full-width digits to ASCII; whitespace, CR/LF/Tab and zero-width marks dropped."""
    return _SPACE.sub("", text.translate(_DIGIT_MAP))


def classify(text: str) -> tuple[TextKind, str]:
    """The kind of a scanned text, and its normalised form (empty when refused unread)."""
    if len(text) > MAX_INPUT_CHARS:
        return TextKind.TOO_LONG, ""
    clean = normalise(text)
    if not clean:
        return TextKind.EMPTY, ""
    if _PHONE.fullmatch(clean):
        return TextKind.NOT_NSSF, clean  # a Cambodian phone number, not a cut-off card
    if clean.isascii() and clean.isdigit():
        if len(clean) > MAX_DIGITS:
            return TextKind.TOO_LONG, ""
        if clean.startswith(PREFIX_V1):
            return TextKind.V1, clean
        if clean.startswith(PREFIX_FAMILY):
            return TextKind.NEWER_FORMAT, clean
        return TextKind.NOT_NSSF, clean
    if clean.startswith(KHQR_PREFIX) or _URL.match(clean):
        return TextKind.NOT_NSSF, clean
    if clean.startswith(PREFIX_FAMILY):
        return TextKind.GARBLED, clean  # our prefix, then letters: a keyboard layout problem
    if set(clean) <= _AZERTY_DIGITS:
        return TextKind.GARBLED, clean  # a scanner on a French layout types &é"'(-è_çà
    if sum(c.isdigit() for c in clean) * 2 >= len(clean):
        return TextKind.GARBLED, clean  # mostly digits with stray symbols: a bad read
    return TextKind.NOT_NSSF, clean


def digits_to_bytes(digits: str) -> bytes:
    """The COSE bytes carried by a v1 text ("8551" + decimal). Raises ValueError if malformed."""
    body = digits[len(PREFIX_V1) :]
    if not body or body[0] == "0":
        raise ValueError("the number after 8551 is empty or starts with 0")
    value = int(body)
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def bytes_to_text(cose: bytes) -> str:
    """The QR text for COSE bytes (the issuing side)."""
    if not cose or cose[0] == 0:
        raise ValueError("COSE bytes must not start with a zero byte")
    return PREFIX_V1 + str(int.from_bytes(cose, "big"))


def pick_card_text(texts: list[str]) -> str:
    """Of the QR texts found in one image, the one to verify: a v1 card first, then a newer
    NSSF format, else the first (a photo may hold a payment QR beside the card)."""
    kinds = [classify(t)[0] for t in texts]
    for wanted in (TextKind.V1, TextKind.NEWER_FORMAT):
        if wanted in kinds:
            return texts[kinds.index(wanted)]
    return texts[0]
