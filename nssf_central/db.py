"""Opening the central database and its small key/value state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, Engine, make_url, select

from hospital_desk.storage import make_engine
from nssf_central.schema import CORE_TABLES, central_state, metadata

# State keys.
SEED = "seed"
BASE_DAY = "base_day"  # ISO date the synthetic list was generated as of
NEXT_INDEX = "next_index"  # the next synthetic member index (new members get fresh numbers)
LAST_DAY = "last_simulated_day"  # day number 1, 2, ... of the last simulate-day
LATEST_SEQ = "latest_seq"  # the newest published change sequence number


def open_central(url: str) -> Engine:
    """An engine for the central database; its tables (and SQLite's folder) made if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in CORE_TABLES:
            table.create(connection, checkfirst=True)
        metadata.create_all(connection)
    return engine


def get_value(connection: Connection, key: str) -> str | None:
    row = connection.execute(
        select(central_state.c.value).where(central_state.c.key == key)
    ).first()
    return row[0] if row else None


def set_value(connection: Connection, key: str, value: str | int) -> None:
    table = central_state
    if get_value(connection, key) is None:
        connection.execute(table.insert().values(key=key, value=str(value)))
    else:
        connection.execute(table.update().where(table.c.key == key).values(value=str(value)))


def get_int(connection: Connection, key: str, default: int = 0) -> int:
    value = get_value(connection, key)
    return int(value) if value is not None else default


def utc_now() -> str:
    """Now in UTC, ISO 8601 to the second with a Z."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
