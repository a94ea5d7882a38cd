"""SIGKILL the server's own writers at random moments: nothing half-published, and the
days simulated after a crash are the same days an uninterrupted run simulates."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from nssf_central.config import load_config
from nssf_central.db import LATEST_SEQ, get_int, open_central
from nssf_central.operations import init, simulate_days
from nssf_central.schema import change_batches, day_events, snapshot_parts, snapshots

MEMBERS = 30_000
KILLS = 8


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("kill-template") / "central"
    config = load_config(home)
    engine = open_central(config.database_url)
    init(engine, config, MEMBERS, 3, dt.date(2026, 11, 2))
    engine.dispose()
    return home


def _start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NSSF_CENTRAL_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "nssf_central.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _check_consistent(home: Path) -> int:
    """The published state after a kill: returns the latest sequence."""
    config = load_config(home)
    engine = open_central(config.database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            latest = get_int(connection, LATEST_SEQ)
            batches = connection.execute(
                select(change_batches.c.seq, change_batches.c.file, change_batches.c.sha256)
            ).all()
            seqs = sorted(b.seq for b in batches)
            oldest = max(2, latest - config.keep_change_batches + 1)  # older ones are dropped
            assert seqs == list(range(oldest, latest + 1)), (seqs, latest)
            for batch in batches:
                data = (config.changes_dir / batch.file).read_bytes()
                assert hashlib.sha256(data).hexdigest() == batch.sha256
            event_seqs = set(connection.execute(select(day_events.c.seq)).scalars())
            assert event_seqs == set(range(2, latest + 1))  # the ground truth of every day
            for seq, name, digest in connection.execute(
                select(snapshot_parts.c.seq, snapshot_parts.c.name, snapshot_parts.c.sha256)
            ):
                part = config.snapshots_dir / str(seq) / name
                assert hashlib.sha256(part.read_bytes()).hexdigest() == digest
            for seq in connection.execute(select(snapshots.c.seq)).scalars():
                assert (config.snapshots_dir / str(seq) / "manifest.json").exists()
        return latest
    finally:
        engine.dispose()


def _events(home: Path) -> dict[int, list[tuple[object, ...]]]:
    engine = open_central(load_config(home).database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(day_events.c.seq, day_events.c.member_id, day_events.c.event,
                   day_events.c.profile, day_events.c.card_serial).order_by(day_events.c.id)
        ).all()  # fmt: skip
    engine.dispose()
    out: dict[int, list[tuple[object, ...]]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(tuple(row[1:]))
    return out


def test_killed_days_and_snapshots_leave_nothing_half_done_and_replay_the_same_days(
    big_template: Path, tmp_path: Path
) -> None:
    home = tmp_path / "killed"
    shutil.copytree(big_template, home)
    rng = random.Random(2026)  # noqa: S311 - kill moments, not secrets
    for i in range(KILLS):
        command = ("build-snapshot",) if i % 3 == 2 else ("simulate-day", "--days", "40")
        process = _start(home, *command)
        time.sleep(rng.uniform(0.8, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        _check_consistent(home)
    finished = _start(home, "simulate-day", "--days", "2")
    assert finished.wait(timeout=120) == 0
    latest = _check_consistent(home)
    assert latest >= 3
    built = _start(home, "build-snapshot")
    assert built.wait(timeout=120) == 0
    _check_consistent(home)

    reference = tmp_path / "reference"
    shutil.copytree(big_template, reference)
    config = load_config(reference)
    engine = open_central(config.database_url)
    simulate_days(engine, config, latest - 1)
    engine.dispose()
    assert _events(home) == _events(reference)
