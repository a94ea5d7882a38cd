"""The desk's core service: open the local database and answer "is this person covered?".

Everything a screen does goes through here (or another core module), so the
CLI and the tests can do it too. Results are frozen dataclasses, never rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from hospital_desk.card.decode import ImageDecodeError, decode_image
from hospital_desk.card.qrtext import pick_card_text
from hospital_desk.card.reader import log_scan, read_card
from hospital_desk.card.trust import read_roots
from hospital_desk.card.verify import CardResult, image_unreadable
from hospital_desk.claims.deaths import with_local_death
from hospital_desk.config import Settings, load_settings
from hospital_desk.eligibility import Decision, Outcome, decide, decide_all
from hospital_desk.member_store import dependants_of, get_member, search_by_name
from hospital_desk.members import Member, MemberId, format_member_number, parse_member_number
from hospital_desk.messages import render
from hospital_desk.rules import Item, RuleSet, active_rule_set
from hospital_desk.schema import members
from hospital_desk.storage import list_as_of, open_database


@dataclass(frozen=True)
class MemberCheck:
    """Everything the desk shows after a scan or a lookup."""

    member_id: MemberId
    member: Member | None
    principal: Member | None
    dependants: tuple[Member, ...]
    decisions: tuple[Decision, ...]
    list_as_of: dt.date | None
    checked_on: dt.date
    rule_set_version: str


@dataclass(frozen=True)
class ScanOutcome:
    """A scanned card: the card's own result, and the member's check when the card is
    genuine and current enough to act on (None for forged, cancelled or unread cards)."""

    card: CardResult
    check: MemberCheck | None
    list_as_of: dt.date | None = None  # "member list as of <date>", shown on every result


CHECK_AFTER = frozenset({"valid", "not_in_list", "list_out_of_date", "expired", "not_yet_valid"})


class Desk:
    """One desk's database, rules and settings."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    @classmethod
    def open(cls, settings: Settings | None = None) -> Desk:
        settings = settings or load_settings()
        return cls(open_database(settings.database_url), settings)

    def close(self) -> None:
        self.engine.dispose()

    def rules(self) -> RuleSet:
        with self.engine.begin() as connection:
            return active_rule_set(connection)

    def check(
        self, member_id: int, on: dt.date | None = None, benefit: str | None = None
    ) -> MemberCheck:
        on = on or dt.date.today()
        with self.engine.begin() as connection:
            rules = active_rule_set(connection)
            as_of = list_as_of(connection)
            # A death recorded by a funeral claim at this desk counts before NSSF's list knows.
            member = with_local_death(connection, get_member(connection, member_id))
            principal = (
                get_member(connection, member.principal_id)
                if member is not None and member.principal_id is not None
                else None
            )
            dependants = tuple(dependants_of(connection, member_id)) if member else ()
        stale_days = self.settings.stale_after_days
        if benefit is not None:
            decisions: tuple[Decision, ...] = (
                decide(
                    member,
                    benefit,
                    on,
                    rules,
                    as_of,
                    principal=principal,
                    stale_after_days=stale_days,
                ),
            )
        else:
            decisions = decide_all(
                member, on, rules, as_of, principal=principal, stale_after_days=stale_days
            )
        return MemberCheck(
            member_id=MemberId(member_id),
            member=member,
            principal=principal,
            dependants=dependants,
            decisions=decisions,
            list_as_of=as_of,
            checked_on=on,
            rule_set_version=rules.version,
        )

    def check_number(
        self, text: str, on: dt.date | None = None, benefit: str | None = None
    ) -> MemberCheck:
        """Check a typed NSSF number (hyphen, Khmer digits, suffix accepted)."""
        return self.check(parse_member_number(text), on, benefit)

    def scan(self, text: str, on: dt.date | None = None) -> ScanOutcome:
        """Read a scanned card QR text (as a keyboard-wedge scanner types it)."""
        on = on or dt.date.today()
        roots = read_roots(self.settings.trust_roots)
        with self.engine.begin() as connection:
            result = read_card(connection, text, on, roots, self.settings.stale_after_days)
            as_of = list_as_of(connection)
        check = None
        if result.member_id is not None and result.code in CHECK_AFTER:
            check = self.check(result.member_id, on=on)
        return ScanOutcome(result, check, as_of)

    def scan_image(self, data: bytes, on: dt.date | None = None) -> ScanOutcome:
        """Read a card from an image file's bytes (PNG, JPEG, ...): the QR code is decoded
        (zxing-cpp, then pyzbar) and scanned as `scan` does. An unreadable file or an image
        without a QR code is `unreadable` (logged like any scan), never an exception."""
        try:
            texts = decode_image(data)
        except ImageDecodeError as exc:
            result = image_unreadable("image", str(exc))
        else:
            if texts:
                return self.scan(pick_card_text(texts), on)
            result = image_unreadable("no_qr", "no QR code found in the image")
        with self.engine.begin() as connection:
            log_scan(connection, result)
            as_of = list_as_of(connection)
        return ScanOutcome(result, None, as_of)

    def search(self, text: str, limit: int = 20) -> list[Member]:
        with self.engine.connect() as connection:
            return search_by_name(connection, text, limit)


# --- presenting a decision, for the CLI's JSON and text and for the UI ---------------------


def _both(code: str, params: Mapping[str, object]) -> dict[str, str]:
    return {"en": render(code, params, "en"), "km": render(code, params, "km")}


def headline(decision: Decision) -> dict[str, str]:
    """The verdict line in both languages ("Eligible as of <date>" when the list is stale)."""
    if decision.as_of_only and decision.list_as_of is not None:
        return _both("outcome.eligible_as_of", {"date": decision.list_as_of.isoformat()})
    return _both(f"outcome.{decision.outcome.value}", {})


def _item_json(item: Item) -> dict[str, Any]:
    return {"code": item.code, "params": item.params_dict, **_both(item.code, item.params_dict)}


def decision_json(decision: Decision) -> dict[str, Any]:
    return {
        "benefit": decision.benefit,
        "benefit_name": _both(f"benefit.{decision.benefit}", {}),
        "decision": decision.outcome.value,
        "eligible_as_of_only": decision.as_of_only,
        "headline": headline(decision),
        "reasons": [_item_json(i) for i in decision.reasons],
        "warnings": [_item_json(i) for i in decision.warnings],
        "entitlements": [_item_json(i) for i in decision.entitlements],
        "hotlines": list(decision.hotlines),
    }


def check_json(check: MemberCheck) -> dict[str, Any]:
    """The `hospital-desk check --json` document (ids and decisions; names for the desk only)."""
    member = check.member
    return {
        "member_id": format_member_number(check.member_id),
        "in_list": member is not None,
        "name_latin": member.name_latin if member else None,
        "name_khmer": member.name_khmer if member else None,
        "scheme": member.scheme if member else None,
        "principal_id": (
            format_member_number(member.principal_id)
            if member and member.principal_id is not None
            else None
        ),
        "checked_on": check.checked_on.isoformat(),
        "list_as_of": check.list_as_of.isoformat() if check.list_as_of else None,
        "rule_set_version": check.rule_set_version,
        "decisions": [decision_json(d) for d in check.decisions],
    }


def check_text(check: MemberCheck, languages: tuple[str, ...] = ("km", "en")) -> str:
    """A plain-text answer, one block per benefit, each line in every language asked."""
    lines: list[str] = []

    def add(code: str, params: Mapping[str, object], indent: str = "") -> None:
        lines.extend(indent + render(code, params, lang) for lang in languages)

    member = check.member
    head = format_member_number(check.member_id)
    if member is not None:
        head += f"  {member.name_khmer} / {member.name_latin}"
    lines.append(head)
    if check.list_as_of is not None:
        add("list_as_of", {"date": check.list_as_of.isoformat()})
    else:
        add("list_as_of_never", {})
    for decision in check.decisions:
        lines.append("")
        title = " / ".join(render(f"benefit.{decision.benefit}", {}, lang) for lang in languages)
        verdict = " / ".join(headline(decision)[lang] for lang in languages)
        mark = {Outcome.ELIGIBLE: "[OK]", Outcome.NOT_ELIGIBLE: "[NO]"}.get(
            decision.outcome, "[??]"
        )
        lines.append(f"{mark} {title}: {verdict}")
        for item in decision.reasons:
            add(item.code, item.params_dict, "    ")
        for item in decision.warnings:
            add(item.code, item.params_dict, "  ! ")
        for item in decision.entitlements:
            add(item.code, item.params_dict, "  + ")
        if decision.hotlines:
            add("hotlines", {"numbers": ", ".join(decision.hotlines)}, "  ☎ ")
    return "\n".join(lines)


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


EXAMPLE_STATES = (
    "active",
    "warning_window",
    "abandoned",
    "dependant_of_abandoned",
    "deceased",
    "not_yet_qualified",
    "registration_ended",
    "suspended",
    "contributions_short",
    "child_over_age",
)
UNKNOWN_MEMBER_EXAMPLE = MemberId(99_999_999_999_999)


def classify(decision: Decision) -> str | None:
    """Which documented example state an outpatient decision shows, if any."""
    codes = decision.codes
    warnings = [w.code for w in decision.warnings]
    simple = {
        "elig.deceased": "deceased",
        "elig.voluntary_not_yet_qualified": "not_yet_qualified",
        "elig.registration_ended": "registration_ended",
        "elig.suspended": "suspended",
        "elig.contributions_short": "contributions_short",
        "elig.child_over_age": "child_over_age",
    }
    if decision.outcome is Outcome.ELIGIBLE:
        return "warning_window" if "warn.voluntary_arrears" in warnings else "active"
    if "elig.principal_not_covered" in codes:
        return "dependant_of_abandoned" if "elig.voluntary_abandoned" in codes else None
    if "elig.voluntary_abandoned" in codes:
        return "abandoned"
    return simple.get(codes[0]) if codes else None


def find_examples(desk: Desk, on: dt.date | None = None, scan: int = 20_000) -> dict[str, int]:
    """One member number per example state, from the first `scan` members of the list."""
    found: dict[str, int] = {}
    with desk.engine.connect() as connection:
        ids = (
            connection.execute(
                select(members.c.member_id).order_by(members.c.member_id).limit(scan)
            )
            .scalars()
            .all()
        )
    for member_id in ids:
        check = desk.check(member_id, on, "outpatient")
        state = classify(check.decisions[0])
        if state is not None and state not in found:
            found[state] = member_id
        if len(found) == len(EXAMPLE_STATES):
            break
    return found
