"""The checks a claim must pass before it can be sent: pure functions, table-tested.

`check_claim(claim, context)` returns findings (a message code from
resources/messages/claims.json with its parameters; errors block "ready", warnings
are shown and kept). The context carries what the store looked up: the eligibility
decisions on the service date, the member's other stays at this facility, an earlier
funeral claim, the tariff and the claim rules (resources/claims/, data not code).

    shared       eligibility on the service date, dates in order and not in the future,
                 the deadline (a delay reason when late), tariff codes and quantities,
                 required documents
    maternity    from 26 weeks, babies 1..max, delivery line matches the delivery type,
                 caesarean indication (ICD-10); the allowance's 9-of-12-months condition
    hospital     ICD-10 diagnoses (WHO, specific), no overlapping stays, days billed
                 within the stay
    funeral      once per member, the claimant's name, relationship, phone and ID
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hospital_desk.claims import icd10
from hospital_desk.claims.model import (
    DELIVERY_TYPES,
    DOCUMENT_KINDS,
    ClaimInput,
    Funeral,
    Hospitalisation,
    Maternity,
    PricedLine,
)
from hospital_desk.claims.tariff import Tariff
from hospital_desk.config import RESOURCES_DIR
from hospital_desk.eligibility import Decision, Outcome
from hospital_desk.errors import RuleSetError

CLAIM_RULES = RESOURCES_DIR / "claims" / "nssf-claim-rules-2026.1.json"
PHONE = re.compile(r"^\+?[0-9][0-9 -]{7,15}$")
MAX_QUANTITY = 365
MAX_TEXT = 200
MAX_LINES = 200  # the central API's claim schema (docs/api/openapi.yaml)
MAX_DOCUMENTS = 20


@dataclass(frozen=True)
class Finding:
    code: str
    params: tuple[tuple[str, str], ...] = ()
    error: bool = True
    field: str | None = None
    line: int | None = None  # index into the claim's lines

    @property
    def params_dict(self) -> dict[str, str]:
        return dict(self.params)


def _f(
    message: str,
    *,
    error: bool = True,
    fld: str | None = None,
    line: int | None = None,
    **params: object,
) -> Finding:
    return Finding(message, tuple(sorted((k, str(v)) for k, v in params.items())), error, fld, line)


@cache
def claim_rules() -> dict[str, Any]:
    try:
        rules: dict[str, Any] = json.loads(CLAIM_RULES.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RuleSetError(f"the claim rules cannot be read: {exc}") from exc
    return rules


def benefit_rules(benefit: str) -> dict[str, Any]:
    rules: dict[str, Any] = claim_rules()["benefits"][benefit]
    return rules


@dataclass(frozen=True)
class Context:
    today: dt.date
    tariff: Tariff
    care: Decision | None  # eligibility for the care benefit on the service date
    allowance: Decision | None = None  # maternity allowance on the delivery date
    other_stays: tuple[tuple[str, dt.date, dt.date], ...] = ()  # (claim id, admitted, discharged)
    funeral_claim: str | None = None  # another funeral claim for this member
    care_days: tuple[int, int] | None = None  # (days, months): the rule set's care limit
    attachments: frozenset[str] = field(default_factory=frozenset)  # sha256 held here


def price_lines(claim: ClaimInput, tariff: Tariff) -> tuple[PricedLine, ...]:
    """The claim's lines priced from `tariff` (unknown codes price at 0: a check says so)."""
    lines = []
    for line in claim.lines:
        unit = tariff.price(line.service) or 0
        lines.append(PricedLine(line.service, line.quantity, unit, unit * line.quantity))
    return tuple(lines)


def check_claim(claim: ClaimInput, ctx: Context) -> tuple[Finding, ...]:
    found: list[Finding] = []
    rules = benefit_rules(claim.benefit)
    _check_eligibility(claim, ctx, found)
    _check_dates(claim, ctx, rules, found)
    _check_lines(claim, ctx, found)
    _check_documents(claim, ctx, rules, found)
    details = claim.details
    if isinstance(details, Maternity):
        _check_maternity(claim, details, ctx, rules, found)
    elif isinstance(details, Hospitalisation):
        _check_hospitalisation(claim, details, ctx, rules, found)
    else:
        _check_funeral(details, ctx, found)
    return tuple(found)


def errors(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.error)


def _check_eligibility(claim: ClaimInput, ctx: Context, found: list[Finding]) -> None:
    decision = ctx.care
    day = claim.service_date().isoformat()
    if decision is None or "elig.member_not_in_list" in decision.codes:
        found.append(_f("claim.member_unknown", fld="member_id"))
    elif decision.outcome is Outcome.NOT_ELIGIBLE:
        found.append(
            _f("claim.not_eligible", fld="member_id", date=day, reasons=", ".join(decision.codes))
        )
    elif decision.outcome is Outcome.CANNOT_CONFIRM:
        found.append(
            _f("claim.cannot_confirm", fld="member_id", date=day, reasons=", ".join(decision.codes))
        )
    elif decision.as_of_only:
        found.append(_f("claim.list_stale", error=False, date=day))


def _check_dates(
    claim: ClaimInput, ctx: Context, rules: dict[str, Any], found: list[Finding]
) -> None:
    for name, day in _dates(claim):
        if day > ctx.today:
            found.append(_f("claim.date_in_future", fld=name, date=day.isoformat()))
    deadline = claim.end_date() + dt.timedelta(days=int(rules["deadline_days"]))
    if ctx.today > deadline:
        reason = (claim.delay_reason or "").strip()
        if not reason:
            found.append(
                _f("claim.late_needs_reason", fld="delay_reason", deadline=deadline.isoformat())
            )
        else:
            found.append(_f("claim.late", error=False, deadline=deadline.isoformat()))
    if claim.delay_reason is not None and len(claim.delay_reason) > MAX_TEXT:
        found.append(_f("claim.text_too_long", fld="delay_reason", limit=MAX_TEXT))


def _dates(claim: ClaimInput) -> list[tuple[str, dt.date]]:
    d = claim.details
    if isinstance(d, Maternity):
        return [("delivery_date", d.delivery_date)]
    if isinstance(d, Hospitalisation):
        return [("admitted_on", d.admitted_on), ("discharged_on", d.discharged_on)]
    return [("died_on", d.died_on)]


def _check_lines(claim: ClaimInput, ctx: Context, found: list[Finding]) -> None:
    if not claim.lines:
        found.append(_f("claim.no_lines", fld="lines"))
    if len(claim.lines) > MAX_LINES:
        found.append(_f("claim.too_many", fld="lines", limit=MAX_LINES))
        return
    seen: set[str] = set()
    for index, line in enumerate(claim.lines):
        if ctx.tariff.price(line.service) is None:
            found.append(
                _f(
                    "claim.unknown_service",
                    fld="lines",
                    line=index,
                    code=line.service[:40],
                    version=ctx.tariff.version,
                )
            )
        if not 1 <= line.quantity <= MAX_QUANTITY:
            found.append(_f("claim.bad_quantity", fld="lines", line=index, high=MAX_QUANTITY))
        if line.service in seen:
            found.append(_f("claim.duplicate_line", fld="lines", line=index, code=line.service))
        seen.add(line.service)


def _check_documents(
    claim: ClaimInput, ctx: Context, rules: dict[str, Any], found: list[Finding]
) -> None:
    if len(claim.documents) > MAX_DOCUMENTS:
        found.append(_f("claim.too_many", fld="documents", limit=MAX_DOCUMENTS))
        return
    kinds = {d.kind for d in claim.documents}
    for options in rules["documents_any_of"]:
        if not kinds & set(options):
            found.append(_f("claim.document_missing", fld="documents", kind=" / ".join(options)))
    for doc in claim.documents:
        if doc.kind not in DOCUMENT_KINDS:
            found.append(_f("claim.document_kind_unknown", fld="documents", kind=doc.kind[:40]))
        if doc.sha256 not in ctx.attachments:
            found.append(_f("claim.document_not_stored", fld="documents", kind=doc.kind[:40]))


def _check_maternity(
    claim: ClaimInput, d: Maternity, ctx: Context, rules: dict[str, Any], found: list[Finding]
) -> None:
    if d.delivery_type not in DELIVERY_TYPES:
        found.append(_f("claim.delivery_type_unknown", fld="delivery_type"))
        return
    if d.weeks < int(rules["min_weeks"]):
        found.append(
            _f("claim.delivery_too_early", fld="weeks", weeks=d.weeks, min=rules["min_weeks"])
        )
    if not 1 <= d.babies <= int(rules["max_babies"]):
        found.append(_f("claim.babies_out_of_range", fld="babies", max=rules["max_babies"]))
    if not 0 <= d.antenatal_visits <= 40:
        found.append(_f("claim.antenatal_visits_out_of_range", fld="antenatal_visits"))
    services = {line.service for line in claim.lines}
    expected = set(rules["delivery_services"][d.delivery_type])
    other = {
        s for t, codes in rules["delivery_services"].items() if t != d.delivery_type for s in codes
    }
    if not services & expected or services & other:
        found.append(_f("claim.delivery_line_mismatch", fld="lines", type=d.delivery_type))
    if d.indication is not None:
        _check_diagnosis(d.indication, "indication", found)
    elif d.delivery_type == "caesarean":
        # NSSF audits caesarean rates (DOMAIN.md): it may reject one with no indication.
        found.append(_f("claim.caesarean_no_indication", error=False, fld="indication"))
    allowance = ctx.allowance
    if allowance is not None and allowance.outcome is not Outcome.ELIGIBLE:
        found.append(_f("claim.allowance_not_met", error=False, reasons=", ".join(allowance.codes)))


def _check_diagnosis(code: str, name: str, found: list[Finding]) -> None:
    diagnosis = icd10.lookup(code)
    if diagnosis is None:
        found.append(_f("claim.icd10_unknown", fld=name, code=code.strip()[:12]))
    elif not icd10.is_specific(diagnosis.code):
        found.append(_f("claim.icd10_not_specific", fld=name, code=diagnosis.code))


def _check_hospitalisation(
    claim: ClaimInput,
    d: Hospitalisation,
    ctx: Context,
    rules: dict[str, Any],
    found: list[Finding],
) -> None:
    if d.discharged_on < d.admitted_on:
        found.append(_f("claim.dates_out_of_order", fld="discharged_on"))
    _check_diagnosis(d.principal_diagnosis, "principal_diagnosis", found)
    for code in d.secondary_diagnoses:
        _check_diagnosis(code, "secondary_diagnoses", found)
    for other_id, start, end in ctx.other_stays:
        if start <= d.discharged_on and d.admitted_on <= end:
            found.append(
                _f(
                    "claim.stay_overlaps",
                    fld="admitted_on",
                    claim=other_id[:8],
                    start=start.isoformat(),
                    end=end.isoformat(),
                )
            )
    days = sum(line.quantity for line in claim.lines if line.service in rules["day_services"])
    if d.discharged_on >= d.admitted_on and days > d.length_of_stay:
        found.append(_f("claim.days_exceed_stay", fld="lines", days=days, stay=d.length_of_stay))
    if ctx.care_days is not None and d.discharged_on >= d.admitted_on:
        limit, months = ctx.care_days
        since = d.discharged_on - dt.timedelta(days=round(months * 365 / 12))
        before = sum(
            (min(end, d.admitted_on) - max(start, since)).days
            for _, start, end in ctx.other_stays
            if end > since and start < d.admitted_on
        )
        if before + d.length_of_stay > limit:
            found.append(
                _f(
                    "claim.care_days_exceeded",
                    fld="discharged_on",
                    limit=limit,
                    months=months,
                    used=before,
                )
            )


def _check_funeral(d: Funeral, ctx: Context, found: list[Finding]) -> None:
    if ctx.funeral_claim is not None:
        found.append(
            _f("claim.funeral_already_claimed", fld="member_id", claim=ctx.funeral_claim[:8])
        )
    if not d.place_of_death.strip():
        found.append(_f("claim.field_missing", fld="place_of_death", field="place_of_death"))
    c = d.claimant
    for name, value in (
        ("claimant.name", c.name),
        ("claimant.relationship", c.relationship),
        ("claimant.id_number", c.id_number),
    ):
        if not value.strip():
            found.append(_f("claim.field_missing", fld=name, field=name))
        elif len(value) > MAX_TEXT:
            found.append(_f("claim.text_too_long", fld=name, limit=MAX_TEXT))
    if not PHONE.match(c.phone.strip()):
        found.append(_f("claim.phone_invalid", fld="claimant.phone"))
