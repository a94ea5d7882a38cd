"""The reception queue: a visit per person registered at the desk, tickets per day.

Tickets count from 1 each day, first come first served. A visit keeps the decision that
was shown when it was registered (as JSON) and who registered it; ids are client-made
UUIDs, so a visit made offline never collides with another desk's.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from hospital_desk.dates import date_to_ymd
from hospital_desk.errors import InputError
from hospital_desk.members import MemberId
from hospital_desk.schema import visits
from hospital_desk.storage import append_audit

WAITING, CALLED, DONE = "waiting", "called", "done"


@dataclass(frozen=True)
class Visit:
    visit_id: str
    day: dt.date
    ticket: int
    member_id: MemberId | None
    card_result: str | None
    decision: dict[str, Any]
    registered_by: str
    state: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _visit(row: Any) -> Visit:
    return Visit(
        visit_id=row.visit_id,
        day=dt.date(row.day // 10_000, row.day // 100 % 100, row.day % 100),
        ticket=row.ticket,
        member_id=MemberId(row.member_id) if row.member_id is not None else None,
        card_result=row.card_result,
        decision=json.loads(row.decision_json),
        registered_by=row.registered_by,
        state=row.state,
    )


def register_visit(
    connection: Connection,
    *,
    day: dt.date,
    member_id: int | None,
    card_result: str | None,
    decision: dict[str, Any],
    registered_by: str,
) -> Visit:
    """Give the next ticket of `day` to a new waiting visit."""
    if not registered_by.strip():
        raise InputError("A visit needs the name of the person registering it")
    ymd = date_to_ymd(day)
    last = connection.execute(select(func.max(visits.c.ticket)).where(visits.c.day == ymd))
    ticket = (last.scalar_one() or 0) + 1
    visit_id = str(uuid.uuid4())
    connection.execute(
        insert(visits).values(
            visit_id=visit_id,
            day=ymd,
            ticket=ticket,
            member_id=member_id,
            card_result=card_result,
            decision_json=json.dumps(decision, ensure_ascii=False, default=str),
            registered_by=registered_by,
            created_at=_now(),
            state=WAITING,
        )
    )
    append_audit(connection, registered_by, "visit.register", visit_id, {"ticket": ticket})
    return get_visit(connection, visit_id)


def get_visit(connection: Connection, visit_id: str) -> Visit:
    row = connection.execute(select(visits).where(visits.c.visit_id == visit_id)).one()
    return _visit(row)


def queue(connection: Connection, day: dt.date) -> list[Visit]:
    """Today's visits not yet done, in ticket order (called ones first)."""
    rows = connection.execute(
        select(visits)
        .where(visits.c.day == date_to_ymd(day), visits.c.state != DONE)
        .order_by(visits.c.ticket)
    )
    found = [_visit(r) for r in rows]
    return [v for v in found if v.state == CALLED] + [v for v in found if v.state == WAITING]


def recent(connection: Connection, day: dt.date, days: int = 14, limit: int = 200) -> list[Visit]:
    """Visits of members (not walk-ins without a number) from `days` before `day` to `day`,
    newest first: what billing starts claims from."""
    since = day - dt.timedelta(days=days)
    rows = connection.execute(
        select(visits)
        .where(visits.c.day >= date_to_ymd(since), visits.c.day <= date_to_ymd(day))
        .where(visits.c.member_id.is_not(None))
        .order_by(visits.c.day.desc(), visits.c.ticket.desc())
        .limit(limit)
    )
    return [_visit(r) for r in rows]


def call_next(connection: Connection, day: dt.date, actor: str) -> Visit | None:
    """The first waiting visit of `day` becomes called; None when nobody waits."""
    row = connection.execute(
        select(visits.c.visit_id)
        .where(visits.c.day == date_to_ymd(day), visits.c.state == WAITING)
        .order_by(visits.c.ticket)
        .limit(1)
    ).first()
    if row is None:
        return None
    connection.execute(
        update(visits)
        .where(visits.c.visit_id == row.visit_id)
        .values(state=CALLED, called_at=_now())
    )
    append_audit(connection, actor, "visit.call", row.visit_id, {})
    return get_visit(connection, row.visit_id)


def finish(connection: Connection, visit_id: str, actor: str) -> Visit:
    result = connection.execute(
        update(visits)
        .where(visits.c.visit_id == visit_id, visits.c.state != DONE)
        .values(state=DONE, done_at=_now())
    )
    if result.rowcount != 1:
        raise InputError("That visit is already done or does not exist")
    append_audit(connection, actor, "visit.done", visit_id, {})
    return get_visit(connection, visit_id)
