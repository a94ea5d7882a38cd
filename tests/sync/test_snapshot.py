"""The signed snapshot: written by the server's writer, verified and loaded by the desk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cbor2
import numpy as np
import pytest
import zstandard
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import text

from hospital_desk.desk import Desk
from hospital_desk.member_store import count_members, revocations_of
from hospital_desk.storage import list_as_of
from hospital_desk.synthetic import generate
from hospital_desk.wire import columns
from hospital_desk.wire.signing import WireError
from hospital_desk.wire.snapshot import held_sequence, load_snapshot, read_manifest, write_snapshot
from tests.sync.wirelab import AS_OF, make_snapshot, reader


@pytest.fixture(scope="module")
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def desk(desk_home: Path) -> Iterator[Desk]:
    desk = Desk.open()
    yield desk
    desk.close()


def _load(desk: Desk, directory: Path, key: ed25519.Ed25519PrivateKey) -> int:
    manifest = read_manifest((directory / "manifest.json").read_bytes(), [key.public_key()])
    with desk.engine.begin() as connection:
        return load_snapshot(connection, manifest, reader(directory))


def test_snapshot_loads_every_member_and_decides_like_the_generator_list(
    desk: Desk, key: ed25519.Ed25519PrivateKey, tmp_path: Path
) -> None:
    make_snapshot(tmp_path, key)
    assert _load(desk, tmp_path, key) == 3_000
    with desk.engine.connect() as connection:
        assert count_members(connection) == 3_000
        assert held_sequence(connection) == 1
        assert list_as_of(connection) == AS_OF
    people = list(generate(3_000, seed=9, as_of=AS_OF))
    for person in people[::250]:
        check = desk.check(person.row[0], on=AS_OF)
        assert check.member is not None and check.member.name_latin == person.row[2]


def test_damaged_part_is_refused_and_the_old_list_stays(
    desk: Desk, key: ed25519.Ed25519PrivateKey, tmp_path: Path
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    make_snapshot(old, key, count=1_500, seed=3)
    _load(desk, old, key)
    make_snapshot(new, key, count=3_000, seed=9, sequence=2)
    part = new / "members-0002.zst"
    part.write_bytes(part.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(WireError, match="damaged"):
        _load(desk, new, key)
    with desk.engine.connect() as connection:
        assert count_members(connection) == 1_500
        assert held_sequence(connection) == 1
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


def test_older_snapshot_is_refused_as_a_rollback(
    desk: Desk, key: ed25519.Ed25519PrivateKey, tmp_path: Path
) -> None:
    make_snapshot(tmp_path / "five", key, sequence=5)
    make_snapshot(tmp_path / "four", key, sequence=4)
    _load(desk, tmp_path / "five", key)
    with pytest.raises(WireError, match="older"):
        _load(desk, tmp_path / "four", key)


def test_manifest_signed_by_another_key_or_edited_is_refused(
    key: ed25519.Ed25519PrivateKey, tmp_path: Path
) -> None:
    make_snapshot(tmp_path, key)
    signed = (tmp_path / "manifest.json").read_bytes()
    other = ed25519.Ed25519PrivateKey.generate()
    with pytest.raises(WireError, match="unknown key"):
        read_manifest(signed, [other.public_key()])
    edited = signed.replace(b'"member_count": 3000', b'"member_count": 2999')
    assert edited != signed
    with pytest.raises(WireError, match="does not verify"):
        read_manifest(edited, [key.public_key()])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty", b""),
        ("not_json", b"\x89PNG"),
        ("no_signature", b'{"document": {}}'),
        ("huge", b" " * (9 * 1024 * 1024)),
    ],
)
def test_malformed_manifests_get_a_clear_error(
    key: ed25519.Ed25519PrivateKey, name: str, data: bytes
) -> None:
    with pytest.raises(WireError):
        read_manifest(data, [key.public_key()])


def test_part_that_decompresses_to_garbage_is_refused(
    desk: Desk, key: ed25519.Ed25519PrivateKey, tmp_path: Path
) -> None:
    with pytest.raises(WireError):
        columns.decode(columns.WIRE_COLUMNS, zstandard.ZstdCompressor().compress(b"\xff" * 100))
    with pytest.raises(WireError):
        columns.decode(columns.WIRE_COLUMNS, b"not zstd at all")


def test_a_member_with_two_revoked_serials_loads_both_revocations(
    desk: Desk, key: ed25519.Ed25519PrivateKey, tmp_path: Path
) -> None:
    people = list(generate(50, seed=9, as_of=AS_OF))
    member_id = people[0].row[0]
    revoked = [(member_id, 1, "replaced", 20260101), (member_id, 2, "lost_or_stolen", 20260601)]
    write_snapshot(tmp_path, (p.row for p in people), revoked, sequence=1, as_of=AS_OF, key=key)
    assert _load(desk, tmp_path, key) == 50
    with desk.engine.connect() as connection:
        reasons = {r.card_serial: r.reason for r in revocations_of(connection, member_id)}
    assert reasons == {1: "replaced", 2: "lost_or_stolen"}


def _part(document: dict[str, object]) -> bytes:
    return zstandard.ZstdCompressor().compress(cbor2.dumps(document))


def test_a_revocation_part_with_ids_going_backwards_is_refused() -> None:
    good = columns.encode(
        columns.REVOCATION_COLUMNS, [(3, 1, "x", 20260101), (5, 1, "y", 20260101)]
    )
    document = cbor2.loads(zstandard.ZstdDecompressor().decompress(good))
    # ids 5 then 3: the second delta wraps around (2**64 - 2), as a forger would write it
    deltas = np.array([5, 2**64 - 2], dtype="<u8").view(np.uint8).reshape(-1, 8).T.tobytes()
    document["data"][0] = {"width": 8, "bytes": deltas}
    with pytest.raises(WireError, match="increasing"):
        columns.decode(columns.REVOCATION_COLUMNS, _part(document), ids_unique=False)
    with pytest.raises(ValueError, match="sorted"):
        columns.encode(columns.REVOCATION_COLUMNS, [(5, 1, "x", 20260101), (3, 1, "y", 20260101)])
