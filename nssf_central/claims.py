"""Claims, their status changes and their attachments (the contract's claim endpoints).

Storage is deliberately simple for now; NSSF's own checks and rejections go in
`review_claims` (the claims issue extends it).

- POST /v1/claims with an `Idempotency-Key` header (the desk's client-generated claim
  id): the first request stores the claim and its answer; the same key with the same
  body (compared as canonical JSON) replays that answer with `Idempotent-Replayed:
  true`; the same key with another body is 409. Keys are per facility.
- GET /v1/claims/changes?cursor=N: this facility's status changes after cursor N
  (accepted, rejected with reason codes, paid), oldest first, with `next_cursor`.
- PUT /v1/attachments/{sha256}: the body's SHA-256 must be the one in the path;
  the same content is stored once, whoever sends it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from nssf_central.db import utc_now
from nssf_central.problems import Problem, only_parameters, read_body, read_json_object
from nssf_central.publish import BASELINE_TARIFF
from nssf_central.schema import attachments, claim_events, claims
from nssf_central.web import central, in_transaction, require_device

CLAIM_LIMIT = 256 * 1024
ATTACHMENT_LIMIT = 10 * 1024 * 1024
ATTACHMENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
CHANGES_PAGE = 500
STATUSES = ("submitted", "accepted", "rejected", "paid")

# Reason codes NSSF's review gives, in both languages (the desk shows them as sent).
REASONS = {
    "claim.no_member": {
        "en": "The claim names no member (member_id).",
        "km": "ពាក្យស្នើសុំមិនមានលេខសមាជិក (member_id)។",
    },
    "claim.no_benefit": {
        "en": "The claim does not say which benefit it is for.",
        "km": "ពាក្យស្នើសុំមិនបានបញ្ជាក់អត្ថប្រយោជន៍។",
    },
    "claim.line_unknown_service": {
        "en": "This service is not in NSSF's price list.",
        "km": "សេវានេះមិនមាននៅក្នុងតារាងតម្លៃរបស់ ប.ស.ស. ទេ។",
    },
    "claim.line_price": {
        "en": "The price of this line is not the agreed price.",
        "km": "តម្លៃនៃជួរនេះមិនមែនជាតម្លៃដែលបានព្រមព្រៀងទេ។",
    },
    "claim.amount_mismatch": {
        "en": "The amount claimed is not the sum of the lines.",
        "km": "ចំនួនទឹកប្រាក់ដែលទាមទារមិនស្មើនឹងផលបូកនៃជួរទាំងអស់ទេ។",
    },
    "claim.document_not_received": {
        "en": "A document named in the claim was not received.",
        "km": "ឯកសារដែលមានឈ្មោះក្នុងពាក្យស្នើសុំមិនបានទទួលទេ។",
    },
    "claim.caesarean_no_indication": {
        "en": "A caesarean delivery needs its medical indication (ICD-10).",
        "km": "ការវះកាត់យកកូនត្រូវការមូលហេតុវេជ្ជសាស្ត្រ (ICD-10)។",
    },
    "claim.funeral_duplicate": {
        "en": "A funeral allowance was already claimed for this member.",
        "km": "វិភាជន៍បូជាសពសម្រាប់សមាជិកនេះត្រូវបានទាមទាររួចហើយ។",
    },
}


def claim_number_text(number: int) -> str:
    return f"NSSF-C-{number:08d}"


def canonical_sha256(body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class _Replay(Exception):  # noqa: N818 - control flow inside one transaction
    def __init__(self, response: str) -> None:
        self.response = response


def store_claim(
    connection: Connection, facility_id: str, key: str, body: dict[str, Any]
) -> tuple[str, bool]:
    """Store a claim once per (facility, key); returns (the answer JSON, replayed?)."""
    digest = canonical_sha256(body)
    existing = connection.execute(
        select(claims.c.body_sha256, claims.c.response).where(
            claims.c.facility_id == facility_id, claims.c.idempotency_key == key
        )
    ).first()
    if existing is not None:
        if existing.body_sha256 != digest:
            raise Problem(
                409,
                "idempotency_key_reused",
                "this Idempotency-Key was already used for a different claim body",
            )
        return existing.response, True
    received = utc_now()
    inserted = connection.execute(
        claims.insert().values(
            facility_id=facility_id,
            idempotency_key=key,
            body_sha256=digest,
            body=json.dumps(body, ensure_ascii=False),
            received_at=received,
            status="submitted",
            response="",
        )
    ).inserted_primary_key
    assert inserted is not None  # noqa: S101 - an insert always has its key
    number = int(inserted[0])
    answer = json.dumps(
        {
            "claim_number": claim_number_text(number),
            "idempotency_key": key,
            "status": "submitted",
            "received_at": received,
        }
    )
    connection.execute(
        update(claims).where(claims.c.claim_number == number).values(response=answer)
    )
    return answer, False


def _is_int(value: Any, low: int | None = None) -> bool:
    """An integer as JSON Schema counts them (2.0 is one), at least `low`."""
    whole = (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    )
    return whole and (low is None or value >= low)


def _shape_problem(body: dict[str, Any]) -> str | None:
    """What makes `body` not a claim of the contract (docs/api/openapi.yaml, Claim), if
    anything: checked before it is stored, so a malformed request is a 422, not a claim
    that fails its review later."""
    if body.get("format") != "nssf-claim/1":
        return "format must be nssf-claim/1"
    for name in ("claim_id", "tariff_version", "service_date"):
        if not isinstance(body.get(name), str):
            return f"{name} must be a string"
    try:
        dt.date.fromisoformat(body["service_date"])
    except ValueError:
        return "service_date must be a date (YYYY-MM-DD)"
    if body.get("benefit") not in ("maternity", "hospitalisation", "funeral"):
        return "benefit must be maternity, hospitalisation or funeral"
    if not (_is_int(body.get("revision"), 1) and _is_int(body.get("member_id"))):
        return "revision (from 1) and member_id must be integers"
    if not _is_int(body.get("amount_claimed")) or not isinstance(body.get("details"), dict):
        return "amount_claimed must be an integer and details an object"
    if not (body.get("delay_reason") is None or isinstance(body.get("delay_reason"), str)):
        return "delay_reason must be a string or null"
    lines, documents = body.get("lines"), body.get("documents")
    if not isinstance(lines, list) or len(lines) > 200 or not isinstance(documents, list):
        return "lines (at most 200) and documents must be lists"
    for line in lines:
        if not (
            isinstance(line, dict)
            and isinstance(line.get("service"), str)
            and _is_int(line.get("quantity"), 1)
            and _is_int(line.get("unit_price"))
            and _is_int(line.get("amount"))
        ):
            return "each line needs service, quantity (from 1), unit_price and amount"
    for document in documents:
        if not (
            isinstance(document, dict)
            and isinstance(document.get("kind"), str)
            and isinstance(document.get("sha256"), str)
            and SHA256_HEX.match(document["sha256"])
        ):
            return "each document needs a kind and the sha256 of its file"
    return None


async def post_claim(request: Request) -> Response:
    device = await require_device(request)
    key = request.headers.get("idempotency-key")
    if key is None:
        raise Problem(400, "missing_idempotency_key", "send the claim's id as Idempotency-Key")
    if not IDEMPOTENCY_KEY.match(key):
        raise Problem(400, "bad_idempotency_key", "Idempotency-Key: 8 to 64 of A-Z a-z 0-9 _ . : -")
    body = await read_json_object(request, CLAIM_LIMIT)
    problem = _shape_problem(body)
    if problem is not None:
        raise Problem(422, "bad_claim", problem)
    try:
        answer, replayed = await in_transaction(
            request, lambda c: store_claim(c, device.facility_id, key, body)
        )
    except IntegrityError:  # the same key raced in from a parallel request: read its answer
        answer, replayed = await in_transaction(
            request, lambda c: store_claim(c, device.facility_id, key, body)
        )
    headers = {"Idempotent-Replayed": "true" if replayed else "false"}
    return Response(answer, status_code=201, headers=headers, media_type="application/json")


def set_status(
    connection: Connection,
    claim_number: int,
    status: str,
    reasons: list[dict[str, Any]] | None = None,
    payment: dict[str, Any] | None = None,
) -> None:
    """Record NSSF's decision on a claim; it appears in the facility's change feed."""
    if status not in STATUSES[1:]:
        raise ValueError(f"unknown claim status {status!r}")
    row = connection.execute(
        select(claims.c.facility_id).where(claims.c.claim_number == claim_number)
    ).first()
    if row is None:
        raise ValueError(f"no claim {claim_number}")
    connection.execute(
        update(claims).where(claims.c.claim_number == claim_number).values(status=status)
    )
    detail = {"reasons": reasons or [], "payment": payment}
    connection.execute(
        claim_events.insert().values(
            claim_number=claim_number,
            facility_id=row.facility_id,
            status=status,
            detail=json.dumps(detail, ensure_ascii=False),
            at=utc_now(),
        )
    )


def _reason(code: str, line: int | None = None) -> dict[str, Any]:
    reason: dict[str, Any] = {
        "code": code,
        "text_en": REASONS[code]["en"],
        "text_km": REASONS[code]["km"],
    }
    if line is not None:
        reason["line"] = line
    return reason


def tariff_prices(path: Path = BASELINE_TARIFF) -> dict[str, int]:
    """Service code -> agreed price, from the price list NSSF publishes."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {str(s["code"]): int(s["price"]) for s in document["services"]}


def claim_problems(
    connection: Connection, body: dict[str, Any], prices: dict[str, int], funerals: set[int]
) -> list[dict[str, Any]]:
    """NSSF's own checks of a claim as sent (whatever the desk checked before)."""
    reasons = []
    if not body.get("member_id"):
        reasons.append(_reason("claim.no_member"))
    if not body.get("benefit"):
        reasons.append(_reason("claim.no_benefit"))
    lines = body.get("lines")
    if isinstance(lines, list) and lines:
        total = 0
        for index, item in enumerate(lines):
            line = item if isinstance(item, dict) else {}
            price = prices.get(str(line.get("service")))
            amount, quantity = line.get("amount"), line.get("quantity")
            total += amount if isinstance(amount, int) else 0
            if price is None:
                reasons.append(_reason("claim.line_unknown_service", index))
            elif (
                line.get("unit_price") != price
                or not isinstance(quantity, int)
                or amount != price * quantity
            ):
                reasons.append(_reason("claim.line_price", index))
        if body.get("amount_claimed") != total:
            reasons.append(_reason("claim.amount_mismatch"))
    documents = body.get("documents")
    if isinstance(documents, list) and documents:
        hashes = [str(d.get("sha256")) for d in documents if isinstance(d, dict)]
        held = set(
            connection.execute(
                select(attachments.c.sha256).where(attachments.c.sha256.in_(hashes))
            ).scalars()
        )
        if len(hashes) < len(documents) or set(hashes) - held:
            reasons.append(_reason("claim.document_not_received"))
    details = body.get("details")
    if (
        isinstance(details, dict)
        and details.get("delivery_type") == "caesarean"
        and not details.get("indication")
    ):
        reasons.append(_reason("claim.caesarean_no_indication"))
    if body.get("benefit") == "funeral" and isinstance(body.get("member_id"), int):
        if body["member_id"] in funerals:
            reasons.append(_reason("claim.funeral_duplicate"))
        else:
            funerals.add(body["member_id"])
    return reasons


def review_claims(connection: Connection, today: dt.date) -> dict[str, int]:
    """NSSF's daily review: pay what was accepted before, then accept or reject what came in.

    The checks (`claim_problems`): a member and a benefit named, every line's service and
    price from NSSF's price list and the total their sum, the documents named received,
    a caesarean's indication given, one funeral allowance per member. Rejections carry
    reason codes in both languages, per claim and per line (`line`).
    """
    counts = {"accepted": 0, "rejected": 0, "paid": 0}
    prices = tariff_prices()
    funerals = {
        int(json.loads(text).get("member_id") or 0)
        for (text,) in connection.execute(
            select(claims.c.body).where(claims.c.status.in_(("accepted", "paid")))
        )
        if json.loads(text).get("benefit") == "funeral"
    }
    rows = connection.execute(
        select(claims.c.claim_number, claims.c.status, claims.c.body)
        .where(claims.c.status.in_(("submitted", "accepted")))
        .order_by(claims.c.claim_number)
    ).all()
    for number, status, text in rows:
        body = json.loads(text)
        if status == "accepted":
            amount = body.get("amount_claimed", 0)
            payment = {
                "amount_riel": amount if isinstance(amount, int) else 0,
                "paid_on": today.isoformat(),
                "reference": f"PAY-{today:%Y%m%d}-{number:08d}",
            }
            set_status(connection, number, "paid", payment=payment)
            counts["paid"] += 1
            continue
        reasons = claim_problems(connection, body, prices, funerals)
        set_status(connection, number, "rejected" if reasons else "accepted", reasons=reasons)
        counts["rejected" if reasons else "accepted"] += 1
    return counts


def changes_after(
    connection: Connection, facility_id: str, cursor: int, limit: int
) -> dict[str, Any]:
    rows = connection.execute(
        select(claim_events, claims.c.idempotency_key)
        .join(claims, claims.c.claim_number == claim_events.c.claim_number)
        .where(claim_events.c.facility_id == facility_id, claim_events.c.cursor > cursor)
        .order_by(claim_events.c.cursor)
        .limit(limit)
    ).all()
    changes = []
    for r in rows:
        detail = json.loads(r.detail)
        changes.append(
            {
                "cursor": r.cursor,
                "claim_number": claim_number_text(r.claim_number),
                "idempotency_key": r.idempotency_key,
                "status": r.status,
                "at": r.at,
                "reasons": detail["reasons"],
                "payment": detail["payment"],
            }
        )
    return {"changes": changes, "next_cursor": changes[-1]["cursor"] if changes else cursor}


def _int_param(request: Request, name: str, default: int, high: int) -> int:
    text = request.query_params.get(name)
    if text is None:
        return default
    if not text.isdigit() or len(text) > 19:
        raise Problem(400, "bad_parameter", f"{name} must be a non-negative integer")
    value = int(text)
    if value > high:
        raise Problem(400, "bad_parameter", f"{name} must be at most {high}")
    return value


async def get_claim_changes(request: Request) -> Response:
    device = await require_device(request)
    only_parameters(request, "cursor", "limit")
    cursor = _int_param(request, "cursor", 0, 2**62)
    limit = _int_param(request, "limit", CHANGES_PAGE, CHANGES_PAGE) or CHANGES_PAGE
    page = await in_transaction(
        request, lambda c: changes_after(c, device.facility_id, cursor, limit)
    )
    return JSONResponse(page)


async def put_attachment(request: Request) -> Response:
    device = await require_device(request)
    digest = request.path_params["sha256"]
    if not SHA256_HEX.match(digest):
        raise Problem(
            400, "bad_sha256", "the path must end in the lowercase hex SHA-256 of the body"
        )
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in ATTACHMENT_TYPES:
        raise Problem(
            415, "unsupported_media_type", f"attachments are {', '.join(ATTACHMENT_TYPES)}"
        )
    data = await read_body(request, ATTACHMENT_LIMIT)
    if not data:
        raise Problem(422, "empty_attachment", "the attachment is empty")
    if hashlib.sha256(data).hexdigest() != digest:
        raise Problem(422, "hash_mismatch", "the body's SHA-256 is not the one in the path")
    config = central(request).config

    def store(connection: Connection) -> bool:
        if connection.execute(
            select(attachments.c.sha256).where(attachments.c.sha256 == digest)
        ).first():
            return False
        path = config.attachments_dir / digest[:2] / digest
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, path)
        connection.execute(
            attachments.insert().values(
                sha256=digest,
                size=len(data),
                content_type=media,
                first_facility_id=device.facility_id,
                stored_at=utc_now(),
            )
        )
        return True

    try:
        created = await in_transaction(request, store)
    except IntegrityError:  # the same file raced in from another request: stored once
        created = False
    body = {"sha256": digest, "size": len(data), "stored": created}
    return JSONResponse(body, status_code=201 if created else 200)
