"""Reading and writing the local member list.

Lookups return frozen `Member` dataclasses, never rows or ORM objects. Name
search is a prefix range scan on a normalised-name index, always with a limit
(without one a common prefix reads a million rows). Bulk loads of a whole list
go through the driver's own executemany in one transaction (SQLAlchemy Core
with dicts was 4x slower and took 7 GB for 4M rows: PRODUCT.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select

from hospital_desk.dates import date_to_ymd, ymd_to_date
from hospital_desk.members import Member, MemberId, Relationship, Sex
from hospital_desk.names import (
    normalise_khmer,
    normalise_latin,
    normalise_query,
    prefix_upper_bound,
)
from hospital_desk.schema import MEMBER_COLUMNS, card_revocations, members

MAX_SEARCH_RESULTS = 50


def _opt_date(value: int | None) -> dt.date | None:
    return ymd_to_date(value) if value is not None else None


def _opt_ymd(value: dt.date | None) -> int | None:
    return date_to_ymd(value) if value is not None else None


def member_from_row(row: Sequence[Any]) -> Member:
    """A Member from a row in MEMBER_COLUMNS order."""
    (
        member_id,
        card_serial,
        name_latin,
        name_khmer,
        _latin_norm,
        _khmer_norm,
        birth_ymd,
        sex,
        scheme,
        enrolled_on,
        paid_through,
        paid_bitmap,
        principal_id,
        relationship,
        disabled,
        employer_registered,
        left_on,
        suspended_from,
        suspended_until,
        deceased_on,
    ) = row
    return Member(
        member_id=MemberId(member_id),
        card_serial=card_serial,
        name_latin=name_latin,
        name_khmer=name_khmer,
        birth_ymd=birth_ymd,
        sex=Sex(sex) if sex in Sex._value2member_map_ else Sex.UNKNOWN,
        scheme=scheme,
        enrolled_on=ymd_to_date(enrolled_on),
        paid_through=paid_through,
        paid_bitmap=paid_bitmap,
        principal_id=MemberId(principal_id) if principal_id is not None else None,
        relationship=Relationship(relationship) if relationship is not None else None,
        disabled=bool(disabled),
        employer_registered=bool(employer_registered),
        left_on=_opt_date(left_on),
        suspended_from=_opt_date(suspended_from),
        suspended_until=_opt_date(suspended_until),
        deceased_on=_opt_date(deceased_on),
    )


def member_to_row(member: Member) -> tuple[Any, ...]:
    """A row tuple in MEMBER_COLUMNS order (with the normalised names)."""
    return (
        int(member.member_id),
        member.card_serial,
        member.name_latin,
        member.name_khmer,
        normalise_latin(member.name_latin),
        normalise_khmer(member.name_khmer),
        member.birth_ymd,
        int(member.sex),
        member.scheme,
        date_to_ymd(member.enrolled_on),
        member.paid_through,
        member.paid_bitmap,
        int(member.principal_id) if member.principal_id is not None else None,
        int(member.relationship) if member.relationship is not None else None,
        member.disabled,
        member.employer_registered,
        _opt_ymd(member.left_on),
        _opt_ymd(member.suspended_from),
        _opt_ymd(member.suspended_until),
        _opt_ymd(member.deceased_on),
    )


# Built once: constructing a select per call costs more than running it.
_BY_ID = select(members).where(members.c.member_id == bindparam("member_id"))
_REVOKED = select(card_revocations.c.reason).where(
    card_revocations.c.member_id == bindparam("member_id"),
    card_revocations.c.card_serial == bindparam("serial"),
)


def get_member(connection: Connection, member_id: int) -> Member | None:
    row = connection.execute(_BY_ID, {"member_id": member_id}).one_or_none()
    return member_from_row(row) if row is not None else None


def revocation_reason(connection: Connection, member_id: int, serial: int) -> str | None:
    """Why card `serial` of this member was revoked, or None if it was not."""
    return connection.execute(
        _REVOKED, {"member_id": member_id, "serial": serial}
    ).scalar_one_or_none()


def dependants_of(connection: Connection, principal_id: int) -> list[Member]:
    rows = connection.execute(
        select(members).where(members.c.principal_id == principal_id).order_by(members.c.member_id)
    )
    return [member_from_row(r) for r in rows]


def search_by_name(
    connection: Connection, text: str, limit: int = MAX_SEARCH_RESULTS
) -> list[Member]:
    """Members whose name (Khmer or Latin, by the script typed) starts with `text`."""
    prefix, is_khmer = normalise_query(text)
    if not prefix:
        return []
    column = members.c.name_khmer_norm if is_khmer else members.c.name_latin_norm
    rows = connection.execute(
        select(members)
        .where(column >= prefix, column < prefix_upper_bound(prefix))
        .order_by(column, members.c.member_id)
        .limit(max(1, min(limit, MAX_SEARCH_RESULTS)))
    )
    return [member_from_row(r) for r in rows]


@dataclass(frozen=True)
class Revocation:
    member_id: MemberId
    card_serial: int
    reason: str
    revoked_on: dt.date


def revocations_of(connection: Connection, member_id: int) -> list[Revocation]:
    rows = connection.execute(
        select(card_revocations).where(card_revocations.c.member_id == member_id)
    )
    return [
        Revocation(MemberId(r.member_id), r.card_serial, r.reason, ymd_to_date(r.revoked_on))
        for r in rows
    ]


def count_members(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(members)).scalar_one())


def replace_revocations(
    connection: Connection, revocations: Iterable[tuple[int, int, str, int]]
) -> None:
    """Replace the revoked (member, serial) pairs with these (member, serial, reason, ymd)."""
    connection.execute(delete(card_revocations))
    rows = [
        dict(zip(("member_id", "card_serial", "reason", "revoked_on"), r, strict=True))
        for r in revocations
    ]
    if rows:
        connection.execute(insert(card_revocations), rows)


def replace_all_members(
    connection: Connection, rows: Iterable[Sequence[Any]], batch: int = 50_000
) -> int:
    """Replace the whole member list inside the caller's transaction; returns the count.

    On SQLite this uses the driver's executemany with row tuples, in batches, so
    memory stays flat however large the list.
    """
    connection.execute(delete(members))
    # Building the name indexes once after the load is several times faster than
    # keeping them current row by row; it all happens inside the caller's transaction.
    for index in members.indexes:
        index.drop(connection)
    count = 0
    if connection.dialect.name == "sqlite":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        placeholders = ",".join("?" * len(MEMBER_COLUMNS))
        sql = f"INSERT INTO members ({','.join(MEMBER_COLUMNS)}) VALUES ({placeholders})"  # noqa: S608 - column names are ours
        for chunk in _chunks(rows, batch):
            cursor.executemany(sql, chunk)
            count += len(chunk)
        cursor.close()
    else:
        for chunk in _chunks(rows, batch):
            connection.execute(
                insert(members), [dict(zip(MEMBER_COLUMNS, r, strict=True)) for r in chunk]
            )
            count += len(chunk)
    for index in members.indexes:
        index.create(connection)
    return count


def _chunks(rows: Iterable[Sequence[Any]], size: int) -> Iterator[list[Sequence[Any]]]:
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
