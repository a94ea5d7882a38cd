"""Opening the local database and keeping its schema current.

SQLite is the embedded default (WAL journal, foreign keys on, a busy timeout
so a second desk process waits instead of failing); any SQLAlchemy URL works
(PostgreSQL for several desks). `upgrade()` runs the Alembic migrations in
place; `open_database()` does it on every start, so an app upgrade migrates the
database without anyone running a command.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, insert, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from hospital_desk.errors import StorageError
from hospital_desk.rules import active_rule_set
from hospital_desk.schema import audit_log, sync_state

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at checkpoints, never corrupt
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`, with the SQLite pragmas the desk relies on."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


_MIGRATE_LOCK = 0x4E535346  # "NSSF": the advisory lock key of the migration step


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database in place to `revision` (default: the newest)."""
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Desks sharing one server migrate one at a time; the others then find it done.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATE_LOCK}
                )
            command.upgrade(_alembic_config(connection), revision)
    except SQLAlchemyError as exc:
        raise StorageError(f"Could not upgrade the local database: {exc}") from exc


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None  # noqa: S101 - the package always ships migrations
    return head


def open_database(url: str) -> Engine:
    """Open (creating if needed) and migrate the database at `url`, with a rule set in force.

    Several desks may start at the same moment on one new database (PostgreSQL, or a
    shared SQLite file): whoever loses the race to migrate or to install the baseline
    rule set finds the winner's work done and goes on.
    """
    engine = make_engine(url)
    try:
        if current_revision(engine) != head_revision():
            try:
                upgrade(engine)
            except StorageError:
                if current_revision(engine) != head_revision():
                    raise
        try:
            with engine.begin() as connection:
                active_rule_set(connection)
        except IntegrityError:
            pass  # another desk installed the baseline set at the same moment: it is in force
    except SQLAlchemyError as exc:
        raise StorageError(f"Could not open the local database: {exc}") from exc
    return engine


# --- small key/value state (list "as of", sequence, server time...) ----------------------


def get_state(connection: Connection, key: str) -> str | None:
    return connection.execute(
        select(sync_state.c.value).where(sync_state.c.key == key)
    ).scalar_one_or_none()


def set_state(connection: Connection, key: str, value: str) -> None:
    existing = get_state(connection, key)
    if existing is None:
        connection.execute(insert(sync_state).values(key=key, value=value))
    else:
        connection.execute(sync_state.update().where(sync_state.c.key == key).values(value=value))


LIST_AS_OF = "member_list_as_of"  # ISO date of the member list the desk decides from


def list_as_of(connection: Connection) -> dt.date | None:
    value = get_state(connection, LIST_AS_OF)
    return dt.date.fromisoformat(value) if value else None


# --- the audit log: a hash chain, so a removed or edited line shows --------------------


def _line_hash(*fields: str) -> str:
    line = json.dumps(list(fields), ensure_ascii=False)
    return hashlib.sha256(line.encode()).hexdigest()


def append_audit(
    connection: Connection, actor: str, action: str, subject: str, detail: dict[str, Any]
) -> None:
    """Add a line to the audit log. `subject` and `detail` carry ids, never member data."""
    prev = connection.execute(
        select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = prev or "0" * 64
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    detail_text = json.dumps(detail, sort_keys=True, ensure_ascii=False)
    connection.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            detail=detail_text,
            prev_hash=prev_hash,
            hash=_line_hash(prev_hash, at, actor, action, subject, detail_text),
        )
    )


def verify_audit_chain(connection: Connection) -> int | None:
    """The id of the first audit line that does not chain, or None when all do."""
    prev_hash = "0" * 64
    for row in connection.execute(select(audit_log).order_by(audit_log.c.id)):
        expected = _line_hash(prev_hash, row.at, row.actor, row.action, row.subject, row.detail)
        if row.prev_hash != prev_hash or row.hash != expected:
            return int(row.id)
        prev_hash = row.hash
    return None
