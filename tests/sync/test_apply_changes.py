"""Applying a change batch in place (only the columns that changed are written) leaves
exactly the list a from-scratch snapshot load of the same members gives: every column,
the revocations, the name indexes and name search. On SQLite and on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Engine, Table, select, text

from hospital_desk.config import Settings
from hospital_desk.desk import Desk
from hospital_desk.names import normalise_latin
from hospital_desk.schema import MEMBER_COLUMNS, card_revocations, members
from hospital_desk.storage import make_engine, open_database
from hospital_desk.synthetic import generate, revocation_rows
from hospital_desk.wire.changes import apply_changes, read_changes, write_changes
from hospital_desk.wire.snapshot import load_snapshot, write_snapshot
from tests.sync.wirelab import AS_OF, reader

POSTGRES_URL = os.environ.get("HOSPITAL_DESK_TEST_POSTGRES_URL")
DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(POSTGRES_URL is None, reason="no HOSPITAL_DESK_TEST_POSTGRES_URL"),
    ),
]
COUNT = 800
Row = tuple[Any, ...]


@pytest.fixture
def key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


@pytest.fixture
def people() -> list[Row]:
    return [p.row for p in generate(COUNT + 50, seed=21, as_of=AS_OF)]


def _url(database: str, tmp_path: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{tmp_path / 'applied.sqlite3'}"
    assert POSTGRES_URL is not None
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:  # a database the tests may wipe
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


def _desk(url: str, home: Path) -> Desk:
    settings = Settings(home=home, database_url=url, stale_after_days=7, language="km")
    return Desk(open_database(url), settings)


def _snapshot_desk(
    url: str, folder: Path, rows: list[Row], revoked: list[Row], *, sequence: int, key: Any
) -> Desk:
    """A desk that loaded `rows` from scratch, as a signed snapshot at `sequence`."""
    manifest = write_snapshot(
        folder, sorted(rows), sorted(revoked), sequence=sequence, as_of=AS_OF, key=key, level=3
    )
    desk = _desk(url, folder)
    with desk.engine.begin() as connection:
        load_snapshot(connection, manifest, reader(folder))
    return desk


@pytest.fixture
def desks(
    request: pytest.FixtureRequest, tmp_path: Path, people: list[Row], key: Any
) -> Iterator[tuple[Desk, list[Row]]]:
    """(a desk holding list 1 on the database asked for, the revocations of list 1)."""
    revoked = revocation_rows(list(generate(COUNT, seed=21, as_of=AS_OF)), AS_OF)
    desk = _snapshot_desk(
        _url(request.param, tmp_path),
        tmp_path / "one",
        people[:COUNT],
        revoked,
        sequence=1,
        key=key,
    )
    yield desk, [tuple(r) for r in revoked]
    desk.close()


def _with(row: Row, **values: Any) -> Row:
    changed = list(row)
    for name, value in values.items():
        changed[MEMBER_COLUMNS.index(name)] = value
    return tuple(changed)


def _paid(row: Row) -> Row:
    """A month's contribution paid: paid_through one month on, the bitmap shifted in."""
    bitmap = row[MEMBER_COLUMNS.index("paid_bitmap")]
    return _with(
        row,
        paid_through=row[MEMBER_COLUMNS.index("paid_through")] + 1,
        paid_bitmap=(bitmap << 1 | 1) & (2**40 - 1),
    )


def _table(engine: Engine, table: Table) -> list[Row]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(table).order_by(*table.primary_key))]


def _apply(desk: Desk, key: Any, upserts: list[Row], tombstones: list[int], revoked: list[Row]):
    data = write_changes(upserts, tombstones, revoked, sequence=2, as_of=AS_OF, key=key, level=3)
    with desk.engine.begin() as connection:
        return apply_changes(connection, read_changes(data, [key.public_key()]))


def _assert_same_list(applied: Desk, fresh: Desk, names: list[str]) -> None:
    assert _table(applied.engine, members) == _table(fresh.engine, members)
    assert _table(applied.engine, card_revocations) == _table(fresh.engine, card_revocations)
    for name in names:
        assert applied.search(name, limit=50) == fresh.search(name, limit=50), name
    if applied.engine.dialect.name == "sqlite":  # the name indexes agree with the table
        with applied.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


@pytest.mark.parametrize("desks", DATABASES, indirect=True)
def test_payments_serials_and_employer_changes_leave_the_list_a_fresh_load_gives(
    desks: tuple[Desk, list[Row]], people: list[Row], key: Any, tmp_path: Path
) -> None:
    desk, revoked = desks
    held = people[:COUNT]
    paid = [_paid(r) for r in held[0:300:3]]
    serial = [_with(r, card_serial=r[1] + 1) for r in held[1:300:3]]
    employer = [_with(r, employer_registered=not r[15]) for r in held[2:300:3]]
    unchanged = held[300:340]  # sent again as they are: nothing to write
    new = people[COUNT:]
    gone = [r[0] for r in held[400:420]]
    replaced = [(r[0], r[1], "replaced", 20261202) for r in serial]
    upserts = [*paid, *serial, *employer, *unchanged, *new]
    assert _apply(desk, key, upserts, gone, replaced) == len(upserts) + len(gone)
    expected = {r[0]: r for r in held}
    expected.update((r[0], r) for r in upserts)
    for member_id in gone:
        del expected[member_id]
    kept = [r for r in revoked if r[0] not in gone]
    fresh = _snapshot_desk(
        f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        tmp_path / "fresh",
        list(expected.values()),
        sorted({(r[0], r[1]): r for r in [*kept, *replaced]}.values()),
        sequence=2,
        key=key,
    )
    try:
        _assert_same_list(desk, fresh, [r[2] for r in held[:300:7]] + [r[3] for r in held[:300:11]])
    finally:
        fresh.close()


@pytest.mark.parametrize("desks", DATABASES, indirect=True)
def test_a_changed_name_is_found_by_its_new_name_and_no_longer_by_the_old(
    desks: tuple[Desk, list[Row]], people: list[Row], key: Any
) -> None:
    desk, _revoked = desks
    latin_renamed, khmer_renamed, paid_and_renamed = people[5], people[6], people[7]
    upserts = [
        _with(latin_renamed, name_latin="Zzyzx Vongsavath"),
        _with(khmer_renamed, name_khmer="ញញញញ សុភាព"),
        _with(_paid(paid_and_renamed), name_latin="Zzyzx Chanthou", name_khmer="ញញញញ ចន្ថូ"),
    ]
    assert _apply(desk, key, upserts, [], []) == 3

    def found(query: str) -> set[int]:
        return {m.member_id for m in desk.search(query, limit=50)}

    assert found("zzyzx vong") == {latin_renamed[0]}
    assert found("ZZYZX") == {latin_renamed[0], paid_and_renamed[0]}
    assert found("ញញញញ") == {khmer_renamed[0], paid_and_renamed[0]}
    assert found("ញញញញ ចន្ថូ") == {paid_and_renamed[0]}
    assert latin_renamed[0] not in found(latin_renamed[2])
    assert paid_and_renamed[0] not in found(paid_and_renamed[2])
    assert paid_and_renamed[0] not in found(paid_and_renamed[3])
    assert khmer_renamed[0] not in found(khmer_renamed[3])
    assert khmer_renamed[0] in found(khmer_renamed[2])  # its Latin name did not change
    with desk.engine.connect() as connection:
        row = connection.execute(
            select(members).where(members.c.member_id == paid_and_renamed[0])
        ).one()
    assert row.name_latin_norm == normalise_latin("Zzyzx Chanthou")
    assert row.paid_through == paid_and_renamed[MEMBER_COLUMNS.index("paid_through")] + 1


def test_the_payment_test_changes_what_it_says_it_changes(people: list[Row]) -> None:
    """The helpers above really change the columns (else the comparison proves nothing)."""
    row = people[0]
    changed = [n for n, a, b in zip(MEMBER_COLUMNS, row, _paid(row), strict=True) if a != b]
    assert changed == ["paid_through", "paid_bitmap"]


@pytest.mark.parametrize("desks", DATABASES, indirect=True)
def test_a_card_revoked_again_takes_the_new_reason_and_the_last_of_a_repeated_pair_holds(
    desks: tuple[Desk, list[Row]], people: list[Row], key: Any
) -> None:
    desk, revoked = desks
    again = revoked[0]
    member = people[9]
    revocations = [
        (again[0], again[1], "replaced", 20261203),
        (member[0], member[1], "lost_or_stolen", 20261202),
        (member[0], member[1], "lost_or_stolen", 20261204),  # the batch's last (sorted)
    ]
    assert _apply(desk, key, [], [], revocations) == 0
    table = {(r[0], r[1]): r for r in _table(desk.engine, card_revocations)}
    assert table[again[0], again[1]] == (again[0], again[1], "replaced", 20261203)
    assert table[member[0], member[1]] == (member[0], member[1], "lost_or_stolen", 20261204)
    assert len(table) == len(revoked) + 1
