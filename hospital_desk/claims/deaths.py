"""Deaths recorded at this desk by funeral claims, so later checks and scans say so.

NSSF's member list may not know of a death yet; a funeral claim records it here and
`with_local_death` applies it to the member the desk checks (the list's own date wins).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import Connection, select

from hospital_desk.members import Member
from hospital_desk.schema import local_deaths


def record_death(connection: Connection, member_id: int, died_on: dt.date, claim_id: str) -> None:
    existing = connection.execute(
        select(local_deaths.c.member_id).where(local_deaths.c.member_id == member_id)
    ).first()
    values = {"died_on": died_on.isoformat(), "claim_id": claim_id}
    if existing is None:
        connection.execute(local_deaths.insert().values(member_id=member_id, **values))
    else:
        connection.execute(
            local_deaths.update().where(local_deaths.c.member_id == member_id).values(**values)
        )


def local_death(connection: Connection, member_id: int) -> tuple[dt.date, str] | None:
    row = connection.execute(
        select(local_deaths.c.died_on, local_deaths.c.claim_id).where(
            local_deaths.c.member_id == member_id
        )
    ).first()
    return (dt.date.fromisoformat(row.died_on), row.claim_id) if row else None


def with_local_death(connection: Connection, member: Member | None) -> Member | None:
    """`member`, dead on the date a funeral claim recorded, unless the list already says."""
    if member is None or member.deceased_on is not None:
        return member
    death = local_death(connection, member.member_id)
    return replace(member, deceased_on=death[0]) if death else member
