"""SIGKILL a desk at random moments while it applies change batches (from a USB folder,
the same code path as a download): afterwards the database is consistent, holds exactly
the list of one sequence (never half a batch), and the next import completes.
20 kill points, seeded, so a failure can be replayed."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import signal
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Engine, select, text

from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.schema import card_revocations, members
from hospital_desk.sync.syncer import import_folder, import_snapshot_dir
from hospital_desk.synthetic import generate
from hospital_desk.wire.changes import write_changes
from hospital_desk.wire.snapshot import held_sequence, write_snapshot
from tests.sync.wirelab import import_in_child, pin_list_key

KILL_POINTS = 20
AS_OF = dt.date(2026, 12, 1)
BASE, NEW_PER_DAY, CHANGED_PER_DAY, REMOVED_PER_DAY = 3_000, 10_000, 2_000, 300


def _write_folders(key: ed25519.Ed25519PrivateKey, base: Path, stick: Path) -> None:
    """`base`: snapshot 1; `stick/changes`: batches 2, 3 and 4 (new members, changed
    serials, removals and card revocations each day)."""
    rows = [p.row for p in generate(BASE + 3 * NEW_PER_DAY, seed=5, as_of=AS_OF)]
    write_snapshot(base, rows[:BASE], [], sequence=1, as_of=AS_OF, key=key, level=3)
    (stick / "changes").mkdir(parents=True)
    held = BASE
    for seq in (2, 3, 4):
        new = rows[held : held + NEW_PER_DAY]
        start = (seq - 2) * (CHANGED_PER_DAY + REMOVED_PER_DAY)
        changed = [(r[0], r[1] + 1, *r[2:]) for r in rows[start : start + CHANGED_PER_DAY]]
        gone = [
            r[0] for r in rows[start + CHANGED_PER_DAY : start + CHANGED_PER_DAY + REMOVED_PER_DAY]
        ]
        revoked = [(r[0], r[1], "replaced", 20261201 + seq) for r in changed]
        data = write_changes(
            [*changed, *new], gone, revoked, sequence=seq,
            as_of=AS_OF + dt.timedelta(days=seq), key=key, level=3,
        )  # fmt: skip
        (stick / "changes" / f"{seq}.batch").write_bytes(data)
        held += NEW_PER_DAY


def _digest(engine: Engine) -> tuple[int, str]:
    """(sequence, a hash of every member and revocation row)."""
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for table in (members, card_revocations):
            for row in connection.execute(select(table).order_by(*table.primary_key)):
                digest.update(repr(tuple(row)).encode())
        return held_sequence(connection), digest.hexdigest()


def _reset(home: Path, base: Path) -> None:
    desk = Desk.open(load_settings(home))
    try:
        with desk.engine.begin() as connection:
            # Back to list 1 for the next round (a real desk refuses such a rollback).
            connection.execute(text("DELETE FROM sync_state WHERE key = 'member_list_sequence'"))
        import_snapshot_dir(desk, base)
    finally:
        desk.close()


def _expected_states(home: Path, base: Path, stick: Path, tmp: Path) -> dict[int, str]:
    """The digest of the whole list after each sequence, from a desk nobody kills."""
    states: dict[int, str] = {}
    for upto in (1, 2, 3, 4):
        partial = tmp / f"upto-{upto}"
        (partial / "changes").mkdir(parents=True)
        for seq in range(2, upto + 1):
            name = f"{seq}.batch"
            (partial / "changes" / name).write_bytes((stick / "changes" / name).read_bytes())
        _reset(home, base)
        desk = Desk.open(load_settings(home))
        try:
            if upto > 1:
                import_folder(desk, partial)
            sequence, digest = _digest(desk.engine)
        finally:
            desk.close()
        assert sequence == upto
        states[upto] = digest
    return states


def test_kill_during_change_application_leaves_one_whole_sequence_and_the_next_import_completes(
    desk_home: Path, tmp_path: Path
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    pin_list_key(desk_home, key)
    base, stick = tmp_path / "base", tmp_path / "stick"
    _write_folders(key, base, stick)
    expected = _expected_states(desk_home, base, stick, tmp_path)
    assert len(set(expected.values())) == 4
    # How long an import of the three batches takes here, whole.
    _reset(desk_home, base)
    start = time.monotonic()
    assert import_in_child(desk_home, stick).wait(timeout=300) == 0
    full = time.monotonic() - start
    start = time.monotonic()  # again, now current: start-up and verification, no writes
    assert import_in_child(desk_home, stick).wait(timeout=300) == 0
    verify_only = time.monotonic() - start
    rng = random.Random(20261205)  # noqa: S311 - reproducible kill points, not crypto
    seen: list[Any] = []
    for _ in range(KILL_POINTS):
        _reset(desk_home, base)
        process = import_in_child(desk_home, stick)
        time.sleep(rng.uniform(0.8 * verify_only, full))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        desk = Desk.open(load_settings(desk_home))
        try:
            with desk.engine.connect() as connection:
                assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            sequence, digest = _digest(desk.engine)
            assert expected[sequence] == digest, f"list {sequence} is not whole"
            seen.append(sequence)
            report = import_folder(desk, stick)  # the next import completes
            assert report.sequence == 4
            assert _digest(desk.engine) == (4, expected[4])
        finally:
            desk.close()
    assert len(seen) == KILL_POINTS
    print(
        f"kill points: list held after the kill {sorted(seen)}; "
        f"whole import {full:.2f} s, {verify_only:.2f} s without writing"
    )
