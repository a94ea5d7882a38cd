"""What the desk sends as a claim is what docs/api/openapi.yaml says a claim is."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from hospital_desk.claims.codec import wire_body
from hospital_desk.claims.store import ClaimBook
from tests.claims.claimlab import funeral, hospital, maternity

DOC = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


@pytest.mark.parametrize("build", [maternity, hospital, funeral])
def test_the_wire_body_follows_the_claim_schema(book: ClaimBook, build: object) -> None:
    schema = yaml.safe_load(DOC.read_text(encoding="utf-8"))["components"]["schemas"]["Claim"]
    claim = book.create(build(book))  # type: ignore[operator]
    body = wire_body(claim)
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(body)
    assert set(body) <= set(schema["properties"])  # nothing sent that the contract does not name
    assert wire_body(book.get(claim.claim_id)) == body  # the same body every time
