"""The change feed, end to end over loopback: a desk syncs the snapshot, then follows three
simulated days of national changes, and what it decides matches the simulator's ground
truth; tampered, out-of-order, too-old and malformed batches are refused untouched."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Engine, Table, select

from hospital_desk import synthetic
from hospital_desk.card.issue import issue_qr_text
from hospital_desk.cli import main
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import get_member, replace_all_members
from hospital_desk.schema import card_revocations, members
from hospital_desk.storage import set_state
from hospital_desk.sync.client import CentralClient, SyncError
from hospital_desk.sync.syncer import Syncer, enrol, import_folder, load_device
from hospital_desk.wire.changes import apply_changes, read_changes, write_changes
from hospital_desk.wire.signing import WireError, canonical, sign
from hospital_desk.wire.snapshot import SEQUENCE_KEY, held_sequence
from nssf_central import simulate
from nssf_central.operations import export
from nssf_central.simulate import DayChanges
from tests.serverfixture import (
    CENTRAL_AS_OF,
    CENTRAL_MEMBERS,
    CENTRAL_SEED,
    CentralServer,
    trust_central_server,
)

# The first eligibility reason (outpatient) each synthetic profile gives.
FIRST_CODE = {
    synthetic.ACTIVE: "elig.covered",
    synthetic.ARREARS: "elig.covered",
    synthetic.ABANDONED: "elig.voluntary_abandoned",
    synthetic.DECEASED: "elig.deceased",
    synthetic.LEFT: "elig.registration_ended",
    synthetic.SUSPENDED: "elig.suspended",
    synthetic.EMPLOYER_UNREGISTERED: "elig.employer_not_registered",
    synthetic.CONTRIBUTIONS_SHORT: "elig.contributions_short",
}


@dataclasses.dataclass
class Linked:
    desk: Desk
    client: CentralClient
    server: CentralServer

    def sync(self) -> Any:
        return Syncer(self.desk, self.client).run()

    def held(self) -> int:
        with self.desk.engine.connect() as connection:
            return held_sequence(connection)


@pytest.fixture
def linked(central_server: CentralServer, desk_home: Path) -> Iterator[Linked]:
    trust_central_server(desk_home, central_server)
    desk = Desk.open(load_settings(desk_home))
    enrol(desk.settings, central_server.url, central_server.enrolment_code(), "KH-0101")
    device = load_device(desk.settings)
    client = CentralClient(device.server, device.token, backoff=0.01)
    yield Linked(desk, client, central_server)
    client.close()
    desk.close()


def _table(engine: Engine, table: Table) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key))]


def _first_code(desk: Desk, member_id: int, on: dt.date) -> str:
    check = desk.check(member_id, on=on, benefit="outpatient")
    return check.decisions[0].codes[0]


def _assert_day_at_desk(linked: Linked, day: DayChanges) -> int:
    """Every event of the day, as the desk now sees it; returns the decisions checked."""
    desk, pki = linked.desk, linked.server.pki
    checked = 0
    latest = {e.member_id: e for e in day.events}
    for event in latest.values():
        with desk.engine.connect() as connection:
            member = get_member(connection, event.member_id)
        if event.event == simulate.REMOVED:
            assert member is None, event
            continue
        assert member is not None, event
        if event.event in (simulate.CARD_REPLACED, simulate.CARD_REVOKED):
            old = dataclasses.replace(member, card_serial=event.card_serial or 0)
            text = issue_qr_text(old, pki.issuers[8], 8, CENTRAL_AS_OF)
            card = desk.scan(text, on=day.date).card
            replaced = event.event == simulate.CARD_REPLACED
            expected = ("replaced", "card.replaced")
            if not replaced:
                expected = ("revoked", "card.revoked.lost_or_stolen")
            assert (card.code, card.message_code) == expected, event
            if replaced:
                new = issue_qr_text(member, pki.issuers[8], 8, day.date)
                assert desk.scan(new, on=day.date).card.code == "valid"
            checked += 1
            continue
        if event.profile in FIRST_CODE and member.principal_id is None:
            assert _first_code(desk, event.member_id, day.date) == FIRST_CODE[event.profile], event
            checked += 1
    return checked


def test_a_desk_follows_three_simulated_days_and_decides_as_the_ground_truth(
    linked: Linked,
) -> None:
    first = linked.sync()
    assert (first.sequence, first.loaded, first.changed) == (1, CENTRAL_MEMBERS, 0)
    # Before: the snapshot's decisions are the generator's profiles.
    people = list(synthetic.generate(CENTRAL_MEMBERS, seed=CENTRAL_SEED, as_of=CENTRAL_AS_OF))
    before = 0
    for person in people:
        if person.profile in FIRST_CODE and person.row[12] is None:
            assert (
                _first_code(linked.desk, person.row[0], CENTRAL_AS_OF) == FIRST_CODE[person.profile]
            ), person.profile
            before += 1
    assert before > 500
    # Three days, a sync after each.
    after = 0
    for expected_seq in (2, 3, 4):
        (day,) = linked.server.simulate_days(1)
        report = linked.sync()
        assert report.sequence == expected_seq == day.seq
        assert report.loaded == 0  # changes only, no second snapshot
        assert report.changed == len(day.upserts) + len(day.tombstones)
        after += _assert_day_at_desk(linked, day)
    assert after >= 20
    assert linked.desk.check(people[0].row[0]).list_as_of == day.date
    # The desk's list is now exactly the central list.
    assert _table(linked.desk.engine, members) == _table(linked.server.engine, members)
    assert _table(linked.desk.engine, card_revocations) == _table(
        linked.server.engine, card_revocations
    )
    assert linked.sync().changed == 0  # nothing newer: 204


def test_three_days_in_one_sync_apply_in_order(linked: Linked) -> None:
    linked.sync()
    linked.server.simulate_days(3)
    report = linked.sync()
    assert (report.sequence, report.loaded) == (4, 0)
    assert _table(linked.desk.engine, members) == _table(linked.server.engine, members)


def test_a_desk_too_far_behind_takes_the_new_snapshot_then_follows_changes(
    linked: Linked,
) -> None:
    linked.sync()
    linked.server.simulate_days(6)  # the fixture keeps 5 batches: 3..7; the desk holds 1
    linked.server.build_snapshot()  # snapshot 7
    linked.server.simulate_days(1)  # batch 8
    report = linked.sync()
    assert report.sequence == 8 and report.loaded > 0 and report.changed > 0
    assert _table(linked.desk.engine, members) == _table(linked.server.engine, members)


def test_too_far_behind_with_no_newer_snapshot_is_a_clear_error_and_keeps_the_list(
    linked: Linked,
) -> None:
    linked.sync()
    linked.server.simulate_days(6)
    with pytest.raises(SyncError, match="no longer keeps"):
        linked.sync()
    assert linked.held() == 1


def _batch_file(server: CentralServer, seq: int) -> Path:
    return server.config.changes_dir / f"{seq}.batch"


def _resign(data: bytes, key: ed25519.Ed25519PrivateKey, **changes: Any) -> bytes:
    document = json.loads(data)["document"]
    document.update(changes)
    return sign(document, key)


def test_a_batch_with_a_bad_signature_is_refused_and_nothing_is_applied(linked: Linked) -> None:
    linked.sync()
    before = _table(linked.desk.engine, members)
    (day,) = linked.server.simulate_days(1)
    path = _batch_file(linked.server, day.seq)
    envelope = json.loads(path.read_bytes())
    envelope["document"]["tombstones"] = []  # altered after signing
    path.write_bytes(json.dumps(envelope).encode())
    with pytest.raises(WireError, match="signature"):
        linked.sync()
    assert linked.held() == 1
    assert _table(linked.desk.engine, members) == before


def test_a_batch_signed_by_an_attacker_key_is_refused(linked: Linked) -> None:
    linked.sync()
    (day,) = linked.server.simulate_days(1)
    path = _batch_file(linked.server, day.seq)
    path.write_bytes(_resign(path.read_bytes(), ed25519.Ed25519PrivateKey.generate()))
    with pytest.raises(WireError, match="unknown key"):
        linked.sync()
    assert linked.held() == 1


def test_the_server_sending_a_batch_for_another_list_is_refused(
    linked: Linked, tmp_path: Path
) -> None:
    linked.sync()
    days = linked.server.simulate_days(2)
    # The server answers since=1 with batch 3 (2->3): a gap.
    shutil.copyfile(_batch_file(linked.server, 3), _batch_file(linked.server, 2))
    with pytest.raises(WireError, match="for list 1"):
        linked.sync()
    assert linked.held() == 1
    assert days[0].seq == 2


# --- the batch reader and applier on their own: hostile and broken batches ----------------


@pytest.fixture
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def _rows(count: int = 50) -> list[tuple[Any, ...]]:
    return [m.row for m in synthetic.generate(count, seed=3, as_of=CENTRAL_AS_OF)]


def _batch(key: ed25519.Ed25519PrivateKey, seq: int = 2, **kw: Any) -> bytes:
    return write_changes(
        kw.get("upserts", _rows()[:10]),
        kw.get("tombstones", []),
        kw.get("revocations", []),
        sequence=seq,
        as_of=CENTRAL_AS_OF,
        key=key,
    )


def _set_blob(document: dict[str, Any], blob: bytes) -> None:
    """Replace the upserts with `blob`, hash and all (so only its content is wrong)."""
    document["upserts"].update(
        data=base64.b64encode(blob).decode(), sha256=hashlib.sha256(blob).hexdigest()
    )


def _document(data: bytes) -> dict[str, Any]:
    return json.loads(data)["document"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="nssf-member-changes/9"), "not a change batch"),
        (lambda d: d.update(previous=d["sequence"] - 2), "not consecutive"),
        (lambda d: d.update(sequence=True), "not consecutive"),
        (lambda d: d.update(as_of="yesterday"), "malformed"),
        (lambda d: d["upserts"].update(sha256="0" * 64), "damaged"),
        (lambda d: d["upserts"].update(rows=11), "different number"),
        (lambda d: d["upserts"].update(data="!!not base64!!"), "malformed"),
        (lambda d: _set_blob(d, b"\x28\xb5\x2f\xfd garbage"), "cannot be decompressed"),
        (lambda d: d.update(tombstones={"1": 2}), "not lists"),
        (lambda d: d.update(tombstones=[-5]), "not a member id"),
        (lambda d: d.update(tombstones=["85500000000001"]), "not a member id"),
        (lambda d: d.update(revocations=[[1, 1, "x"]]), "malformed card revocation"),
        (lambda d: d.update(revocations=[[1, 1, "x" * 41, 20261102]]), "malformed card revocation"),
        (lambda d: d.update(revocations=[[1, 1, "lost", 2026]]), "malformed card revocation"),
        (lambda d: d.pop("upserts"), "malformed"),
    ],
    ids=[
        "format",
        "gap_inside",
        "bool_sequence",
        "bad_date",
        "wrong_hash",
        "wrong_count",
        "not_base64",
        "not_zstd",
        "tombstones_not_list",
        "negative_id",
        "id_as_text",
        "short_revocation",
        "long_reason",
        "bad_revoked_on",
        "no_upserts",
    ],
)
def test_a_malformed_signed_batch_is_a_clear_wire_error(
    key: ed25519.Ed25519PrivateKey, change: Any, message: str
) -> None:
    document = _document(_batch(key))
    change(document)
    with pytest.raises(WireError, match=message):
        read_changes(sign(document, key), [key.public_key()])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b"null",
        b"[]",
        b"\x00" * 100,
        b'{"document": {}, "key_id": "x"}',
        b"9" * 9_000_000,
    ],
    ids=["empty", "truncated_json", "null", "list", "binary", "no_signature", "huge"],
)
def test_garbage_instead_of_a_batch_is_a_wire_error(
    key: ed25519.Ed25519PrivateKey, data: bytes
) -> None:
    with pytest.raises(WireError):
        read_changes(data, [key.public_key()])


def test_every_truncation_of_a_batch_is_refused(key: ed25519.Ed25519PrivateKey) -> None:
    data = _batch(key)
    for cut in range(0, len(data), max(1, len(data) // 97)):
        with pytest.raises(WireError):
            read_changes(data[:cut], [key.public_key()])


def test_canonical_json_means_a_reencoded_batch_still_verifies(
    key: ed25519.Ed25519PrivateKey,
) -> None:
    data = _batch(key)
    envelope = json.loads(data)
    spaced = json.dumps(envelope, indent=3).encode()
    assert read_changes(spaced, [key.public_key()]).sequence == 2
    assert canonical(envelope["document"]) == canonical(json.loads(spaced)["document"])


def _desk_at(desk_home: Path, seq: int, rows: list[tuple[Any, ...]]) -> Desk:
    desk = Desk.open(load_settings(desk_home))
    with desk.engine.begin() as connection:
        replace_all_members(connection, rows)
        set_state(connection, SEQUENCE_KEY, str(seq))
    return desk


def test_apply_refuses_a_gap_and_ignores_a_batch_already_applied(
    desk_home: Path, key: ed25519.Ed25519PrivateKey
) -> None:
    rows = _rows()
    desk = _desk_at(desk_home, 2, rows)
    try:
        keys = [key.public_key()]
        with desk.engine.begin() as connection, pytest.raises(WireError, match="a gap"):
            apply_changes(connection, read_changes(_batch(key, seq=4), keys))
        with desk.engine.begin() as connection:
            assert apply_changes(connection, read_changes(_batch(key, seq=2), keys)) == 0
            assert held_sequence(connection) == 2
        changed = [(r[0], r[1] + 1, *r[2:]) for r in rows[:3]]  # new card serials
        batch = _batch(key, seq=3, upserts=changed, tombstones=[rows[5][0]],
                       revocations=[(rows[0][0], rows[0][1], "replaced", 20261103)])  # fmt: skip
        with desk.engine.begin() as connection:
            assert apply_changes(connection, read_changes(batch, keys)) == 4
        with desk.engine.connect() as connection:
            assert held_sequence(connection) == 3
            assert get_member(connection, rows[5][0]) is None
            member = get_member(connection, rows[0][0])
            assert member is not None and member.card_serial == rows[0][1] + 1
        assert len(_table(desk.engine, members)) == len(rows) - 1
        # the normalised search names came back with the upserts: search still finds them
        assert any(m.member_id == rows[1][0] for m in desk.search(rows[1][2]))
    finally:
        desk.close()


def test_usb_export_with_change_batches_brings_an_offline_desk_to_the_latest_list(
    linked: Linked, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    linked.server.simulate_days(2)
    stick = tmp_path / "usb"
    result = export(linked.server.engine, linked.server.config, stick)
    assert (result.snapshot_seq, result.latest_seq) == (1, 3)
    report = import_folder(linked.desk, stick)
    assert (report.sequence, report.loaded) == (3, CENTRAL_MEMBERS)
    assert report.changed > 0
    assert _table(linked.desk.engine, members) == _table(linked.server.engine, members)
    # A stick whose batch was altered is refused before anything of it is used.
    linked.server.simulate_days(1)
    stick2 = tmp_path / "usb2"
    export(linked.server.engine, linked.server.config, stick2)
    batch = stick2 / "changes" / "4.batch"
    envelope = json.loads(batch.read_bytes())
    envelope["document"]["as_of"] = "2030-01-01"
    batch.write_bytes(json.dumps(envelope).encode())
    linked.desk.close()
    assert main(["members", "import", str(stick2)]) == 1
    assert "signature" in capsys.readouterr().err
    again = Desk.open(load_settings(linked.desk.settings.home))
    try:
        with again.engine.connect() as connection:
            assert held_sequence(connection) == 3
    finally:
        again.close()
