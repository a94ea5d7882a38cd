"""FHIR R4 export: a claim as a Claim resource, a month of claims as a collection Bundle.

Built as plain JSON and validated with `fhir.resources` (its R4B models, as openIMIS
does) before it is returned, so an export that is not valid FHIR is an error here, not
at NSSF. Codes: ICD-10 diagnoses in `http://hl7.org/fhir/sid/icd-10`; services in the
NSSF tariff's own system, with its version; amounts in KHR.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from fhir.resources.R4B.bundle import Bundle as FhirBundle
from fhir.resources.R4B.claim import Claim as FhirClaim

from hospital_desk.claims.model import Claim, Funeral, Hospitalisation, Maternity, State

ICD10 = "http://hl7.org/fhir/sid/icd-10"
TARIFF = "urn:nssf:kh:tariff"
CLAIM_ID = "urn:nssf:kh:desk-claim-id"
CLAIM_NUMBER = "urn:nssf:kh:claim-number"
MEMBER = "urn:nssf:kh:member"
FACILITY = "urn:nssf:kh:facility"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
FHIR_STATUS = {State.DRAFT: "draft", State.READY: "draft"}  # all else: active


def _money(riel: int) -> dict[str, Any]:
    return {"value": riel, "currency": "KHR"}


def _diagnoses(claim: Claim) -> list[dict[str, Any]]:
    d = claim.input.details
    codes: list[tuple[str, str]] = []
    if isinstance(d, Hospitalisation):
        codes = [(d.principal_diagnosis, "principal")]
        codes += [(c, "secondary") for c in d.secondary_diagnoses]
    elif isinstance(d, Maternity) and d.indication:
        codes = [(d.indication, "principal")]
    return [
        {
            "sequence": i + 1,
            "diagnosisCodeableConcept": {"coding": [{"system": ICD10, "code": code}]},
            "type": [{"text": kind}],
        }
        for i, (code, kind) in enumerate(codes)
    ]


def _period(claim: Claim) -> dict[str, str]:
    d = claim.input.details
    if isinstance(d, Hospitalisation):
        return {"start": d.admitted_on.isoformat(), "end": d.discharged_on.isoformat()}
    day = claim.input.service_date().isoformat()
    return {"start": day, "end": day}


def claim_json(claim: Claim, facility_id: str) -> dict[str, Any]:
    """The claim as a FHIR R4 Claim resource (JSON), validated."""
    identifiers = [{"system": CLAIM_ID, "value": claim.idempotency_key}]
    if claim.claim_number:
        identifiers.append({"system": CLAIM_NUMBER, "value": claim.claim_number})
    d = claim.input.details
    institutional = isinstance(d, Hospitalisation | Maternity)
    resource: dict[str, Any] = {
        "resourceType": "Claim",
        "id": claim.claim_id,
        "identifier": identifiers,
        "status": FHIR_STATUS.get(claim.state, "active"),
        "type": {
            "coding": [
                {"system": CLAIM_TYPE, "code": "institutional" if institutional else "professional"}
            ],
            "text": str(claim.input.benefit),
        },
        "use": "claim",
        "patient": {"identifier": {"system": MEMBER, "value": str(claim.input.member_id)}},
        "billablePeriod": _period(claim),
        "created": claim.created_at,
        "provider": {"identifier": {"system": FACILITY, "value": facility_id}},
        "priority": {"coding": [{"code": "normal"}]},
        "insurance": [
            {
                "sequence": 1,
                "focal": True,
                "coverage": {"display": "NSSF health care (Cambodia)"},
            }
        ],
        "item": [
            {
                "sequence": i + 1,
                "productOrService": {
                    "coding": [
                        {"system": TARIFF, "version": claim.tariff_version, "code": line.service}
                    ]
                },
                "quantity": {"value": line.quantity},
                "unitPrice": _money(line.unit_price),
                "net": _money(line.amount),
            }
            for i, line in enumerate(claim.lines)
        ],
        "total": _money(claim.amount_claimed),
    }
    diagnoses = _diagnoses(claim)
    if diagnoses:
        resource["diagnosis"] = diagnoses
    if isinstance(d, Funeral):
        resource["payee"] = {
            "type": {"coding": [{"code": "other"}], "text": d.claimant.relationship},
            "party": {"display": d.claimant.name},
        }
    FhirClaim.model_validate(resource)
    return resource


def month_bundle(
    claims: Iterable[Claim], facility_id: str, month: str, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The claims whose service date is in `month` (YYYY-MM), as a collection Bundle."""
    entries = [
        {"fullUrl": f"urn:uuid:{c.claim_id}", "resource": claim_json(c, facility_id)}
        for c in claims
        if c.input.service_date().isoformat().startswith(month + "-")
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "entry": entries,
    }
    FhirBundle.model_validate(bundle)
    return bundle
