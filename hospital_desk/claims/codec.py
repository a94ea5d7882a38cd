"""Claims to and from JSON: the stored body, and the body NSSF receives.

`input_from_json` is the one way into a ClaimInput from outside (a file, the CLI, the
database): every field is type-checked and a bad one is an InputError naming it.
`wire_body` is deterministic for a claim revision, so a resend after a crash is the
same body and NSSF replays its first answer instead of refusing it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hospital_desk.claims.model import (
    Benefit,
    Claim,
    Claimant,
    ClaimInput,
    Details,
    Document,
    Funeral,
    Hospitalisation,
    Line,
    Maternity,
)
from hospital_desk.errors import InputError
from hospital_desk.members import MemberId

WIRE_FORMAT = "nssf-claim/1"


def _details_json(d: Details) -> dict[str, Any]:
    if isinstance(d, Maternity):
        return {
            "delivery_date": d.delivery_date.isoformat(),
            "delivery_type": d.delivery_type,
            "babies": d.babies,
            "antenatal_visits": d.antenatal_visits,
            "weeks": d.weeks,
            "indication": d.indication,
        }
    if isinstance(d, Hospitalisation):
        return {
            "admitted_on": d.admitted_on.isoformat(),
            "discharged_on": d.discharged_on.isoformat(),
            "length_of_stay": d.length_of_stay,
            "principal_diagnosis": d.principal_diagnosis,
            "secondary_diagnoses": list(d.secondary_diagnoses),
        }
    c = d.claimant
    return {
        "died_on": d.died_on.isoformat(),
        "place_of_death": d.place_of_death,
        "claimant": {
            "name": c.name,
            "relationship": c.relationship,
            "phone": c.phone,
            "id_number": c.id_number,
        },
    }


def input_json(claim: ClaimInput) -> dict[str, Any]:
    return {
        "benefit": str(claim.benefit),
        "member_id": int(claim.member_id),
        "details": _details_json(claim.details),
        "lines": [{"service": x.service, "quantity": x.quantity} for x in claim.lines],
        "documents": [{"kind": x.kind, "sha256": x.sha256} for x in claim.documents],
        "delay_reason": claim.delay_reason,
        "visit_id": claim.visit_id,
    }


def _get(obj: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected an object")
    value = obj.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise InputError(f"{where}.{key}: missing or of the wrong type")
    return value


def _date(obj: Any, key: str, where: str) -> dt.date:
    text = _get(obj, key, str, where)
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{where}.{key}: not a date (YYYY-MM-DD)") from exc


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where}.{key}: expected text")
    return value


def _details(benefit: Benefit, d: Any) -> Details:
    w = "details"
    if benefit is Benefit.MATERNITY:
        return Maternity(
            delivery_date=_date(d, "delivery_date", w),
            delivery_type=_get(d, "delivery_type", str, w),
            babies=_get(d, "babies", int, w),
            antenatal_visits=_get(d, "antenatal_visits", int, w),
            weeks=_get(d, "weeks", int, w),
            indication=_opt_str(d, "indication", w),
        )
    if benefit is Benefit.HOSPITALISATION:
        secondary = d.get("secondary_diagnoses", []) if isinstance(d, dict) else None
        if not isinstance(secondary, list) or not all(isinstance(s, str) for s in secondary):
            raise InputError("details.secondary_diagnoses: expected a list of codes")
        return Hospitalisation(
            admitted_on=_date(d, "admitted_on", w),
            discharged_on=_date(d, "discharged_on", w),
            principal_diagnosis=_get(d, "principal_diagnosis", str, w),
            secondary_diagnoses=tuple(secondary),
        )
    c = _get(d, "claimant", dict, w)
    cw = "details.claimant"
    return Funeral(
        died_on=_date(d, "died_on", w),
        place_of_death=_get(d, "place_of_death", str, w),
        claimant=Claimant(
            name=_get(c, "name", str, cw),
            relationship=_get(c, "relationship", str, cw),
            phone=_get(c, "phone", str, cw),
            id_number=_get(c, "id_number", str, cw),
        ),
    )


def input_from_json(obj: Any) -> ClaimInput:
    """A ClaimInput from JSON; InputError naming the first bad field."""
    text = _get(obj, "benefit", str, "claim")
    try:
        benefit = Benefit(text)
    except ValueError as exc:
        raise InputError(f"claim.benefit: {text[:20]!r} is not one of {list(Benefit)}") from exc
    member_id = _get(obj, "member_id", int, "claim")
    lines = _get(obj, "lines", list, "claim")
    documents = _get(obj, "documents", list, "claim")
    return ClaimInput(
        benefit=benefit,
        member_id=MemberId(member_id),
        details=_details(benefit, _get(obj, "details", dict, "claim")),
        lines=tuple(
            Line(_get(x, "service", str, "line"), _get(x, "quantity", int, "line")) for x in lines
        ),
        documents=tuple(
            Document(_get(x, "kind", str, "document"), _get(x, "sha256", str, "document"))
            for x in documents
        ),
        delay_reason=_opt_str(obj, "delay_reason", "claim"),
        visit_id=_opt_str(obj, "visit_id", "claim"),
    )


def wire_body(claim: Claim) -> dict[str, Any]:
    """What NSSF receives for this revision (deterministic: a resend is the same body)."""
    body = input_json(claim.input)
    body.pop("visit_id")
    return {
        "format": WIRE_FORMAT,
        "claim_id": claim.claim_id,
        "revision": claim.revision,
        **body,
        "service_date": claim.input.service_date().isoformat(),
        "tariff_version": claim.tariff_version,
        "lines": [
            {
                "service": x.service,
                "quantity": x.quantity,
                "unit_price": x.unit_price,
                "amount": x.amount,
            }
            for x in claim.lines
        ],
        "amount_claimed": claim.amount_claimed,
    }
