"""Publishing: snapshots, change batches, the rule set and the tariff as signed files.

The bytes are the desk's wire format (`hospital_desk.wire`: signed canonical JSON,
columnar zstandard parts); this module decides what goes in, where the files live and
what the database records about them:

    DIR/snapshots/<seq>/manifest.json and parts   (wire.snapshot.write_snapshot)
    DIR/changes/<seq>.batch                        one signed change batch per sequence
    DIR/documents/<kind>-latest.json               the signed rule set and tariff

A snapshot is built in a temporary folder and renamed into place when whole; other
files go through a temporary name and a rename, so a crash never leaves a half-written
file under a served name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Connection, Engine, delete, insert, select

from hospital_desk.config import RESOURCES_DIR
from hospital_desk.rules import BASELINE_RULES
from hospital_desk.schema import card_revocations, members
from hospital_desk.storage import LIST_AS_OF, get_state
from hospital_desk.wire.changes import write_changes
from hospital_desk.wire.signing import sign
from hospital_desk.wire.snapshot import write_snapshot
from nssf_central.config import CentralConfig
from nssf_central.db import LATEST_SEQ, get_int, utc_now
from nssf_central.keys import load_signing_key
from nssf_central.schema import change_batches, snapshot_parts, snapshots
from nssf_central.simulate import DayChanges

DOCUMENT_KINDS = ("rules", "tariff")
SIGNED_MEDIA_TYPE = "application/json"  # the wire's signed envelope is UTF-8 JSON
BASELINE_TARIFF = RESOURCES_DIR / "tariff" / "nssf-tariff-2026.1.json"
CHANGES_FORMAT = "nssf-member-changes/1"
ROW_BATCH = 50_000


def document_path(config: CentralConfig, kind: str) -> Path:
    return config.documents_dir / f"{kind}-latest.json"


def write_atomically(path: Path, data: bytes) -> str:
    """Write `data` under `path` via a temporary file and a rename; returns its SHA-256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)
    return hashlib.sha256(data).hexdigest()


def publish_documents(
    config: CentralConfig, rules: Path = BASELINE_RULES, tariff: Path = BASELINE_TARIFF
) -> None:
    """Sign and publish the rule set and the tariff (each carries its version inside)."""
    key = load_signing_key(config.signing_key)
    for kind, source in (("rules", rules), ("tariff", tariff)):
        document = json.loads(source.read_text(encoding="utf-8"))
        write_atomically(document_path(config, kind), sign(document, key))


@dataclass(frozen=True)
class SnapshotInfo:
    seq: int
    member_count: int
    parts: dict[str, int]  # name -> bytes
    manifest_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.manifest_bytes + sum(self.parts.values())


def _rows(connection: Connection) -> Iterator[tuple[Any, ...]]:
    result = connection.execution_options(yield_per=ROW_BATCH).execute(
        select(members).order_by(members.c.member_id)
    )
    for row in result:
        yield tuple(row)


def build_snapshot(engine: Engine, config: CentralConfig) -> SnapshotInfo:
    """Write the current list as snapshot `latest_seq` (rebuilt if it exists).

    The sequence number, the revocations and the members are read in one transaction,
    so a day published meanwhile is either wholly in the snapshot or wholly after it.
    """
    key = load_signing_key(config.signing_key)
    with engine.connect() as connection, connection.begin():
        seq = get_int(connection, LATEST_SEQ)
        as_of = dt.date.fromisoformat(get_state(connection, LIST_AS_OF) or utc_now()[:10])
        revocations = [
            tuple(r)
            for r in connection.execute(
                select(card_revocations).order_by(
                    card_revocations.c.member_id, card_revocations.c.card_serial
                )
            )
        ]
        target = config.snapshots_dir / str(seq)
        building = config.snapshots_dir / f".{seq}.building"
        shutil.rmtree(building, ignore_errors=True)
        manifest = write_snapshot(
            building, _rows(connection), revocations, sequence=seq, as_of=as_of, key=key
        )
    shutil.rmtree(target, ignore_errors=True)
    os.replace(building, target)  # visible only when whole
    with engine.begin() as connection:
        connection.execute(delete(snapshot_parts).where(snapshot_parts.c.seq == seq))
        connection.execute(delete(snapshots).where(snapshots.c.seq == seq))
        connection.execute(
            insert(snapshots).values(
                seq=seq,
                created_at=manifest.created,
                member_count=manifest.member_count,
                manifest=manifest.signed,
            )
        )
        connection.execute(
            insert(snapshot_parts),
            [
                {"seq": seq, "name": p.name, "sha256": p.sha256, "size": p.size}
                for p in manifest.parts
            ],
        )
    parts = {p.name: p.size for p in manifest.parts}
    return SnapshotInfo(seq, manifest.member_count, parts, len(manifest.signed))


def encode_change_batch(changes: DayChanges, key: ed25519.Ed25519PrivateKey) -> bytes:
    """One signed change batch in the wire format (hospital_desk.wire.changes)."""
    return write_changes(
        changes.upserts.values(),
        changes.tombstones,
        changes.revocations,
        sequence=changes.seq,
        as_of=changes.date,
        key=key,
    )


def publish_changes(connection: Connection, config: CentralConfig, changes: DayChanges) -> Path:
    """Write `changes` as the signed batch `changes.seq`, record it, drop batches too old."""
    data = encode_change_batch(changes, load_signing_key(config.signing_key))
    name = f"{changes.seq}.batch"
    digest = write_atomically(config.changes_dir / name, data)
    connection.execute(
        insert(change_batches).values(
            seq=changes.seq,
            day=int(changes.date.strftime("%Y%m%d")),
            created_at=utc_now(),
            upserts=len(changes.upserts),
            tombstones=len(changes.tombstones),
            revocations=len(changes.revocations),
            file=name,
            sha256=digest,
            size=len(data),
        )
    )
    oldest_kept = changes.seq - config.keep_change_batches + 1
    old = connection.execute(
        select(change_batches.c.seq, change_batches.c.file).where(
            change_batches.c.seq < oldest_kept
        )
    ).all()
    for old_seq, old_file in old:
        (config.changes_dir / old_file).unlink(missing_ok=True)
        connection.execute(delete(change_batches).where(change_batches.c.seq == old_seq))
    return config.changes_dir / name
