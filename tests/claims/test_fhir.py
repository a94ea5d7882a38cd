"""FHIR R4 export of claims, validated with fhir.resources (R4B models)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim
from pydantic import ValidationError

from hospital_desk.claims.fhir import ICD10, claim_json, month_bundle
from hospital_desk.claims.model import ClaimInput
from hospital_desk.claims.store import ClaimBook
from tests.claims.claimlab import TODAY, funeral, hospital, maternity


@pytest.mark.parametrize("build", [maternity, hospital, funeral])
def test_each_kind_exports_as_a_valid_fhir_claim(
    book: ClaimBook, build: Callable[[ClaimBook], ClaimInput]
) -> None:
    claim = book.create(build(book))
    exported = json.loads(json.dumps(claim_json(claim, "F0001")))
    parsed = FhirClaim.model_validate(exported)
    assert parsed.id == claim.claim_id and parsed.status == "draft"
    assert parsed.total.value == claim.amount_claimed and parsed.total.currency == "KHR"
    assert [i.productOrService.coding[0].code for i in parsed.item] == [
        x.service for x in claim.lines
    ]


def test_diagnoses_are_icd10_codings(book: ClaimBook) -> None:
    claim = book.create(hospital(book))
    parsed = FhirClaim.model_validate(claim_json(claim, "F0001"))
    assert [(d.diagnosisCodeableConcept.coding[0].system, d.diagnosisCodeableConcept.coding[0].code)
            for d in parsed.diagnosis] == [(ICD10, "J18.9"), (ICD10, "E11.9")]  # fmt: skip


def test_a_month_exports_as_a_bundle_of_its_claims(book: ClaimBook) -> None:
    for build in (maternity, hospital, funeral):
        book.create(build(book))
    month = TODAY.strftime("%Y-%m")
    bundle = month_bundle(book.find(), "F0001", month, dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection" and len(parsed.entry) == 3
    assert month_bundle(book.find(), "F0001", "2020-01")["entry"] == []


def test_the_validator_can_fail() -> None:
    with pytest.raises(ValidationError):
        FhirClaim.model_validate({"resourceType": "Claim", "status": 5})
