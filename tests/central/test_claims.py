"""Claims exactly once, their status changes by cursor, attachments stored once, the scan log."""

from __future__ import annotations

import hashlib
import threading

from sqlalchemy import func, select

from nssf_central.schema import attachments, claims, scan_entries
from tests.central.helpers import call, problem
from tests.serverfixture import CentralServer

CLAIM = {
    "format": "nssf-claim/1",
    "claim_id": "0b8f2c1e-6a7d-4c1e-9f3a-1d2e3f4a5b6c",
    "revision": 1,
    "benefit": "maternity",
    "member_id": 10_000_000_012_345,
    "service_date": "2026-11-01",
    "details": {"delivery_date": "2026-11-01", "delivery_type": "normal"},
    "lines": [{"service": "DEL-NORMAL", "quantity": 1, "unit_price": 250_000, "amount": 250_000}],
    "documents": [],
    "delay_reason": None,
    "tariff_version": "2026.1",
    "amount_claimed": 250_000,
}
PDF = b"%PDF-1.4\n% a test document\n" + bytes(range(256)) * 20


def _claims(server: CentralServer) -> int:
    with server.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(claims)).scalar_one()


def _submit(server: CentralServer, token: str, key: str, body: object) -> object:
    return call(server, "POST", "/v1/claims", token, json=body, headers={"Idempotency-Key": key})


def test_the_same_key_twice_stores_one_claim_and_returns_the_same_answer(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    key = "0b8f2c1e-6a7d-4c1e-9f3a-1d2e3f4a5b6c"
    first = _submit(central_server, token, key, CLAIM)
    assert first.status_code == 201
    assert first.headers["idempotent-replayed"] == "false"
    # The same claim again, its keys in another order (the same JSON object).
    second = _submit(central_server, token, key, dict(reversed(list(CLAIM.items()))))
    assert second.status_code == 201
    assert second.headers["idempotent-replayed"] == "true"
    assert second.json() == first.json()
    assert first.json()["claim_number"].startswith("NSSF-C-")
    assert _claims(central_server) == 1


def test_a_body_that_is_not_a_claim_is_a_422_and_nothing_is_stored(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    bad = [
        {},
        {**CLAIM, "format": "nssf-claim/2"},
        {**CLAIM, "amount_claimed": {}},
        {**CLAIM, "revision": 0},
        {**CLAIM, "revision": True},
        {**CLAIM, "benefit": "dental"},
        {**CLAIM, "service_date": "2026-02-30"},
        {**CLAIM, "lines": [{"service": "X", "quantity": 0, "unit_price": 1, "amount": 1}]},
        {**CLAIM, "lines": [CLAIM["lines"][0]] * 201},  # type: ignore[index]
        {**CLAIM, "documents": [{"kind": "invoice", "sha256": "not-a-hash"}]},
        {**CLAIM, "delay_reason": 7},
    ]
    for i, body in enumerate(bad):
        problem(_submit(central_server, token, f"claim-bad-{i:04d}", body), 422, "bad_claim")
    assert _claims(central_server) == 0


def test_another_body_under_the_same_key_is_a_409_and_nothing_is_stored(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    assert _submit(central_server, token, "claim-0001", CLAIM).status_code == 201
    changed = {**CLAIM, "amount_claimed": 900_000}
    problem(_submit(central_server, token, "claim-0001", changed), 409, "idempotency_key_reused")
    assert _claims(central_server) == 1


def test_keys_belong_to_a_facility(central_server: CentralServer) -> None:
    one, two = central_server.token("KH-0101"), central_server.token("KH-0202")
    a = _submit(central_server, one, "claim-0001", CLAIM).json()
    b = _submit(central_server, two, "claim-0001", CLAIM).json()
    assert a["claim_number"] != b["claim_number"]
    assert _claims(central_server) == 2


def test_parallel_retries_of_one_claim_store_it_once(central_server: CentralServer) -> None:
    token = central_server.token()
    answers: list[object] = []

    def send() -> None:
        answers.append(_submit(central_server, token, "claim-race-01", CLAIM))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {a.status_code for a in answers} == {201}  # type: ignore[attr-defined]
    assert len({a.json()["claim_number"] for a in answers}) == 1  # type: ignore[attr-defined]
    assert _claims(central_server) == 1


def test_bad_claim_requests_are_refused_with_reasons(central_server: CentralServer) -> None:
    token = central_server.token()
    no_key = call(central_server, "POST", "/v1/claims", token, json=CLAIM)
    problem(no_key, 400, "missing_idempotency_key")
    problem(_submit(central_server, token, "short", CLAIM), 400, "bad_idempotency_key")
    problem(_submit(central_server, token, "key with spaces!", CLAIM), 400, "bad_idempotency_key")
    huge = {**CLAIM, "note": "x" * 300_000}
    problem(_submit(central_server, token, "claim-huge-1", huge), 413, "body_too_large")
    problem(_submit(central_server, token, "claim-list-1", [CLAIM]), 400, "malformed_json")
    problem(_submit(central_server, None, "claim-anon-1", CLAIM), 401, "missing_token")  # type: ignore[arg-type]
    assert _claims(central_server) == 0


def test_status_changes_come_back_by_cursor_for_this_facility_only(
    central_server: CentralServer,
) -> None:
    token, other = central_server.token("KH-0101"), central_server.token("KH-0202")
    good = _submit(central_server, token, "claim-good-01", CLAIM).json()
    no_member = {**CLAIM, "member_id": 0}  # a claim's shape, refused by the review
    bad = _submit(central_server, token, "claim-bad-001", no_member).json()
    _submit(central_server, other, "claim-other-1", CLAIM)
    empty = call(central_server, "GET", "/v1/claims/changes", token).json()
    assert empty == {"changes": [], "next_cursor": 0}

    assert central_server.review_claims() == {"accepted": 2, "rejected": 1, "paid": 0}
    page = call(central_server, "GET", "/v1/claims/changes?cursor=0", token).json()
    statuses = {c["claim_number"]: c for c in page["changes"]}
    assert set(statuses) == {good["claim_number"], bad["claim_number"]}
    assert statuses[good["claim_number"]]["status"] == "accepted"
    rejected = statuses[bad["claim_number"]]
    assert rejected["status"] == "rejected"
    assert rejected["idempotency_key"] == "claim-bad-001"
    assert [r["code"] for r in rejected["reasons"]] == ["claim.no_member"]
    assert rejected["reasons"][0]["text_km"] and rejected["reasons"][0]["text_en"]

    central_server.review_claims()  # accepted claims are paid the next day
    later = call(central_server, "GET", f"/v1/claims/changes?cursor={page['next_cursor']}", token)
    (paid,) = later.json()["changes"]
    assert paid["status"] == "paid"
    assert paid["claim_number"] == good["claim_number"]
    assert paid["payment"]["amount_riel"] == 250_000
    assert paid["payment"]["reference"]
    caught_up = later.json()["next_cursor"]
    assert (
        call(central_server, "GET", f"/v1/claims/changes?cursor={caught_up}", token).json()[
            "changes"
        ]
        == []
    )
    one = call(central_server, "GET", "/v1/claims/changes?cursor=0&limit=1", token).json()
    assert len(one["changes"]) == 1
    for bad_cursor in ("-1", "abc", "1e3", "9" * 30):
        response = call(central_server, "GET", f"/v1/claims/changes?cursor={bad_cursor}", token)
        problem(response, 400, "bad_parameter")


def test_an_attachment_is_checked_against_its_hash_and_stored_once(
    central_server: CentralServer,
) -> None:
    token, other = central_server.token("KH-0101"), central_server.token("KH-0202")
    digest = hashlib.sha256(PDF).hexdigest()
    path = f"/v1/attachments/{digest}"
    pdf = {"Content-Type": "application/pdf"}
    first = call(central_server, "PUT", path, token, data=PDF, headers=pdf)
    assert first.status_code == 201
    assert first.json() == {"sha256": digest, "size": len(PDF), "stored": True}
    again = call(central_server, "PUT", path, other, data=PDF, headers=pdf)
    assert again.status_code == 200
    assert again.json()["stored"] is False
    stored = central_server.config.attachments_dir / digest[:2] / digest
    assert stored.read_bytes() == PDF
    with central_server.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(attachments)).scalar_one() == 1

    tampered = PDF[:-1] + b"!"
    problem(
        call(central_server, "PUT", path, token, data=tampered, headers=pdf), 422, "hash_mismatch"
    )
    truncated = PDF[:100]
    problem(
        call(central_server, "PUT", path, token, data=truncated, headers=pdf), 422, "hash_mismatch"
    )
    problem(
        call(central_server, "PUT", path, token, data=b"", headers=pdf), 422, "empty_attachment"
    )
    exe = {"Content-Type": "application/x-msdownload"}
    problem(
        call(central_server, "PUT", path, token, data=PDF, headers=exe),
        415,
        "unsupported_media_type",
    )
    problem(
        call(central_server, "PUT", "/v1/attachments/ABC", token, data=PDF, headers=pdf),
        400,
        "bad_sha256",
    )
    traversal = "/v1/attachments/..%2F..%2Fetc"  # decoded to slashes: matches no route
    problem(call(central_server, "PUT", traversal, token, data=PDF, headers=pdf), 404, "not_found")
    big = b"\x89PNG" + b"\0" * (10 * 1024 * 1024)
    big_path = f"/v1/attachments/{hashlib.sha256(big).hexdigest()}"
    png = {"Content-Type": "image/png"}
    problem(
        call(central_server, "PUT", big_path, token, data=big, headers=png), 413, "body_too_large"
    )


def test_the_scan_log_is_stored_once_per_entry_and_garbage_is_refused(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    entries = [
        {
            "id": i,
            "at": "2026-11-02T08:00:00Z",
            "code": "green",
            "kid": 7,
            "member_id": 10_000_000_000_000 + i,
            "card_serial": 1,
        }
        for i in range(1, 4)
    ]
    first = call(central_server, "POST", "/v1/scan-log", token, json={"scans": entries})
    assert first.json() == {"accepted": 3, "duplicates": 0}
    more = [*entries, {"id": 4, "at": "2026-11-02T08:01:00Z", "code": "forged"}]
    second = call(central_server, "POST", "/v1/scan-log", token, json={"scans": more})
    assert second.json() == {"accepted": 1, "duplicates": 3}
    with central_server.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(scan_entries)).scalar_one() == 4
    bad = [
        ({"scans": "x"}, 422, "bad_scan_log"),
        ({"scans": [1]}, 422, "bad_scan_entry"),
        (
            {"scans": [{"id": -1, "at": "2026-11-02T08:00:00Z", "code": "green"}]},
            422,
            "bad_scan_entry",
        ),
        ({"scans": [{"id": 1, "at": "yesterday", "code": "green"}]}, 422, "bad_scan_entry"),
        (
            {"scans": [{"id": 1, "at": "2026-11-02T08:00:00Z", "code": "DROP TABLE"}]},
            422,
            "bad_scan_entry",
        ),
        (
            {"scans": [{"id": 1, "at": "2026-11-02T08:00:00Z", "code": "g", "kid": True}]},
            422,
            "bad_scan_entry",
        ),
        (
            {"scans": [{"id": 1, "at": "2026-11-02T12:99:00Z", "code": "g"}]},  # no such minute
            422,
            "bad_scan_entry",
        ),
        (
            {"scans": [{"id": i, "at": "2026-11-02T08:00:00Z", "code": "g"} for i in range(5001)]},
            422,
            "too_many_entries",
        ),
    ]
    for body, status, code in bad:
        problem(call(central_server, "POST", "/v1/scan-log", token, json=body), status, code)


def test_unknown_query_parameters_and_numbers_beyond_64_bits_are_refused_not_a_500(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    problem(call(central_server, "GET", "/v1/claims/changes?cursr=5", token), 400, "bad_parameter")
    problem(call(central_server, "GET", "/v1/changes?since=1&x=1", token), 400, "bad_parameter")
    huge = 2**78
    problem(call(central_server, "GET", f"/v1/changes?since={huge}", token), 400, "bad_parameter")
    part = f"/v1/snapshots/{huge}/parts/members-0000.zst"
    problem(call(central_server, "GET", part, token), 404, "no_such_part")
    assert call(central_server, "GET", "/v1/claims/changes?cursor=0&limit=5", token).ok
