"""`simulate-day`: one day of national changes, deterministic by seed and day number.

New members join; self-employed members in arrears pay up; others stop paying long
enough to lapse (voluntary abandonment); members die; cards are replaced (the old
serial revoked as "replaced") or revoked outright ("lost_or_stolen"); a few records
registered in error are removed (tombstones). Every change is applied to the central
list and recorded in `day_events` with the synthetic profile the member now has: the
ground truth that tests compare a desk's decisions with after it syncs.

Day N of a list generated as of D is the date D + N days. Members are picked by
random probes into the NSSF-number space (the primary key), so a day costs the same
at 1,000 members as at 4 million, and the same seed replays the same days.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from hospital_desk import synthetic
from hospital_desk.dates import date_to_ymd, month_index
from hospital_desk.members import Scheme
from hospital_desk.schema import MEMBER_COLUMNS, card_revocations, members
from hospital_desk.storage import LIST_AS_OF, set_state
from nssf_central.db import BASE_DAY, LAST_DAY, LATEST_SEQ, NEXT_INDEX, SEED, get_int, get_value
from nssf_central.db import set_value as set_central
from nssf_central.schema import day_events

COL = {name: i for i, name in enumerate(MEMBER_COLUMNS)}
PROBES_PER_PICK = 400

# Events (day_events.event).
NEW = "new"
PAID = "paid"
LAPSED = "lapsed"
DIED = "died"
CARD_REPLACED = "card_replaced"
CARD_REVOKED = "card_revoked"
REMOVED = "removed"
EVENTS = (NEW, PAID, LAPSED, DIED, CARD_REPLACED, CARD_REVOKED, REMOVED)


class NotInitialised(Exception):  # noqa: N818 - reads as a sentence at the call site
    """simulate-day before init."""


@dataclass(frozen=True)
class Event:
    member_id: int
    event: str
    profile: str | None  # the synthetic profile after the event, where it is known
    card_serial: int | None = None  # the serial a card event is about


@dataclass
class DayChanges:
    """What one simulated day changed: the content of one change batch."""

    seq: int
    day: int
    date: dt.date
    upserts: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # member_id -> row
    tombstones: list[int] = field(default_factory=list)
    revocations: list[tuple[int, int, str, int]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def day_sizes(member_count: int) -> dict[str, int]:
    """How many of each event a day has: about 0.1% new members, 0.025% of each other."""
    other = max(2, member_count // 4000)
    return {
        NEW: max(3, member_count // 1000),
        PAID: other,
        LAPSED: other,
        DIED: other,
        CARD_REPLACED: other,
        CARD_REVOKED: other,
        REMOVED: max(1, member_count // 20000),
    }


class _Day:
    def __init__(self, connection: Connection, changes: DayChanges, rng: random.Random) -> None:
        self.connection = connection
        self.changes = changes
        self.rng = rng
        self.touched: set[int] = set()
        self.month = month_index(changes.date)
        self.high = get_int(connection, NEXT_INDEX)

    def pick(self, accept: Callable[[tuple[Any, ...]], bool]) -> tuple[Any, ...] | None:
        """A random member row that `accept`s, not yet touched today (None if none found)."""
        for _ in range(PROBES_PER_PICK):
            probe = synthetic.FIRST_MEMBER_ID + self.rng.randrange(self.high) * 1000
            row = self.connection.execute(
                select(members)
                .where(members.c.member_id >= probe)
                .order_by(members.c.member_id)
                .limit(1)
            ).first()
            if row is not None and row[0] not in self.touched and accept(tuple(row)):
                self.touched.add(row[0])
                return tuple(row)
        return None

    def card_valid(self, row: tuple[Any, ...]) -> bool:
        """Alive, and the current card not revoked yet (a card event needs one)."""
        revoked = self.connection.execute(
            select(card_revocations.c.reason).where(
                card_revocations.c.member_id == row[0],
                card_revocations.c.card_serial == row[COL["card_serial"]],
            )
        ).first()
        return _alive(row) and revoked is None

    def upsert(
        self, row: list[Any], event: str, profile: str | None, serial: int | None = None
    ) -> None:
        member_id = int(row[0])
        self.connection.execute(
            update(members)
            .where(members.c.member_id == member_id)
            .values({name: row[i] for i, name in enumerate(MEMBER_COLUMNS) if i})
        )
        self.changes.upserts[member_id] = tuple(row)
        self.changes.events.append(Event(member_id, event, profile, serial))

    def revoke(self, member_id: int, serial: int, reason: str) -> None:
        record = (member_id, serial, reason, date_to_ymd(self.changes.date))
        self.connection.execute(
            insert(card_revocations).values(
                member_id=member_id, card_serial=serial, reason=reason, revoked_on=record[3]
            )
        )
        self.changes.revocations.append(record)


def _alive(row: tuple[Any, ...]) -> bool:
    return all(row[COL[c]] is None for c in ("left_on", "suspended_from", "deceased_on"))


def _voluntary_principal(row: tuple[Any, ...]) -> bool:
    return row[COL["scheme"]] == Scheme.SELF_EMPLOYED and row[COL["relationship"]] is None


def _unpaid_recent(bitmap: int) -> int:
    run = 0
    while run < 36 and not bitmap >> run & 1:
        run += 1
    return run


def _in_arrears(row: tuple[Any, ...]) -> bool:
    bitmap = row[COL["paid_bitmap"]]
    unpaid = _unpaid_recent(bitmap)
    # 1..6 months behind, and the three months before them paid: covered, payable.
    return 1 <= unpaid <= 6 and (bitmap >> unpaid) & 0b111 == 0b111


def _fully_paid_a_year(row: tuple[Any, ...]) -> bool:
    return int(row[COL["paid_bitmap"]]) & 0xFFF == 0xFFF


def _new_members(day: _Day, count: int, seed: int) -> None:
    """`count` fresh members, numbered after every existing one."""
    changes = day.changes
    offset = day.high * 1000
    generated = list(
        synthetic.generate(count, seed=seed * 100_003 + changes.day, as_of=changes.date)
    )
    rows = []
    for m in generated:
        row = list(m.row)
        row[0] += offset
        if row[COL["principal_id"]] is not None:
            row[COL["principal_id"]] += offset
        rows.append(tuple(row))
        changes.upserts[row[0]] = tuple(row)
        changes.events.append(Event(row[0], NEW, m.profile, row[COL["card_serial"]]))
        for serial in m.revoked_serials:
            day.revoke(row[0], serial, "lost_or_stolen")
    day.connection.execute(
        insert(members), [dict(zip(MEMBER_COLUMNS, r, strict=True)) for r in rows]
    )
    set_central(day.connection, NEXT_INDEX, day.high + count)


def _apply_events(day: _Day, sizes: dict[str, int]) -> None:
    vol_month = day.month - 1  # the month the bitmaps' bit 0 is about (paid_through)
    for _ in range(sizes[PAID]):
        row = day.pick(lambda r: _voluntary_principal(r) and _alive(r) and _in_arrears(r))
        if row is None:
            break
        new = list(row)
        new[COL["paid_bitmap"]] = row[COL["paid_bitmap"]] | (
            (1 << _unpaid_recent(row[COL["paid_bitmap"]])) - 1
        )
        day.upsert(new, PAID, synthetic.ACTIVE)
    for _ in range(sizes[LAPSED]):
        row = day.pick(
            lambda r: (
                _voluntary_principal(r)
                and _alive(r)
                and _fully_paid_a_year(r)
                and month_index(day_date(r[COL["enrolled_on"]])) <= vol_month - 12
            )
        )
        if row is None:
            break
        new = list(row)
        new[COL["paid_bitmap"]] = row[COL["paid_bitmap"]] & ~0x7F  # seven months unpaid
        day.upsert(new, LAPSED, synthetic.ABANDONED)
    for _ in range(sizes[DIED]):
        row = day.pick(_alive)
        if row is None:
            break
        new = list(row)
        new[COL["deceased_on"]] = date_to_ymd(day.changes.date)
        day.upsert(new, DIED, synthetic.DECEASED)
    for _ in range(sizes[CARD_REPLACED]):
        row = day.pick(day.card_valid)
        if row is None:
            break
        new = list(row)
        old = row[COL["card_serial"]]
        new[COL["card_serial"]] = old + 1
        day.upsert(new, CARD_REPLACED, None, old)
        day.revoke(row[0], old, "replaced")
    for _ in range(sizes[CARD_REVOKED]):
        row = day.pick(day.card_valid)
        if row is None:
            break
        serial = row[COL["card_serial"]]
        day.revoke(row[0], serial, "lost_or_stolen")
        day.changes.events.append(Event(row[0], CARD_REVOKED, None, serial))


def _remove(day: _Day, count: int) -> None:
    """Records registered in error: removed, with their revocations (tombstones)."""
    connection = day.connection

    def no_dependants(r: tuple[Any, ...]) -> bool:
        return not connection.execute(
            select(func.count()).select_from(members).where(members.c.principal_id == r[0])
        ).scalar_one()

    for _ in range(count):
        row = day.pick(no_dependants)
        if row is None:
            break
        connection.execute(delete(members).where(members.c.member_id == row[0]))
        connection.execute(delete(card_revocations).where(card_revocations.c.member_id == row[0]))
        day.changes.tombstones.append(int(row[0]))
        day.changes.events.append(Event(int(row[0]), REMOVED, None))


def day_date(ymd: int) -> dt.date:
    return dt.date(ymd // 10000, ymd // 100 % 100, ymd % 100)


def simulate_day(connection: Connection, sizes: dict[str, int] | None = None) -> DayChanges:
    """Apply the next day's changes inside the caller's transaction and return them.

    The caller publishes them as change batch `changes.seq` in the same transaction
    (`nssf_central.publish.publish_changes`).
    """
    seed_text = get_value(connection, SEED)
    base_text = get_value(connection, BASE_DAY)
    if seed_text is None or base_text is None:
        raise NotInitialised("run `hospital-desk-central init` first")
    seed = int(seed_text)
    number = get_int(connection, LAST_DAY) + 1
    changes = DayChanges(
        seq=get_int(connection, LATEST_SEQ) + 1,
        day=number,
        date=dt.date.fromisoformat(base_text) + dt.timedelta(days=number),
    )
    count = connection.execute(select(func.count()).select_from(members)).scalar_one()
    sizes = sizes or day_sizes(count)
    day = _Day(connection, changes, random.Random(f"nssf-central:{seed}:{number}"))
    _apply_events(day, sizes)
    _remove(day, sizes[REMOVED])
    _new_members(day, sizes[NEW], seed)
    connection.execute(
        insert(day_events),
        [
            {
                "seq": changes.seq,
                "day": date_to_ymd(changes.date),
                "member_id": e.member_id,
                "event": e.event,
                "profile": e.profile,
                "card_serial": e.card_serial,
            }
            for e in changes.events
        ],
    )
    set_central(connection, LAST_DAY, number)
    set_central(connection, LATEST_SEQ, changes.seq)
    set_state(connection, LIST_AS_OF, changes.date.isoformat())
    return changes


def events_of(connection: Connection, seq: int | None = None) -> list[Event]:
    """The ground truth recorded for one batch (or all), in the order it happened."""
    query = select(day_events).order_by(day_events.c.id)
    if seq is not None:
        query = query.where(day_events.c.seq == seq)
    return [
        Event(r.member_id, r.event, r.profile, r.card_serial) for r in connection.execute(query)
    ]
