"""The member feed over loopback: signed snapshots with Range and ETag, change batches
by sequence (204 when current, 410 when too far behind, 409 when ahead), signed rules
and tariff, and the USB export."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.sync.client import CentralClient
from hospital_desk.sync.syncer import Syncer, enrol, load_device
from hospital_desk.synthetic import generate
from hospital_desk.wire import columns
from hospital_desk.wire.signing import WireError, load_public_keys, verify
from hospital_desk.wire.snapshot import read_manifest
from nssf_central.operations import export
from nssf_central.publish import CHANGES_FORMAT
from tests.central.helpers import call, problem
from tests.serverfixture import (
    CENTRAL_AS_OF,
    CENTRAL_MEMBERS,
    CENTRAL_SEED,
    CentralServer,
    trust_central_server,
)


def _keys(server: CentralServer) -> list[ed25519.Ed25519PublicKey]:
    return load_public_keys([server.list_key_pem])


def test_the_snapshot_manifest_is_signed_and_its_parts_match_it(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    response = call(central_server, "GET", "/v1/snapshots/latest", token)
    assert response.status_code == 200
    assert response.headers["nssf-seq"] == "1"
    manifest = read_manifest(response.content, _keys(central_server))
    assert manifest.sequence == 1
    assert manifest.member_count == CENTRAL_MEMBERS
    for part in manifest.parts:
        got = call(central_server, "GET", f"/v1/snapshots/1/parts/{part.name}", token)
        assert got.status_code == 200
        assert hashlib.sha256(got.content).hexdigest() == part.sha256
        assert got.headers["etag"] == f'"{part.sha256}"'
        assert "immutable" in got.headers["cache-control"]
    again = call(
        central_server,
        "GET",
        "/v1/snapshots/latest",
        token,
        headers={"If-None-Match": response.headers["etag"]},
    )
    assert again.status_code == 304


def test_parts_resume_with_range_and_refuse_unknown_names(central_server: CentralServer) -> None:
    token = central_server.token()
    path = "/v1/snapshots/1/parts/members-0000.zst"
    whole = call(central_server, "GET", path, token).content
    tail = call(central_server, "GET", path, token, headers={"Range": f"bytes={len(whole) - 100}-"})
    assert tail.status_code == 206
    assert tail.content == whole[-100:]
    assert (
        tail.headers["content-range"] == f"bytes {len(whole) - 100}-{len(whole) - 1}/{len(whole)}"
    )
    etag = call(central_server, "GET", path, token).headers["etag"]
    same = call(
        central_server, "GET", path, token, headers={"Range": "bytes=0-9", "If-Range": etag}
    )
    assert same.status_code == 206 and same.content == whole[:10]
    changed = call(
        central_server, "GET", path, token, headers={"Range": "bytes=0-9", "If-Range": '"x"'}
    )
    assert changed.status_code == 200 and changed.content == whole
    beyond = call(central_server, "GET", path, token, headers={"Range": f"bytes={len(whole) + 5}-"})
    assert beyond.status_code == 416
    cached = call(central_server, "GET", path, token, headers={"If-None-Match": etag})
    assert cached.status_code == 304
    for bad in ("manifest.json", "members-9999.zst", ".hidden", "a" * 70):
        problem(
            call(central_server, "GET", f"/v1/snapshots/1/parts/{bad}", token), 404, "no_such_part"
        )
    problem(
        call(central_server, "GET", "/v1/snapshots/2/parts/members-0000.zst", token),
        404,
        "no_such_part",
    )
    problem(
        call(central_server, "GET", "/v1/snapshots/1/parts/..%2Fcentral.sqlite3", token),
        404,
        "not_found",
    )


def test_change_batches_follow_the_sequence_and_hold_the_days_changes(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    days = central_server.simulate_days(2)
    for day in days:
        response = call(central_server, "GET", f"/v1/changes?since={day.seq - 1}", token)
        assert response.status_code == 200
        assert response.headers["nssf-seq"] == str(day.seq)
        assert response.headers["nssf-latest-seq"] == "3"
        document = verify(response.content, _keys(central_server), "change batch")
        assert document["format"] == CHANGES_FORMAT
        assert (document["sequence"], document["previous"]) == (day.seq, day.seq - 1)
        assert document["as_of"] == day.date.isoformat()
        blob = base64.b64decode(document["upserts"]["data"])
        assert hashlib.sha256(blob).hexdigest() == document["upserts"]["sha256"]
        rows = list(columns.member_rows(columns.decode(columns.WIRE_COLUMNS, blob)))
        assert rows == [tuple(day.upserts[m]) for m in sorted(day.upserts)]
        assert document["tombstones"] == sorted(day.tombstones)
        assert [tuple(r) for r in document["revocations"]] == sorted(day.revocations)
    current = call(central_server, "GET", "/v1/changes?since=3", token)
    assert current.status_code == 204
    assert current.headers["nssf-latest-seq"] == "3"
    problem(call(central_server, "GET", "/v1/changes?since=4", token), 409, "ahead_of_server")
    problem(call(central_server, "GET", "/v1/changes?since=0", token), 410, "too_far_behind")
    problem(call(central_server, "GET", "/v1/changes", token), 400, "bad_parameter")
    problem(call(central_server, "GET", "/v1/changes?since=-1", token), 400, "bad_parameter")


def test_a_desk_too_far_behind_gets_410_and_the_new_snapshot_has_caught_up(
    central_server: CentralServer,
) -> None:
    token = central_server.token()
    central_server.simulate_days(7)  # the fixture keeps 5 batches: 4..8
    problem(call(central_server, "GET", "/v1/changes?since=2", token), 410, "too_far_behind")
    assert call(central_server, "GET", "/v1/changes?since=3", token).status_code == 200
    assert not (central_server.config.changes_dir / "3.batch").exists()
    info = central_server.build_snapshot()
    assert info.seq == 8
    response = call(central_server, "GET", "/v1/snapshots/latest", token)
    manifest = read_manifest(response.content, _keys(central_server))
    assert manifest.sequence == 8
    assert manifest.member_count == info.member_count > CENTRAL_MEMBERS
    assert call(central_server, "GET", "/v1/time").json()["snapshot_seq"] == 8


def test_rules_and_tariff_are_signed_and_versioned(central_server: CentralServer) -> None:
    token = central_server.token()
    rules = call(central_server, "GET", "/v1/rules/latest", token)
    tariff = call(central_server, "GET", "/v1/tariff/latest", token)
    assert verify(rules.content, _keys(central_server), "rules")["format"] == "nssf-desk-rules/1"
    document = verify(tariff.content, _keys(central_server), "tariff")
    assert document["format"] == "nssf-tariff/1" and document["version"]
    assert {s["code"] for s in document["services"]} >= {"HC-DELIV", "DEL-CSECTION", "IPD-DAY"}
    assert all(s["km"] and s["en"] and s["price"] > 0 for s in document["services"])
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    tampered = json.loads(tariff.content)
    tampered["document"]["services"][0]["price"] = 1
    with pytest.raises(WireError, match="does not verify"):
        verify(json.dumps(tampered).encode(), _keys(central_server), "tariff")
    with pytest.raises(WireError, match="unknown key"):
        verify(tariff.content, [other], "tariff")


def test_the_usb_export_holds_the_snapshot_and_later_batches(
    central_server: CentralServer, tmp_path: Path
) -> None:
    central_server.simulate_days(2)
    stick = tmp_path / "usb"
    done = export(central_server.engine, central_server.config, stick)
    assert (done.snapshot_seq, done.latest_seq) == (1, 3)
    index = json.loads((stick / "index.json").read_text())
    assert [c["sequence"] for c in index["changes"]] == [2, 3]
    manifest = read_manifest((stick / "manifest.json").read_bytes(), _keys(central_server))
    for part in manifest.parts:
        assert hashlib.sha256((stick / part.name).read_bytes()).hexdigest() == part.sha256
    for change in index["changes"]:
        verify((stick / change["file"]).read_bytes(), _keys(central_server), "change batch")
    assert (stick / "list-signing-key.pub.pem").read_bytes() == central_server.list_key_pem


def test_a_desk_syncs_the_snapshot_from_this_server_and_finds_its_members(
    central_server: CentralServer, desk_home: Path
) -> None:
    trust_central_server(desk_home, central_server)
    desk = Desk.open(load_settings(desk_home))
    try:
        enrol(desk.settings, central_server.url, central_server.enrolment_code(), "KH-0101")
        device = load_device(desk.settings)
        client = CentralClient(device.server, device.token, backoff=0.01)
        try:
            assert Syncer(desk, client).run().loaded == CENTRAL_MEMBERS
        finally:
            client.close()
        people = list(generate(CENTRAL_MEMBERS, seed=CENTRAL_SEED, as_of=CENTRAL_AS_OF))
        for person in people[::250]:
            check = desk.check(person.row[0], on=CENTRAL_AS_OF)
            assert check.member is not None and check.member.name_khmer == person.row[3]
    finally:
        desk.close()
