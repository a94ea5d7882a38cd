"""`init`: fill the central database with a synthetic national list, deterministically.

The rows come from `hospital_desk.synthetic` (same seed and day, same list) and go in
through the core's bulk loader (the driver's executemany in batches, indexes built
once at the end), so 4 million members load in the time of a bare bulk insert.
"""

from __future__ import annotations

import datetime as dt
import shutil

from sqlalchemy import Connection, delete

from hospital_desk.synthetic import load_synthetic
from nssf_central.config import CentralConfig
from nssf_central.db import BASE_DAY, LAST_DAY, LATEST_SEQ, NEXT_INDEX, SEED, get_value, set_value
from nssf_central.schema import change_batches, day_events, snapshot_parts, snapshots

MAX_MEMBERS = 4_000_000
INITIAL_SEQ = 1  # the generated list is sequence 1; the first simulated day publishes 2


class AlreadyInitialised(Exception):  # noqa: N818 - reads as a sentence at the call site
    """The database already holds a list; `init --force` replaces it."""


def initialise(
    connection: Connection,
    config: CentralConfig,
    members: int,
    seed: int,
    as_of: dt.date,
    *,
    force: bool = False,
) -> int:
    """Replace the member list, the change log and the snapshots; returns the member count."""
    if not 1 <= members <= MAX_MEMBERS:
        raise ValueError(f"members must be between 1 and {MAX_MEMBERS:,}")
    if get_value(connection, SEED) is not None and not force:
        raise AlreadyInitialised("this central database already holds a member list")
    for table in (change_batches, day_events, snapshot_parts, snapshots):
        connection.execute(delete(table))
    for directory in (config.snapshots_dir, config.changes_dir):
        shutil.rmtree(directory, ignore_errors=True)
    loaded = load_synthetic(connection, members, seed=seed, as_of=as_of)
    set_value(connection, SEED, seed)
    set_value(connection, BASE_DAY, as_of.isoformat())
    set_value(connection, NEXT_INDEX, members)
    set_value(connection, LAST_DAY, 0)
    set_value(connection, LATEST_SEQ, INITIAL_SEQ)
    return loaded
