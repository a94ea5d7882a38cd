"""Signed change batches: what changed in the member list from one sequence to the next.

    {"format": "nssf-member-changes/1", "sequence": s, "previous": s - 1,
     "created": ISO time, "as_of": "YYYY-MM-DD",
     "upserts": {"rows": n, "sha256": hex, "data": base64 of a columnar part},
     "tombstones": [member_id, ...],
     "revocations": [[member_id, card_serial, reason, revoked_on YYYYMMDD], ...]}

signed like a snapshot manifest (signing.py). The upserts are a columnar zstandard part
(columns.py), checked against its size and SHA-256 before a row of it is read. The desk
applies a batch only to the list it was built from (`previous` is the sequence held),
inside one transaction that also advances the sequence: a kill leaves the list either
before or after the whole batch.
"""

from __future__ import annotations

import base64
import binascii
import collections
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import UpdateBase

from hospital_desk.schema import MEMBER_COLUMNS, card_revocations, members
from hospital_desk.storage import LIST_AS_OF, set_state
from hospital_desk.wire import columns
from hospital_desk.wire.signing import WireError, sign, verify
from hospital_desk.wire.snapshot import SEQUENCE_KEY, held_sequence

FORMAT = "nssf-member-changes/1"
MAX_TOMBSTONES = 1_000_000
MAX_REVOCATIONS = 1_000_000
_IN_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's limits
_MAX_ID = 2**63 - 1
# SET takes the columns of the first parameter set: one statement per set of changed columns
_UPDATE_BY_ID = update(members).where(members.c.member_id == bindparam("changed_id"))


@dataclass(frozen=True)
class ChangeBatch:
    sequence: int
    previous: int
    as_of: dt.date
    upserts: tuple[tuple[Any, ...], ...]  # desk member rows (with the search names)
    tombstones: tuple[int, ...]
    revocations: tuple[tuple[int, int, str, int], ...]


def write_changes(
    upserts: Iterable[Sequence[Any]],
    tombstones: Iterable[int],
    revocations: Iterable[Sequence[Any]],
    *,
    sequence: int,
    as_of: dt.date,
    key: ed25519.Ed25519PrivateKey,
    level: int = 12,
) -> bytes:
    """One signed batch taking the list at `sequence - 1` to `sequence` (the server side).
    `upserts` are desk member rows (as `members` holds them)."""
    rows = sorted((columns.wire_row(r) for r in upserts), key=lambda r: r[0])
    blob = columns.encode(columns.WIRE_COLUMNS, rows, level)
    document = {
        "format": FORMAT,
        "sequence": sequence,
        "previous": sequence - 1,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "upserts": {
            "rows": len(rows),
            "sha256": hashlib.sha256(blob).hexdigest(),
            "data": base64.b64encode(blob).decode(),
        },
        "tombstones": sorted(int(t) for t in tombstones),
        "revocations": [list(r) for r in sorted(tuple(r) for r in revocations)],
    }
    return sign(document, key)


def read_changes(data: bytes, keys: Iterable[ed25519.Ed25519PublicKey]) -> ChangeBatch:
    """The batch, once its signature by a trusted key, its hash and every value check out."""
    document = verify(data, keys, "change batch")
    try:
        if document["format"] != FORMAT:
            raise WireError(f"not a change batch in format {FORMAT}")
        sequence, previous = document["sequence"], document["previous"]
        if not (_is_id(sequence) and isinstance(previous, int) and previous == sequence - 1):
            raise WireError("a change batch's sequence numbers are not consecutive")
        as_of = dt.date.fromisoformat(document["as_of"])
        upserts = document["upserts"]
        blob = base64.b64decode(upserts["data"], validate=True)
        if len(blob) > columns.MAX_PART_BYTES or hashlib.sha256(blob).hexdigest() != str(
            upserts["sha256"]
        ):
            raise WireError("a change batch's members are damaged (SHA-256 differs)")
        wire_rows = columns.decode(columns.WIRE_COLUMNS, blob)
        if len(wire_rows) != upserts["rows"]:
            raise WireError("a change batch holds a different number of members than it says")
        tombstones = document["tombstones"]
        revocations = document["revocations"]
        if not isinstance(tombstones, list) or not isinstance(revocations, list):
            raise WireError("a change batch's tombstones or revocations are not lists")
        if len(tombstones) > MAX_TOMBSTONES or len(revocations) > MAX_REVOCATIONS:
            raise WireError("a change batch is too large")
        if not all(_is_id(t) for t in tombstones):
            raise WireError("a change batch names a tombstone that is not a member id")
        revoked = tuple(_revocation(r) for r in revocations)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise WireError(f"the change batch is malformed ({exc.__class__.__name__})") from exc
    return ChangeBatch(
        sequence=sequence,
        previous=previous,
        as_of=as_of,
        upserts=tuple(columns.member_rows(wire_rows)),
        tombstones=tuple(tombstones),
        revocations=revoked,
    )


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MAX_ID


def _revocation(value: object) -> tuple[int, int, str, int]:
    if not (isinstance(value, list) and len(value) == 4):
        raise WireError("a change batch holds a malformed card revocation")
    member_id, serial, reason, revoked_on = value
    if not (
        _is_id(member_id)
        and _is_id(serial)
        and isinstance(reason, str)
        and 0 < len(reason) <= 40
        and isinstance(revoked_on, int)
        and 19_000_101 <= revoked_on <= 99_991_231
    ):
        raise WireError("a change batch holds a malformed card revocation")
    return (member_id, serial, reason, revoked_on)


def apply_changes(connection: Connection, batch: ChangeBatch) -> int:
    """Apply a verified batch inside the caller's transaction, advancing the sequence with it.

    Returns the members touched; 0 when the batch is already applied. A batch that does
    not start at the sequence held (a gap) is refused: the desk needs a snapshot."""
    held = held_sequence(connection)
    if batch.sequence <= held:
        return 0
    if batch.previous != held:
        raise WireError(
            f"the changes start at list {batch.previous} but this desk holds {held}: "
            "a gap, refused (a full snapshot is needed)"
        )
    _remove_members(connection, batch.tombstones)
    _upsert_members(connection, batch.upserts)
    _replace_revocations(connection, batch.revocations)
    set_state(connection, SEQUENCE_KEY, str(batch.sequence))
    set_state(connection, LIST_AS_OF, batch.as_of.isoformat())
    return len(batch.upserts) + len(batch.tombstones)


def _remove_members(connection: Connection, member_ids: Sequence[int]) -> None:
    """Tombstones: the members and their card revocations go."""
    for chunk in _chunks(member_ids):
        connection.execute(delete(members).where(members.c.member_id.in_(chunk)))
        connection.execute(delete(card_revocations).where(card_revocations.c.member_id.in_(chunk)))


def _upsert_members(connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """New members are inserted; a member held already is updated in the columns that
    changed only, so a payment or a new card serial leaves the name indexes untouched.
    Members with the same changed columns go in one executemany; unchanged rows are skipped."""
    held = _current_rows(connection, [r[0] for r in rows])
    new: list[dict[str, Any]] = []
    changed: dict[tuple[str, ...], list[dict[str, Any]]] = collections.defaultdict(list)
    for row in rows:
        old = held.get(row[0])
        if old is None:
            new.append(dict(zip(MEMBER_COLUMNS, row, strict=True)))
            continue
        values = {n: a for n, a, b in zip(MEMBER_COLUMNS, row, old, strict=True) if a != b}
        if values:
            changed[tuple(values)].append({"changed_id": row[0], **values})
    for params in changed.values():
        _executemany(connection, _UPDATE_BY_ID, params)
    if new:
        _executemany(connection, insert(members), new)


def _current_rows(connection: Connection, member_ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    held: dict[int, tuple[Any, ...]] = {}
    for chunk in _chunks(member_ids):
        query = select(members).where(members.c.member_id.in_(chunk))
        held.update((row[0], tuple(row)) for row in connection.execute(query).all())
    return held


def _replace_revocations(
    connection: Connection, revocations: Sequence[tuple[int, int, str, int]]
) -> None:
    """Card revocations in, one statement: a card revoked again takes the new reason."""
    if not revocations:
        return
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(card_revocations)
    statement = statement.on_conflict_do_update(
        index_elements=[card_revocations.c.member_id, card_revocations.c.card_serial],
        set_={"reason": statement.excluded.reason, "revoked_on": statement.excluded.revoked_on},
    )
    names = ("member_id", "card_serial", "reason", "revoked_on")
    latest = {(r[0], r[1]): r for r in revocations}  # a card named twice: the last one holds
    _executemany(connection, statement, [dict(zip(names, r, strict=True)) for r in latest.values()])


def _executemany(
    connection: Connection, statement: UpdateBase, params: list[dict[str, Any]]
) -> None:
    """One statement for many rows, straight to the driver: SQLAlchemy's per-row parameter
    handling costs more than the database's own work here. Every row has the keys of the
    first; the values are ints, strings, bools and None, which both drivers take as is."""
    compiled = statement.compile(dialect=connection.dialect, column_keys=list(params[0]))
    if compiled.positional:
        names = compiled.positiontup or []
        connection.exec_driver_sql(compiled.string, [tuple(p[n] for n in names) for p in params])
    else:
        connection.exec_driver_sql(compiled.string, params)


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for value in values:
        chunk.append(value)
        if len(chunk) >= _IN_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
