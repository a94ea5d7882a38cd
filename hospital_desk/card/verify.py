"""Reading a scanned card, in CARD_QR.md's reader order, to one result code.

normalise -> prefix -> digits -> COSE -> kid known -> alg matches the kid -> SIGNATURE
(nothing from the payload is trusted before this) -> claims -> key status and signing
window -> dates (with a trusted-time floor) -> member list. Every outcome is a
`CardResult` with its code, colour and a message from the catalogue; no input raises.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hospital_desk.card import qrtext
from hospital_desk.card.cose import CoseError, decode_small, parse_sign1, verify_signature
from hospital_desk.card.payload import CardClaims, ClaimsError, parse_claims
from hospital_desk.card.trust import TrustList
from hospital_desk.members import MemberId
from hospital_desk.messages import render

log = logging.getLogger(__name__)

COLOURS = {
    "valid": "green",
    "not_in_list": "amber",
    "not_nssf": "grey",
    "unsupported_version": "amber",
    "unreadable": "amber",
    "unknown_key": "amber",  # red when the trust list is recent (see below)
    "signature_failed": "red",
    "invalid_content": "amber",
    "key_withdrawn": "red",
    "not_yet_valid": "amber",
    "expired": "amber",
    "replaced": "red",
    "revoked": "red",
    "list_out_of_date": "amber",
}
CODES = tuple(COLOURS)
TRUST_LIST_RECENT_DAYS = 30  # an unknown kid under a list newer than this is suspicious
REVOCATION_REASONS = ("lost_or_stolen", "fraud")
REPLACED_REASON = "replaced"  # a revocation that only says a newer card was issued


@dataclass(frozen=True)
class ListEntry:
    """What the member list says about one member's cards."""

    current_serial: int
    revoked: Mapping[int, str] = field(default_factory=dict)  # serial -> reason code


@dataclass(frozen=True)
class VerifyContext:
    trust: TrustList | None
    today: dt.date
    trusted_floor: dt.date | None = None  # latest server time seen / newest card issue date
    list_as_of: dt.date | None = None
    list_stale: bool = False
    lookup: Callable[[MemberId], ListEntry | None] | None = None  # None: list not consulted


@dataclass(frozen=True)
class CardResult:
    code: str
    colour: str
    message_code: str
    params: Mapping[str, object]
    detail: str  # technical, English, no member data: for logs and the CLI's JSON
    kid: int | None = None
    claims: CardClaims | None = None  # only when the signature verified
    warnings: tuple[tuple[str, Mapping[str, object]], ...] = ()

    @property
    def member_id(self) -> MemberId | None:
        return self.claims.member_id if self.claims else None

    @property
    def serial(self) -> int | None:
        return self.claims.serial if self.claims else None

    @property
    def fields(self) -> dict[str, Any]:
        return self.claims.as_json() if self.claims else {}

    def message(self, language: str) -> str:
        return render(self.message_code, self.params, language)

    @property
    def messages(self) -> dict[str, str]:
        return {lang: self.message(lang) for lang in ("km", "en")}

    def warning_texts(self, language: str) -> list[str]:
        return [render(code, params, language) for code, params in self.warnings]


def _result(code: str, detail: str, **kwargs: Any) -> CardResult:
    message_code = kwargs.pop("message_code", f"card.{code}")
    return CardResult(
        code=code,
        colour=kwargs.pop("colour", COLOURS[code]),
        message_code=message_code,
        params=kwargs.pop("params", {}),
        detail=detail,
        **kwargs,
    )


def image_unreadable(why: str, detail: str) -> CardResult:
    """`unreadable` for an image: `why` is "no_qr" (no QR code found) or "image" (not a
    readable image file)."""
    return _result("unreadable", detail, message_code=f"card.unreadable.{why}")


def verify_text(text: str, context: VerifyContext) -> CardResult:
    """The result for one scanned text. Never raises for any input."""
    kind, clean = qrtext.classify(text)
    if kind is qrtext.TextKind.NOT_NSSF:
        return _result("not_nssf", "not an NSSF card code")
    if kind is qrtext.TextKind.NEWER_FORMAT:
        return _result("unsupported_version", f"format {clean[3:4]!r}, this app reads 1")
    if kind is not qrtext.TextKind.V1:
        return _result("unreadable", f"scan refused before decoding: {kind.value}")
    try:
        sign1 = parse_sign1(qrtext.digits_to_bytes(clean))
    except (CoseError, ValueError) as exc:
        return _result("unreadable", f"not a card container: {exc}")
    return _verify_signed(sign1, context)


def _verify_signed(sign1: Any, context: VerifyContext) -> CardResult:
    trust = context.trust
    key = trust.key(sign1.kid) if trust else None
    if trust is None or key is None:
        recent = trust is not None and (context.today - trust.issued).days <= TRUST_LIST_RECENT_DAYS
        warnings: tuple[tuple[str, Mapping[str, object]], ...] = (
            () if trust else (("card.warning.no_trust_list", {}),)
        )
        return _result(
            "unknown_key",
            f"kid {sign1.kid} not in the trust list",
            kid=sign1.kid,
            colour="red" if recent else "amber",
            message_code="card.unknown_key.recent" if recent else "card.unknown_key.old",
            warnings=warnings,
        )
    if sign1.alg != key.alg or not verify_signature(sign1, key.public_key):
        why = "alg differs from the kid's" if sign1.alg != key.alg else "bad signature"
        return _result("signature_failed", why, kid=sign1.kid)
    # From here on the payload is NSSF's own words.
    try:
        claims = parse_claims(sign1.payload, decode_small(sign1.payload, "payload"))
    except (ClaimsError, CoseError) as exc:
        return _result("invalid_content", str(exc), kid=sign1.kid)
    if key.status == "compromised" or _trusted_today(context) > key.verify_until:
        return _result("key_withdrawn", f"key {key.kid} {key.status}", kid=key.kid, claims=claims)
    if not key.signing_from <= claims.issued <= key.signing_until:
        return _result("invalid_content", "issued outside the key's signing period", kid=key.kid)
    return _check_dates_and_list(claims, key.kid, context)


def _trusted_today(context: VerifyContext) -> dt.date:
    """Today, never earlier than the trusted floor: a clock set in the past can neither
    revive an expired card nor a key past its verify-until date."""
    if context.trusted_floor is not None and context.trusted_floor > context.today:
        return context.trusted_floor
    return context.today


def _check_dates_and_list(claims: CardClaims, kid: int, context: VerifyContext) -> CardResult:
    today = _trusted_today(context)
    warnings: tuple[tuple[str, Mapping[str, object]], ...] = ()
    if today != context.today:
        warnings = (
            (
                "card.warning.clock_behind",
                {"today": context.today.isoformat(), "floor": today.isoformat()},
            ),
        )
    common: dict[str, Any] = {"kid": kid, "claims": claims, "warnings": warnings}
    if claims.issued > today:
        return _result(
            "not_yet_valid", "issued after today", params={"date": claims.issued}, **common
        )
    if claims.expires < today:
        return _result("expired", "past its expiry date", params={"date": claims.expires}, **common)
    if context.lookup is None:
        return _result("valid", "verified (member list not consulted)", **common)
    entry = context.lookup(claims.member_id)
    if entry is None:
        return _result("not_in_list", "member not in the local list", **common)
    # CARD_QR.md's order: revoked, replaced, newer than the list, not in the list. A stale
    # list still knows what it revoked or replaced (that never becomes good again).
    if entry.revoked.get(claims.serial) == REPLACED_REASON and claims.serial < entry.current_serial:
        # NSSF's list records a replaced card's old serial as revoked "replaced": the
        # receptionist is told to ask for the newer card, as for any older serial.
        params = {"serial": claims.serial, "current": entry.current_serial}
        return _result("replaced", "an older serial (revoked as replaced)", params=params, **common)
    if claims.serial in entry.revoked:
        reason = entry.revoked[claims.serial]
        reason_code = reason if reason in REVOCATION_REASONS else "other"
        return _result(
            "revoked",
            f"serial revoked: {reason_code}",
            message_code=f"card.revoked.{reason_code}",
            **common,
        )
    if claims.serial < entry.current_serial:
        params = {"serial": claims.serial, "current": entry.current_serial}
        return _result("replaced", "an older serial", params=params, **common)
    if claims.serial > entry.current_serial:
        return _result("list_out_of_date", "a serial newer than the list", **common)
    if context.list_stale:
        return _result(
            "not_in_list",
            "list stale",
            message_code="card.not_in_list.stale",
            params={"date": context.list_as_of or "?"},
            **common,
        )
    return _result("valid", "verified", **common)
