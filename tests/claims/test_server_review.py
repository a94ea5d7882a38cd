"""The reference server's own review of claims: each check, its reason code, and the line."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from sqlalchemy import select

from nssf_central.schema import claim_events
from tests.serverfixture import CentralServer

GOOD: dict[str, Any] = {
    "format": "nssf-claim/1",
    "claim_id": "5d1c9a52-8f0e-4b7e-a3c1-2b9f0d6e7a81",
    "revision": 1,
    "benefit": "hospitalisation",
    "member_id": 10_000_000_000_011,
    "service_date": "2026-11-01",
    "documents": [],
    "delay_reason": None,
    "tariff_version": "2026.1",
    "lines": [
        {"service": "IPD-DAY", "quantity": 3, "unit_price": 40_000, "amount": 120_000},
        {"service": "XRAY", "quantity": 1, "unit_price": 30_000, "amount": 30_000},
    ],
    "amount_claimed": 150_000,
    "details": {"admitted_on": "2026-11-01"},
}


def _line(i: int, **over: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(GOOD))
    body["lines"][i].update(over)
    return body


CASES: list[tuple[str, dict[str, Any], list[tuple[str, int | None]]]] = [
    ("a good claim is accepted", GOOD, []),
    ("a service NSSF does not list", _line(1, service="MRI"), [("claim.line_unknown_service", 1)]),
    ("a price above the agreed one", _line(0, unit_price=45_000, amount=135_000),
     [("claim.line_price", 0), ("claim.amount_mismatch", None)]),
    ("a total that is not the sum", {**GOOD, "amount_claimed": 999_999}, [("claim.amount_mismatch", None)]),
    ("a document never uploaded", {**GOOD, "documents": [{"kind": "invoice", "sha256": "a" * 64}]},
     [("claim.document_not_received", None)]),
    ("a caesarean with no indication",
     {**GOOD, "benefit": "maternity", "details": {"delivery_type": "caesarean", "indication": None}},
     [("claim.caesarean_no_indication", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_server_check_rejects_with_its_reason(
    central_server: CentralServer,
    name: str,
    body: dict[str, Any],
    expected: list[tuple[str, int | None]],
) -> None:
    token = central_server.token("F0001")
    answer = requests.post(
        central_server.url + "/v1/claims",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "review-case-1"},
        timeout=10,
    )
    assert answer.status_code == 201
    central_server.review_claims()
    with central_server.engine.connect() as c:
        status, detail = c.execute(select(claim_events.c.status, claim_events.c.detail)).one()
    reasons = json.loads(detail)["reasons"]
    assert [(r["code"], r.get("line")) for r in reasons] == expected, name
    assert status == ("rejected" if expected else "accepted")
    assert all(r["text_km"] and r["text_en"] for r in reasons)


def test_a_line_whose_quantity_is_not_a_number_is_refused_before_it_is_stored(
    central_server: CentralServer,
) -> None:
    token = central_server.token("F0001")
    answer = requests.post(
        central_server.url + "/v1/claims",
        json=_line(0, quantity="3"),
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "review-case-2"},
        timeout=10,
    )
    assert answer.status_code == 422 and answer.json()["code"] == "bad_claim"
    assert central_server.review_claims() == {"accepted": 0, "rejected": 0, "paid": 0}


def test_a_second_funeral_for_one_member_is_rejected(central_server: CentralServer) -> None:
    token = central_server.token("F0001")
    funeral = {**GOOD, "benefit": "funeral", "member_id": 10_000_000_000_021,
               "lines": [], "amount_claimed": 0}  # fmt: skip
    for key in ("funeral-first", "funeral-again"):
        requests.post(
            central_server.url + "/v1/claims",
            json=funeral,
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
            timeout=10,
        ).raise_for_status()
    assert central_server.review_claims() == {"accepted": 1, "rejected": 1, "paid": 0}
