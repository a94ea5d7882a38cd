"""A simulated day: deterministic by seed and day, and its ground truth is what a desk decides."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, select

from hospital_desk.eligibility import decide
from hospital_desk.member_store import get_member, revocation_reason
from hospital_desk.rules import BASELINE_RULES, load_rule_file
from hospital_desk.schema import members
from nssf_central import simulate
from nssf_central.config import load_config
from nssf_central.db import open_central
from nssf_central.population import initialise
from nssf_central.simulate import DayChanges, day_sizes, events_of, simulate_day

AS_OF = dt.date(2026, 11, 2)
RULES = load_rule_file(BASELINE_RULES)
# The first eligibility reason each synthetic profile gives (as tests/core/test_synthetic.py).
EXPECTED_FIRST_CODE = {
    "active": ("elig.covered",),
    "arrears": ("elig.covered",),
    "abandoned": ("elig.voluntary_abandoned",),
    "deceased": ("elig.deceased",),
}


def _central(tmp_path: Path, name: str, count: int = 3000, seed: int = 11) -> Engine:
    config = load_config(tmp_path / name)
    engine = open_central(config.database_url)
    with engine.begin() as connection:
        initialise(connection, config, count, seed, AS_OF)
    return engine


def _days(engine: Engine, days: int) -> list[DayChanges]:
    out = []
    for _ in range(days):
        with engine.begin() as connection:
            out.append(simulate_day(connection))
    return out


def test_the_same_seed_replays_the_same_days_and_another_seed_does_not(tmp_path: Path) -> None:
    a, b, c = (_central(tmp_path, n, seed=s) for n, s in (("a", 11), ("b", 11), ("c", 12)))
    days_a, days_b, days_c = _days(a, 2), _days(b, 2), _days(c, 2)
    for x, y in zip(days_a, days_b, strict=True):
        assert x.events == y.events
        assert x.upserts == y.upserts
        assert x.revocations == y.revocations
        assert x.tombstones == y.tombstones
    assert days_a[0].events != days_c[0].events
    assert [d.seq for d in days_a] == [2, 3]
    assert [d.date for d in days_a] == [AS_OF + dt.timedelta(days=1), AS_OF + dt.timedelta(days=2)]


def test_a_day_has_every_kind_of_event_in_the_planned_numbers(tmp_path: Path) -> None:
    engine = _central(tmp_path, "x")
    (day,) = _days(engine, 1)
    planned = day_sizes(3000)
    kinds = [e.event for e in day.events]
    for event in simulate.EVENTS:
        assert kinds.count(event) == planned[event], event
    assert len(set(day.tombstones)) == planned[simulate.REMOVED]
    with engine.connect() as connection:
        assert events_of(connection, day.seq) == day.events


def test_what_a_desk_decides_after_the_day_is_the_ground_truth(tmp_path: Path) -> None:
    engine = _central(tmp_path, "x")
    days = _days(engine, 3)
    latest = {e.member_id: e for day in days for e in day.events}  # a later day's event wins
    last = days[-1].date
    with engine.connect() as connection:
        checked = 0
        for event in latest.values():
            member = get_member(connection, event.member_id)
            if event.event == simulate.REMOVED:
                assert member is None
                continue
            assert member is not None
            if event.event in (simulate.CARD_REPLACED, simulate.CARD_REVOKED):
                reason = revocation_reason(connection, event.member_id, event.card_serial or 0)
                replaced = event.event == simulate.CARD_REPLACED
                assert reason == ("replaced" if replaced else "lost_or_stolen")
                if replaced:
                    assert member.card_serial == (event.card_serial or 0) + 1
                continue
            if event.profile not in EXPECTED_FIRST_CODE or member.principal_id is not None:
                continue  # a dependant's answer also depends on its principal
            decision = decide(member, "outpatient", last, RULES, last)
            assert decision.codes[0] in EXPECTED_FIRST_CODE[event.profile], (event, decision)
            checked += 1
        assert checked >= 20
        ids = (
            connection.execute(select(members.c.member_id).order_by(members.c.member_id))
            .scalars()
            .all()
        )
        assert len(ids) == len(set(ids))
