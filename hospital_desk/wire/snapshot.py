"""The member snapshot: a signed manifest naming immutable, content-addressed parts.

    manifest = {"format": "nssf-member-snapshot/1", "sequence": 42, "created": ISO time,
                "as_of": "2026-12-04", "member_count": n, "revocation_count": r,
                "parts": [{"name": "members-0000.zst", "kind": "members"|"revocations",
                           "rows": k, "size": bytes, "sha256": hex}, ...]}

The manifest is signed (signing.py); each part is checked against its size and SHA-256
before a row of it is read; the load is one transaction, so the desk answers from the
old list until the new one is whole (SQLite WAL and PostgreSQL readers keep their
snapshot), and a kill or a bad part leaves the old list in force.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Connection

from hospital_desk.member_store import replace_all_members, replace_revocations
from hospital_desk.storage import LIST_AS_OF, get_state, set_state
from hospital_desk.wire import columns
from hospital_desk.wire.signing import WireError, sign, verify

FORMAT = "nssf-member-snapshot/1"
SEQUENCE_KEY = "member_list_sequence"
PART_NAME = re.compile(r"^[a-z]+-[0-9]{4}\.zst$")
MAX_PARTS = 1_000


@dataclass(frozen=True)
class Part:
    name: str
    kind: str
    rows: int
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    sequence: int
    created: str
    as_of: dt.date
    member_count: int
    revocation_count: int
    parts: tuple[Part, ...]
    signed: bytes  # the signed envelope as received


def write_snapshot(
    directory: Path,
    member_rows: Iterable[Sequence[Any]],
    revocations: Sequence[Sequence[Any]],
    *,
    sequence: int,
    as_of: dt.date,
    key: ed25519.Ed25519PrivateKey,
    part_rows: int = 200_000,
    level: int = 19,
) -> Manifest:
    """Write parts and `manifest.json` into `directory` (the server side). `member_rows`
    are desk member rows (with search names) in ascending id order."""
    directory.mkdir(parents=True, exist_ok=True)
    parts: list[dict[str, Any]] = []
    batch: list[tuple[Any, ...]] = []
    total = 0

    def flush() -> None:
        nonlocal batch
        blob = columns.encode(columns.WIRE_COLUMNS, batch, level)
        parts.append(
            _write_part(directory, f"members-{len(parts):04d}.zst", "members", len(batch), blob)
        )
        batch = []

    for row in member_rows:
        batch.append(columns.wire_row(row))
        total += 1
        if len(batch) >= part_rows:
            flush()
    if batch or not parts:
        flush()
    revoked = sorted((tuple(r) for r in revocations), key=lambda r: (r[0], r[1]))
    blob = columns.encode(columns.REVOCATION_COLUMNS, revoked, level)
    parts.append(_write_part(directory, "revocations-0000.zst", "revocations", len(revoked), blob))
    document = {
        "format": FORMAT,
        "sequence": sequence,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "as_of": as_of.isoformat(),
        "member_count": total,
        "revocation_count": len(revoked),
        "parts": parts,
    }
    signed = sign(document, key)
    (directory / "manifest.json").write_bytes(signed)
    return read_manifest(signed, [key.public_key()])


def _write_part(directory: Path, name: str, kind: str, rows: int, blob: bytes) -> dict[str, Any]:
    (directory / name).write_bytes(blob)
    return {"name": name, "kind": kind, "rows": rows, "size": len(blob),
            "sha256": hashlib.sha256(blob).hexdigest()}  # fmt: skip


def read_manifest(data: bytes, keys: Iterable[ed25519.Ed25519PublicKey]) -> Manifest:
    """The manifest, once signed by a trusted key and well formed."""
    document = verify(data, keys, "snapshot manifest")
    try:
        if document["format"] != FORMAT:
            raise WireError(f"not a snapshot in format {FORMAT}")
        parts = tuple(
            Part(str(p["name"]), str(p["kind"]), int(p["rows"]), int(p["size"]), str(p["sha256"]))
            for p in document["parts"]
        )
        manifest = Manifest(
            sequence=int(document["sequence"]),
            created=str(document["created"]),
            as_of=dt.date.fromisoformat(document["as_of"]),
            member_count=int(document["member_count"]),
            revocation_count=int(document["revocation_count"]),
            parts=parts,
            signed=data,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"the snapshot manifest is malformed ({exc.__class__.__name__})") from exc
    if not 0 < len(parts) <= MAX_PARTS or manifest.sequence < 1:
        raise WireError("the snapshot manifest is malformed (parts or sequence)")
    for part in parts:
        if not PART_NAME.match(part.name) or part.kind not in ("members", "revocations"):
            raise WireError(f"the snapshot names an unexpected part {part.name!r}")
    if sum(p.rows for p in parts if p.kind == "members") != manifest.member_count:
        raise WireError("the snapshot's part rows do not add up to its member count")
    return manifest


def check_part(part: Part, blob: bytes) -> None:
    if len(blob) != part.size or hashlib.sha256(blob).hexdigest() != part.sha256:
        raise WireError(f"part {part.name} is damaged (size or SHA-256 differs)")


def held_sequence(connection: Connection) -> int:
    value = get_state(connection, SEQUENCE_KEY)
    return int(value) if value else 0


def load_snapshot(
    connection: Connection, manifest: Manifest, fetch: Callable[[Part], bytes]
) -> int:
    """Replace the member list with the snapshot, inside the caller's transaction.

    `fetch` returns a part's bytes (downloaded or read from a USB stick); each is checked
    before use. Refuses a snapshot older than the list held (no rollback)."""
    held = held_sequence(connection)
    if manifest.sequence < held:
        raise WireError(
            f"snapshot {manifest.sequence} is older than the list held ({held}): refused"
        )
    revoked: list[tuple[Any, ...]] = []

    def rows() -> Iterable[tuple[Any, ...]]:
        last = 0
        for part in manifest.parts:
            blob = fetch(part)
            check_part(part, blob)
            if part.kind == "revocations":
                revoked.extend(columns.decode(columns.REVOCATION_COLUMNS, blob, ids_unique=False))
                continue
            decoded = columns.decode(columns.WIRE_COLUMNS, blob)
            if len(decoded) != part.rows or (decoded and decoded[0][0] <= last):
                raise WireError(f"part {part.name} does not hold what the manifest says")
            last = decoded[-1][0] if decoded else last
            yield from columns.member_rows(decoded)

    count = replace_all_members(connection, rows())
    if count != manifest.member_count:
        raise WireError("the snapshot holds fewer members than its manifest says")
    replace_revocations(connection, revoked)
    set_state(connection, SEQUENCE_KEY, str(manifest.sequence))
    set_state(connection, LIST_AS_OF, manifest.as_of.isoformat())
    return count
