"""Publishing: snapshots, change batches, the rule set and the tariff as signed files.

The bytes are the desk's wire format (`hospital_desk.wire`); this module only decides
what goes in, where the files live and what the database records about them:

    files/snapshots/<seq>/<part>       immutable parts named in the signed manifest
    files/changes/<seq>.batch          one signed change batch per sequence number
    files/documents/<kind>-latest      the signed rule set and tariff

Every file is written to a temporary name and renamed, so a crash never leaves a
half-written file under a served name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from hospital_desk.config import RESOURCES_DIR
from hospital_desk.rules import BASELINE_RULES
from hospital_desk.schema import card_revocations, members
from nssf_central import wire_adapter
from nssf_central.config import CentralConfig
from nssf_central.db import LATEST_SEQ, get_int, utc_now
from nssf_central.keys import load_signing_key
from nssf_central.schema import change_batches, snapshot_parts, snapshots
from nssf_central.simulate import DayChanges

DOCUMENT_KINDS = ("rules", "tariff")
SIGNED_MEDIA_TYPE = "application/octet-stream"
BASELINE_TARIFF = RESOURCES_DIR / "tariff" / "nssf-tariff-2026.1.json"
ROW_BATCH = 50_000


def document_path(config: CentralConfig, kind: str) -> Path:
    return config.documents_dir / f"{kind}-latest"


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
    """Sign and publish the rule set and the tariff (their version is inside each file)."""
    key = load_signing_key(config.signing_key)
    for kind, source in (("rules", rules), ("tariff", tariff)):
        write_atomically(
            document_path(config, kind), wire_adapter.sign_document(kind, source.read_bytes(), key)
        )


@dataclass(frozen=True)
class SnapshotInfo:
    seq: int
    member_count: int
    parts: dict[str, int]  # name -> bytes
    manifest_bytes: int

    @property
    def total_bytes(self) -> int:
        return self.manifest_bytes + sum(self.parts.values())


def _rows(engine: Engine) -> Iterator[tuple[Any, ...]]:
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=ROW_BATCH).execute(
            select(members).order_by(members.c.member_id)
        )
        for row in result:
            yield tuple(row)


def build_snapshot(engine: Engine, config: CentralConfig) -> SnapshotInfo:
    """Write the current list as snapshot `latest_seq` (rebuilt if it exists)."""
    key = load_signing_key(config.signing_key)
    with engine.connect() as connection:
        seq = get_int(connection, LATEST_SEQ)
        revocations = [
            tuple(r)
            for r in connection.execute(
                select(card_revocations).order_by(
                    card_revocations.c.member_id, card_revocations.c.card_serial
                )
            )
        ]
    directory = config.snapshots_dir / str(seq)
    staging = config.snapshots_dir / f".{seq}.building"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    written = wire_adapter.write_snapshot(staging, seq, _rows(engine), revocations, key)
    parts = {name: (staging / name).stat().st_size for name in written.parts}
    digests = {name: _sha256_file(staging / name) for name in written.parts}
    shutil.rmtree(directory, ignore_errors=True)
    os.replace(staging, directory)
    with engine.begin() as connection:
        connection.execute(delete(snapshot_parts).where(snapshot_parts.c.seq == seq))
        connection.execute(delete(snapshots).where(snapshots.c.seq == seq))
        connection.execute(
            insert(snapshots).values(
                seq=seq,
                created_at=utc_now(),
                member_count=written.member_count,
                manifest=written.manifest,
            )
        )
        connection.execute(
            insert(snapshot_parts),
            [
                {"seq": seq, "name": n, "sha256": digests[n], "size": parts[n]}
                for n in written.parts
            ],
        )
    return SnapshotInfo(seq, written.member_count, parts, len(written.manifest))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def publish_changes(connection: Connection, config: CentralConfig, changes: DayChanges) -> Path:
    """Write `changes` as the signed batch `changes.seq`, record it, drop batches too old."""
    key = load_signing_key(config.signing_key)
    data = wire_adapter.write_changes(changes, key)
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
    for old_seq, old_file in connection.execute(
        select(change_batches.c.seq, change_batches.c.file).where(
            change_batches.c.seq < oldest_kept
        )
    ).all():
        (config.changes_dir / old_file).unlink(missing_ok=True)
        connection.execute(delete(change_batches).where(change_batches.c.seq == old_seq))
    return config.changes_dir / name
