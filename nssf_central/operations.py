"""What the commands do, callable from tests and the demo without a shell."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from nssf_central.config import CentralConfig
from nssf_central.db import LATEST_SEQ, get_int
from nssf_central.keys import ensure_test_key
from nssf_central.population import initialise
from nssf_central.publish import SnapshotInfo, build_snapshot, publish_changes, publish_documents
from nssf_central.schema import change_batches, snapshot_parts, snapshots
from nssf_central.simulate import DayChanges, simulate_day


def init(
    engine: Engine,
    config: CentralConfig,
    members: int,
    seed: int,
    as_of: dt.date,
    *,
    force: bool = False,
    snapshot: bool = True,
) -> SnapshotInfo | None:
    """A fresh synthetic list and, by default, its signed files: the rule set, the tariff
    and the first snapshot."""
    ensure_test_key(config.signing_key, config.public_key)
    with engine.begin() as connection:
        initialise(connection, config, members, seed, as_of, force=force)
    if not snapshot:
        return None
    publish_documents(config)
    return build_snapshot(engine, config)


def simulate_days(engine: Engine, config: CentralConfig, days: int = 1) -> list[DayChanges]:
    """Simulate and publish `days` more days, each batch in its own transaction."""
    done = []
    for _ in range(days):
        with engine.begin() as connection:
            changes = simulate_day(connection)
            publish_changes(connection, config, changes)
        done.append(changes)
    return done


@dataclass(frozen=True)
class Export:
    snapshot_seq: int
    latest_seq: int
    files: list[Path]


def export(engine: Engine, config: CentralConfig, directory: Path) -> Export:
    """Copy the newest snapshot and every later change batch into `directory` (for USB).

    Layout: the snapshot's manifest.json and parts at the top (what `hospital-desk
    members import DIR` reads), changes/<seq>.batch, list-signing-key.pub.pem and
    index.json (what is where). The files are the signed ones the API serves, so an
    importing desk verifies them exactly as it would after a download.
    """
    with engine.connect() as connection:
        seq = connection.execute(select(snapshots.c.seq).order_by(snapshots.c.seq.desc())).scalar()
        if seq is None:
            raise ValueError("no snapshot to export: run build-snapshot first")
        parts = (
            connection.execute(
                select(snapshot_parts.c.name)
                .where(snapshot_parts.c.seq == seq)
                .order_by(snapshot_parts.c.name)
            )
            .scalars()
            .all()
        )
        batches = connection.execute(
            select(change_batches.c.seq, change_batches.c.file)
            .where(change_batches.c.seq > seq)
            .order_by(change_batches.c.seq)
        ).all()
        latest = get_int(connection, LATEST_SEQ)
    (directory / "changes").mkdir(parents=True, exist_ok=True)
    files = []
    for name in ("manifest.json", *parts):
        shutil.copyfile(config.snapshots_dir / str(seq) / name, directory / name)
        files.append(directory / name)
    for _seq, file in batches:
        shutil.copyfile(config.changes_dir / file, directory / "changes" / file)
        files.append(directory / "changes" / file)
    shutil.copyfile(config.public_key, directory / config.public_key.name)
    index = {
        "format": "nssf-central-export/1",
        "snapshot": {"sequence": seq, "manifest": "manifest.json", "parts": list(parts)},
        "changes": [{"sequence": s, "file": f"changes/{f}"} for s, f in batches],
        "latest_sequence": latest,
        "list_signing_key": config.public_key.name,
    }
    (directory / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return Export(seq, latest, files)
