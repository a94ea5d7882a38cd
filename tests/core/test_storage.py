"""The local database: where it lives, how it is opened, lookups, search, the audit chain."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.errors import ConfigError
from hospital_desk.member_store import (
    count_members,
    dependants_of,
    get_member,
    member_to_row,
    replace_all_members,
    revocations_of,
    search_by_name,
)
from hospital_desk.schema import audit_log, rule_sets
from hospital_desk.storage import (
    append_audit,
    list_as_of,
    make_engine,
    open_database,
    upgrade,
    verify_audit_chain,
)
from hospital_desk.synthetic import generate, load_synthetic
from tests.core.concurrent_open import open_concurrently

AS_OF = dt.date(2026, 11, 1)


@pytest.fixture
def loaded(desk_home: Path) -> Desk:
    desk = Desk.open()
    with desk.engine.begin() as connection:
        load_synthetic(connection, 3_000, seed=7, as_of=AS_OF)
    return desk


def test_data_directory_comes_from_hospital_desk_home(desk_home: Path) -> None:
    settings = load_settings()
    assert settings.home == desk_home
    assert settings.database_url == f"sqlite:///{desk_home / 'desk.sqlite3'}"


def test_config_file_and_environment_override_defaults(
    desk_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (desk_home / "config.toml").write_text('stale_after_days = 3\nlanguage = "en"\n')
    assert load_settings().stale_after_days == 3
    monkeypatch.setenv("HOSPITAL_DESK_STALE_DAYS", "11")
    assert load_settings().stale_after_days == 11


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is = = not toml", "not valid TOML"),
        ("stale_after_days = 'soon'", "whole number"),
        ("stale_after_days = -1", "cannot be negative"),
        ('language = "fr"', "'km' or 'en'"),
        ("database_url = 5", "text SQLAlchemy URL"),
    ],
    ids=["garbage", "stale_not_number", "stale_negative", "language_unknown", "url_not_text"],
)
def test_bad_config_file_gets_a_clear_message(desk_home: Path, content: str, message: str) -> None:
    (desk_home / "config.toml").write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings()


def test_sqlite_database_uses_wal_and_foreign_keys(desk_home: Path) -> None:
    engine = open_database(f"sqlite:///{desk_home / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_loaded_list_answers_point_lookups_with_frozen_records(loaded: Desk) -> None:
    first = next(generate(1, seed=7, as_of=AS_OF))
    with loaded.engine.connect() as connection:
        member = get_member(connection, first.row[0])
        assert count_members(connection) == 3_000
        assert list_as_of(connection) == AS_OF
        assert get_member(connection, 1) is None
    assert member is not None and member_to_row(member) == first.row
    with pytest.raises(AttributeError):
        member.card_serial = 9  # type: ignore[misc]


def test_dependants_and_revocations_are_linked_to_their_member(loaded: Desk) -> None:
    members = list(generate(3_000, seed=7, as_of=AS_OF))
    child = next(m for m in members if m.row[12] is not None)
    revoked = next(m for m in members if m.revoked_serials)
    with loaded.engine.connect() as connection:
        assert child.row[0] in [d.member_id for d in dependants_of(connection, child.row[12])]
        assert [r.card_serial for r in revocations_of(connection, revoked.row[0])] == list(
            revoked.revoked_serials
        )


def test_name_prefix_search_finds_khmer_and_latin_and_is_limited(loaded: Desk) -> None:
    with loaded.engine.connect() as connection:
        latin = search_by_name(connection, "sok s", limit=500)
        khmer = search_by_name(connection, "សុខ ស", limit=5)
        nothing = search_by_name(connection, "   ")
    assert latin and all(m.name_latin.startswith("SOK S") for m in latin)
    assert len(latin) <= 50, "search results are always limited"
    assert len(khmer) == 5 and all(m.name_khmer.startswith("សុខ ស") for m in khmer)
    assert nothing == []


def test_khmer_search_typed_in_another_code_point_order_finds_the_same_people(loaded: Desk) -> None:
    with loaded.engine.connect() as connection:
        canonical = search_by_name(connection, "ស្រី")  # SO, COENG RO, II
        reordered = search_by_name(connection, "សី្រ")  # SO, II, COENG RO: the same on screen
    assert canonical and canonical == reordered


def test_audit_log_detects_an_edited_line(desk_home: Path) -> None:
    engine = open_database(f"sqlite:///{desk_home / 'a.sqlite3'}")
    with engine.begin() as connection:
        for n in range(3):
            append_audit(connection, "reception-1", "visit.registered", f"visit:{n}", {"ticket": n})
        assert verify_audit_chain(connection) is None
        connection.execute(
            update(audit_log).where(audit_log.c.id == 2).values(actor="someone-else")
        )
        assert verify_audit_chain(connection) == 2


def test_database_file_that_is_not_sqlite_gets_a_clear_error(desk_home: Path) -> None:
    bogus = desk_home / "bogus.sqlite3"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(Exception, match="database") as info:
        open_database(f"sqlite:///{bogus}")
    assert "Could not" in str(info.value)


def test_load_is_one_transaction_a_failure_keeps_the_old_list(loaded: Desk) -> None:
    def rows_then_crash():  # type: ignore[no-untyped-def]
        yield from (m.row for m in generate(10, seed=99, as_of=AS_OF))
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError), loaded.engine.begin() as connection:
        replace_all_members(connection, rows_then_crash())
    with loaded.engine.connect() as connection:
        assert count_members(connection) == 3_000


def test_desks_opening_a_migrated_database_at_once_install_one_rule_set(desk_home: Path) -> None:
    url = f"sqlite:///{desk_home / 'shared.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)  # migrated by `hospital-desk db upgrade`: no rule set in force yet
    assert open_concurrently(url, desks=6) == []
    with engine.connect() as connection:
        active = connection.execute(select(rule_sets.c.version).where(rule_sets.c.active))
        assert active.scalars().all() == ["2026.1"]
    engine.dispose()
