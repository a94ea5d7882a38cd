"""The same storage code on a real PostgreSQL (several desks share one database).

Runs when HOSPITAL_DESK_TEST_POSTGRES_URL names a database it may wipe; `.ci/run` starts
one with `scripts/postgres-for-tests`. In CI a missing database is a failure, not a skip.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from hospital_desk.config import Settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import count_members, get_member, search_by_name
from hospital_desk.schema import rule_sets
from hospital_desk.storage import current_revision, head_revision, make_engine, open_database
from hospital_desk.synthetic import generate, load_synthetic
from tests.core.concurrent_open import open_concurrently

URL = os.environ.get("HOSPITAL_DESK_TEST_POSTGRES_URL")
AS_OF = dt.date(2026, 11, 1)

if URL is None and os.environ.get("CI"):
    pytest.fail(
        "CI must run the PostgreSQL tests: HOSPITAL_DESK_TEST_POSTGRES_URL is not set",
        pytrace=False,
    )
pytestmark = pytest.mark.skipif(URL is None, reason="no HOSPITAL_DESK_TEST_POSTGRES_URL")


@pytest.fixture
def pg_url() -> Iterator[str]:
    assert URL is not None
    engine = make_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield URL


def _desk(url: str, home: Path) -> Desk:
    return Desk(
        open_database(url), Settings(home=home, database_url=url, stale_after_days=7, language="km")
    )


def test_postgres_database_is_migrated_and_answers_like_sqlite(pg_url: str, tmp_path: Path) -> None:
    pg = _desk(pg_url, tmp_path)
    lite = _desk(f"sqlite:///{tmp_path / 'desk.sqlite3'}", tmp_path)
    assert current_revision(pg.engine) == head_revision()
    for desk in (pg, lite):
        with desk.engine.begin() as connection:
            load_synthetic(connection, 2_000, seed=11, as_of=AS_OF)
    sample = [m.row[0] for m in generate(2_000, seed=11, as_of=AS_OF)][::97]
    try:
        with pg.engine.connect() as connection:
            assert count_members(connection) == 2_000
            assert get_member(connection, sample[3]) is not None
        for member_id in sample:
            assert pg.check(member_id, on=AS_OF) == lite.check(member_id, on=AS_OF)
    finally:
        pg.close()
        lite.close()


def test_postgres_prefix_search_matches_sqlite_in_both_scripts(pg_url: str, tmp_path: Path) -> None:
    pg = _desk(pg_url, tmp_path)
    lite = _desk(f"sqlite:///{tmp_path / 'desk.sqlite3'}", tmp_path)
    for desk in (pg, lite):
        with desk.engine.begin() as connection:
            load_synthetic(connection, 2_000, seed=12, as_of=AS_OF)
    try:
        for query in ("SOK", "ch", "ស៊ុ", "សុខ ស", "ស្រី", "Z"):
            with pg.engine.connect() as a, lite.engine.connect() as b:
                assert search_by_name(a, query) == search_by_name(b, query), query
    finally:
        pg.close()
        lite.close()


def test_six_desks_starting_at_once_on_a_new_server_database_all_open(pg_url: str) -> None:
    errors = open_concurrently(pg_url, desks=6)
    assert errors == []
    engine = make_engine(pg_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            active = connection.execute(select(rule_sets.c.version).where(rule_sets.c.active))
            assert active.scalars().all() == ["2026.1"]
    finally:
        engine.dispose()
