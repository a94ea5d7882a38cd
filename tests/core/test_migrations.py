"""An app upgrade migrates the local database in place and loses nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from hospital_desk.cli import main
from hospital_desk.desk import Desk
from hospital_desk.member_store import get_member, member_to_row
from hospital_desk.storage import current_revision, head_revision, make_engine, upgrade
from hospital_desk.synthetic import generate

AS_OF = dt.date(2026, 11, 1)


def _first_release_database(path: Path) -> list[tuple[object, ...]]:
    """A database as the first migration made it, with members, a revocation, rules and state."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    rows = [m.row for m in generate(200, seed=3, as_of=AS_OF)]
    columns = ",".join(f":c{i}" for i in range(len(rows[0])))
    with engine.begin() as connection:
        for row in rows:
            connection.execute(
                text(f"INSERT INTO members VALUES ({columns})"),  # noqa: S608
                {f"c{i}": v for i, v in enumerate(row)},
            )
        connection.execute(
            text("INSERT INTO card_revocations VALUES (:m, 1, 'stolen', 20261001)"),
            {"m": rows[0][0]},
        )
        connection.execute(
            text("INSERT INTO sync_state VALUES ('member_list_as_of', '2026-11-01')")
        )
    engine.dispose()
    return rows


def test_upgrade_from_first_migration_keeps_every_member_and_adds_new_tables(
    desk_home: Path,
) -> None:
    path = desk_home / "desk.sqlite3"
    rows = _first_release_database(path)
    engine = make_engine(f"sqlite:///{path}")
    assert current_revision(engine) == "0001"
    assert "visits" not in inspect(engine).get_table_names()

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert {"visits", "audit_log"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for row in rows:
            member = get_member(connection, row[0])
            assert member is not None and member_to_row(member) == row
        assert connection.execute(text("SELECT reason FROM card_revocations")).scalar() == "stolen"
    engine.dispose()


def test_app_start_migrates_an_old_database_and_answers_from_it(desk_home: Path) -> None:
    rows = _first_release_database(desk_home / "desk.sqlite3")
    desk = Desk.open()  # what the app does on start
    try:
        check = desk.check(rows[5][0], on=AS_OF)
        assert check.member is not None and check.list_as_of == AS_OF
    finally:
        desk.close()


def test_db_upgrade_command_reports_the_revisions(
    desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _first_release_database(desk_home / "desk.sqlite3")
    assert main(["db", "upgrade"]) == 0
    assert f"from 0001 to {head_revision()}" in capsys.readouterr().out
