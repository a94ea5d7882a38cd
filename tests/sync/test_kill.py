"""SIGKILL a desk at random moments while it loads a snapshot: the database stays
consistent, answers from a whole list (the old or the new, never a mix), and the next
import completes. 20 kill points, seeded, so a failure can be replayed."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import text

from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import count_members
from hospital_desk.sync.syncer import import_snapshot_dir
from hospital_desk.wire.snapshot import held_sequence
from tests.sync.wirelab import import_in_child, make_snapshot, pin_list_key

KILL_POINTS = 20
OLD, NEW = 1_000, 12_000


def test_kill_during_snapshot_load_leaves_a_whole_list_and_the_next_load_completes(
    desk_home: Path, tmp_path: Path
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    pin_list_key(desk_home, key)
    old, new = tmp_path / "old", tmp_path / "new"
    make_snapshot(old, key, count=OLD, seed=1, sequence=1, part_rows=5_000)
    make_snapshot(new, key, count=NEW, seed=2, sequence=2, part_rows=5_000)
    assert import_in_child(desk_home, old).wait(timeout=120) == 0
    start = time.monotonic()
    assert import_in_child(desk_home, new).wait(timeout=120) == 0
    full = time.monotonic() - start  # how long one whole import takes here
    rng = random.Random(20261204)  # noqa: S311 - reproducible kill points, not crypto
    outcomes = set()
    for _ in range(KILL_POINTS):
        desk = Desk.open(load_settings(desk_home))
        with desk.engine.begin() as connection:
            # Back to the old list for the next round (a real desk refuses such a rollback).
            connection.execute(text("DELETE FROM sync_state WHERE key = 'member_list_sequence'"))
        import_snapshot_dir(desk, old)
        desk.close()
        process = import_in_child(desk_home, new)
        time.sleep(rng.uniform(0, full))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        desk = Desk.open(load_settings(desk_home))
        with desk.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            count, sequence = count_members(connection), held_sequence(connection)
        assert (count, sequence) in {(OLD, 1), (NEW, 2)}  # whole, and matching its sequence
        outcomes.add(sequence)
        assert import_snapshot_dir(desk, new) == NEW  # the next load completes
        desk.close()
    assert outcomes <= {1, 2}
