"""The synthetic member list: deterministic, NSSF-like, and its profiles are the ground truth."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hospital_desk import synthetic
from hospital_desk.eligibility import Outcome, decide
from hospital_desk.members import Scheme
from hospital_desk.rules import BASELINE_RULES, load_rule_file

AS_OF = dt.date(2026, 11, 1)
RULES = load_rule_file(BASELINE_RULES)


def test_same_seed_gives_the_same_list_and_another_seed_does_not() -> None:
    first = [m.row for m in synthetic.generate(500, seed=5, as_of=AS_OF)]
    again = [m.row for m in synthetic.generate(500, seed=5, as_of=AS_OF)]
    other = [m.row for m in synthetic.generate(500, seed=6, as_of=AS_OF)]
    assert first == again
    assert first != other


def test_numbers_are_unique_ascending_and_fourteen_digits() -> None:
    ids = [m.row[0] for m in synthetic.generate(5_000, seed=1, as_of=AS_OF)]
    assert ids == sorted(set(ids))
    assert all(len(str(i)) == 14 for i in ids)


def test_scheme_proportions_are_like_nssfs() -> None:
    counts = Counter(m.row[8] for m in synthetic.generate(20_000, seed=2, as_of=AS_OF))
    share = {s: counts[s] / 20_000 for s in Scheme}
    assert 0.52 < share[Scheme.PRIVATE] < 0.61  # 57% of members in March 2025
    assert 0.15 < share[Scheme.PUBLIC] < 0.21  # 18%
    assert 0.16 < share[Scheme.SELF_EMPLOYED] < 0.23  # 19%
    assert 0.04 < share[Scheme.DEPENDANT] < 0.08  # 6%


def test_every_profile_occurs_and_dependants_point_at_earlier_principals() -> None:
    members = list(synthetic.generate(20_000, seed=3, as_of=AS_OF))
    assert {m.profile for m in members} == set(synthetic.PROFILES)
    ids = {m.row[0] for m in members}
    dependants = [m for m in members if m.row[12] is not None]
    assert dependants and all(m.row[12] in ids and m.row[12] < m.row[0] for m in dependants)
    assert any(m.revoked_serials for m in members)
    assert any(m.row[1] > 1 for m in members), "some cards were replaced"


EXPECTED = {
    synthetic.ACTIVE: ("elig.covered",),
    synthetic.ARREARS: ("elig.covered",),
    synthetic.NEW_NOT_QUALIFIED: ("elig.voluntary_not_yet_qualified", "elig.contributions_short"),
    synthetic.ABANDONED: ("elig.voluntary_abandoned",),
    synthetic.LEFT: ("elig.registration_ended",),
    synthetic.SUSPENDED: ("elig.suspended",),
    synthetic.DECEASED: ("elig.deceased",),
    synthetic.EMPLOYER_UNREGISTERED: ("elig.employer_not_registered",),
    synthetic.CONTRIBUTIONS_SHORT: ("elig.contributions_short",),
    synthetic.CHILD_OVER_AGE: ("elig.child_over_age",),
    synthetic.SPOUSE_OVER_AGE: ("elig.spouse_over_age",),
}


def test_eligibility_agrees_with_the_profile_each_member_was_generated_for() -> None:
    members = list(synthetic.generate(20_000, seed=4, as_of=AS_OF))
    by_id = {m.row[0]: m for m in members}
    checked = 0
    for m in members:
        principal = by_id.get(m.row[12]) if m.row[12] else None
        if principal is not None and principal.profile != synthetic.ACTIVE:
            continue  # a dependant's answer also depends on the principal (tested in eligibility)
        decision = decide(
            m.member,
            "outpatient",
            AS_OF,
            RULES,
            AS_OF,
            principal=principal.member if principal else None,
        )
        assert decision.codes[0] in EXPECTED[m.profile], (m.profile, decision)
        if m.profile == synthetic.ARREARS:
            assert "warn.voluntary_arrears" in {w.code for w in decision.warnings}
        if decision.outcome is Outcome.ELIGIBLE:
            assert m.profile in (synthetic.ACTIVE, synthetic.ARREARS)
        checked += 1
    assert checked > 19_000
