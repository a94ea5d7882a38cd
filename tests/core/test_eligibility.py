"""Eligibility, table-driven from DOMAIN.md: one named case per rule and per edge
(the day before, the day of and the day after each threshold).

The rule numbers come from the baseline rule set; the cases name the dates the
rules imply, so a change of rule data shows up here as a failing named case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from hospital_desk.eligibility import (
    Outcome,
    age_on,
    decide,
    decide_all,
    is_stale,
    voluntary_status,
)
from hospital_desk.errors import InputError
from hospital_desk.members import Member, MemberId, Relationship, Scheme, Sex
from hospital_desk.rules import BASELINE_RULES, RuleSet, load_rule_file
from tests.core.memberfactory import dependant, member, month, months

RULES = load_rule_file(BASELINE_RULES)
D = dt.date
ELIGIBLE, NO, UNSURE = Outcome.ELIGIBLE, Outcome.NOT_ELIGIBLE, Outcome.CANNOT_CONFIRM

# --- members the cases share ---------------------------------------------------------------

# Voluntary member who last paid for 2025-12: January is missed from 1 Feb, the 7th
# unpaid month (July) ends on 31 Jul, so abandonment bites on 1 Aug 2026.
LAPSING = member(
    scheme=Scheme.SELF_EMPLOYED, enrolled_on=D(2024, 1, 1), paid=months("2024-01", "2025-12")
)
ABANDONED = member(
    scheme=Scheme.SELF_EMPLOYED,
    enrolled_on=D(2024, 1, 1),
    paid=months("2024-01", "2025-03") | months("2026-01", "2026-10"),
)
NEW_VOLUNTARY = member(
    scheme=Scheme.SELF_EMPLOYED, enrolled_on=D(2026, 3, 1), paid=months("2026-03", "2026-04")
)
PRINCIPAL = member(scheme=Scheme.SELF_EMPLOYED, member_id=MemberId(10_000_000_000_009))
CHILD = dependant(PRINCIPAL, Relationship.CHILD, 20080610)
SPOUSE = dependant(PRINCIPAL, Relationship.SPOUSE, 19660610, sex=Sex.MALE)
# Private worker who paid only April and May 2026 (two in a row).
TWO_IN_A_ROW = member(paid=months("2026-04", "2026-05"))
SIX_OF_TWELVE = member(
    paid={month(m) for m in ("2025-06", "2025-08", "2025-10", "2025-12", "2026-02", "2026-04")}
)
FIVE_OF_TWELVE = member(
    paid={month(m) for m in ("2025-08", "2025-10", "2025-12", "2026-02", "2026-04")}
)


@dataclass(frozen=True)
class Case:
    member: Member | None
    on: dt.date
    outcome: Outcome
    codes: tuple[str, ...] = ()  # expected reason codes, in order ("elig." omitted)
    warnings: tuple[str, ...] = ()  # warning codes that must be present ("warn." omitted)
    benefit: str = "outpatient"
    principal: Member | None = None
    list_as_of: dt.date | None = None  # default: the day of the check (fresh list)
    rules: Callable[[RuleSet], RuleSet] | None = None


def _principal_rules(rules: RuleSet, **changes: object) -> RuleSet:
    scheme = rules.schemes[4]
    assert scheme.dependant is not None
    new = replace(scheme, dependant=replace(scheme.dependant, **changes))
    return replace(rules, schemes={**rules.schemes, 4: new})


def _voluntary_rules(rules: RuleSet, **changes: object) -> RuleSet:
    scheme = rules.schemes[3]
    new = replace(scheme, qualifying=replace(scheme.qualifying, **changes))
    return replace(rules, schemes={**rules.schemes, 3: new})


CASES: dict[str, Case] = {
    # Registration dates
    "private_paid_up_is_covered": Case(member(), D(2026, 11, 5), ELIGIBLE, ("covered",)),
    "day_before_enrolment_not_yet_enrolled": Case(
        member(enrolled_on=D(2026, 6, 16)), D(2026, 6, 15), NO, ("not_yet_enrolled",)
    ),
    "day_of_enrolment_registration_counts": Case(
        member(enrolled_on=D(2026, 6, 15), paid=months("2026-04", "2026-05")),
        D(2026, 6, 15),
        ELIGIBLE,
    ),
    "day_before_leaving_still_covered": Case(
        member(left_on=D(2026, 6, 16)), D(2026, 6, 15), ELIGIBLE
    ),
    "day_of_leaving_registration_ended": Case(
        member(left_on=D(2026, 6, 15)), D(2026, 6, 15), NO, ("registration_ended",)
    ),
    "day_after_leaving_registration_ended": Case(
        member(left_on=D(2026, 6, 14)), D(2026, 6, 15), NO, ("registration_ended",)
    ),
    "day_before_suspension_covered": Case(
        member(suspended_from=D(2026, 6, 16)), D(2026, 6, 15), ELIGIBLE
    ),
    "day_of_suspension_not_covered": Case(
        member(suspended_from=D(2026, 6, 15)), D(2026, 6, 15), NO, ("suspended",)
    ),
    "last_day_of_suspension_not_covered": Case(
        member(suspended_from=D(2026, 1, 1), suspended_until=D(2026, 6, 16)),
        D(2026, 6, 15),
        NO,
        ("suspended",),
    ),
    "day_suspension_lifts_covered": Case(
        member(suspended_from=D(2026, 1, 1), suspended_until=D(2026, 6, 15)),
        D(2026, 6, 15),
        ELIGIBLE,
    ),
    "private_employer_not_registered": Case(
        member(employer_registered=False), D(2026, 6, 15), NO, ("employer_not_registered",)
    ),
    "public_sector_ignores_employer_flag": Case(
        member(scheme=Scheme.PUBLIC, employer_registered=False, paid=set()),
        D(2026, 6, 15),
        ELIGIBLE,
    ),
    "day_before_death_covered": Case(member(deceased_on=D(2026, 6, 16)), D(2026, 6, 15), ELIGIBLE),
    "day_of_death_deceased": Case(
        member(deceased_on=D(2026, 6, 15)), D(2026, 6, 15), NO, ("deceased",)
    ),
    "day_after_death_deceased": Case(
        member(deceased_on=D(2026, 6, 14)), D(2026, 6, 15), NO, ("deceased",)
    ),
    "scheme_code_not_in_rules_cannot_confirm": Case(
        member(scheme=7), D(2026, 6, 15), UNSURE, ("scheme_unknown",)
    ),
    # Private sector: 2 consecutive months, or 6 within the last 12 (Prakas 109)
    "private_two_months_in_a_row_last_day_of_month": Case(TWO_IN_A_ROW, D(2026, 6, 30), ELIGIBLE),
    "private_two_in_a_row_lapse_first_day_next_month": Case(
        TWO_IN_A_ROW, D(2026, 7, 1), NO, ("contributions_short",)
    ),
    "private_one_month_only_not_covered": Case(
        member(paid={month("2026-05")}), D(2026, 6, 15), NO, ("contributions_short",)
    ),
    "private_six_of_twelve_not_consecutive_covered": Case(SIX_OF_TWELVE, D(2026, 5, 15), ELIGIBLE),
    "private_five_of_twelve_not_covered": Case(
        FIVE_OF_TWELVE, D(2026, 5, 15), NO, ("contributions_short",)
    ),
    "private_six_of_twelve_last_day_oldest_month_in_window": Case(
        SIX_OF_TWELVE, D(2026, 6, 30), ELIGIBLE
    ),
    "private_six_of_twelve_day_oldest_month_leaves_window": Case(
        SIX_OF_TWELVE, D(2026, 7, 1), NO, ("contributions_short",)
    ),
    # Voluntary scheme: 2 consecutive paid months, then more than 6 unpaid = abandonment
    "voluntary_day_before_qualifying_not_yet_covered": Case(
        NEW_VOLUNTARY, D(2026, 4, 30), NO, ("voluntary_not_yet_qualified",)
    ),
    "voluntary_day_of_qualifying_covered": Case(NEW_VOLUNTARY, D(2026, 5, 1), ELIGIBLE),
    "voluntary_never_paid_month_of_enrolment_not_qualified": Case(
        member(scheme=Scheme.SELF_EMPLOYED, enrolled_on=D(2026, 6, 1), paid=set()),
        D(2026, 6, 15),
        NO,
        ("voluntary_not_yet_qualified",),
    ),
    "voluntary_current_month_unpaid_is_not_yet_missed": Case(LAPSING, D(2026, 1, 31), ELIGIBLE),
    "voluntary_first_missed_month_warns": Case(
        LAPSING, D(2026, 2, 1), ELIGIBLE, ("covered",), ("voluntary_arrears",)
    ),
    "voluntary_last_day_to_pay_still_covered_with_warning": Case(
        LAPSING, D(2026, 7, 31), ELIGIBLE, ("covered",), ("voluntary_arrears",)
    ),
    "voluntary_abandonment_bites_day_after_last_day_to_pay": Case(
        LAPSING, D(2026, 8, 1), NO, ("voluntary_abandoned", "way_back_formal_employment")
    ),
    "voluntary_abandonment_day_after": Case(
        LAPSING, D(2026, 8, 2), NO, ("voluntary_abandoned", "way_back_formal_employment")
    ),
    "voluntary_abandonment_is_final_even_after_paying_again": Case(
        ABANDONED, D(2026, 11, 5), NO, ("voluntary_abandoned", "way_back_formal_employment")
    ),
    "voluntary_never_paid_seven_months_is_abandonment": Case(
        member(scheme=Scheme.SELF_EMPLOYED, enrolled_on=D(2026, 1, 1), paid=set()),
        D(2026, 8, 1),
        NO,
        ("voluntary_abandoned", "way_back_formal_employment"),
    ),
    "voluntary_arrears_not_covered_when_rules_say_so": Case(
        LAPSING,
        D(2026, 3, 1),
        NO,
        ("voluntary_in_arrears",),
        ("voluntary_arrears",),
        rules=lambda r: _voluntary_rules(r, covered_in_arrears=False),
    ),
    # Dependants (Sub-decree 280): child under 18 unless disabled, spouse under 60,
    # principal covered
    "child_day_before_18th_birthday_covered": Case(
        CHILD, D(2026, 6, 9), ELIGIBLE, principal=PRINCIPAL
    ),
    "child_on_18th_birthday_over_age": Case(
        CHILD, D(2026, 6, 10), NO, ("child_over_age",), principal=PRINCIPAL
    ),
    "disabled_child_over_18_still_covered": Case(
        replace(CHILD, disabled=True), D(2026, 6, 10), ELIGIBLE, principal=PRINCIPAL
    ),
    "disabled_child_over_age_when_rules_set_no_exception": Case(
        replace(CHILD, disabled=True),
        D(2026, 6, 10),
        NO,
        ("child_over_age",),
        principal=PRINCIPAL,
        rules=lambda r: _principal_rules(r, disabled_child_no_age_limit=False),
    ),
    "spouse_day_before_60th_birthday_covered": Case(
        SPOUSE, D(2026, 6, 9), ELIGIBLE, principal=PRINCIPAL
    ),
    "spouse_on_60th_birthday_over_age": Case(
        SPOUSE, D(2026, 6, 10), NO, ("spouse_over_age",), principal=PRINCIPAL
    ),
    "dependant_without_relationship_cannot_confirm": Case(
        dependant(PRINCIPAL, None, 20100101),
        D(2026, 6, 15),
        UNSURE,
        ("dependant_link_missing",),
        principal=PRINCIPAL,
    ),
    "dependant_whose_principal_is_missing_cannot_confirm": Case(
        CHILD, D(2026, 6, 1), UNSURE, ("principal_not_in_list",)
    ),
    "dependant_given_someone_else_as_principal_cannot_confirm": Case(
        CHILD, D(2026, 6, 1), UNSURE, ("principal_not_in_list",), principal=LAPSING
    ),
    "dependant_of_abandoned_member_not_covered": Case(
        dependant(ABANDONED, Relationship.CHILD, 20150101),
        D(2026, 11, 5),
        NO,
        ("principal_not_covered", "voluntary_abandoned", "way_back_formal_employment"),
        principal=ABANDONED,
    ),
    "dependant_of_deceased_member_not_covered": Case(
        dependant(replace(PRINCIPAL, deceased_on=D(2026, 1, 1)), Relationship.CHILD, 20150101),
        D(2026, 6, 1),
        NO,
        ("principal_not_covered", "deceased"),
        principal=replace(PRINCIPAL, deceased_on=D(2026, 1, 1)),
    ),
    "dependant_of_member_in_unknown_scheme_cannot_confirm": Case(
        CHILD,
        D(2026, 6, 1),
        UNSURE,
        ("principal_not_covered", "scheme_unknown"),
        principal=replace(PRINCIPAL, scheme=9),
    ),
    "dependant_covered_alone_when_rules_drop_principal_link": Case(
        CHILD,
        D(2026, 6, 1),
        ELIGIBLE,
        rules=lambda r: _principal_rules(r, principal_must_be_covered=False),
    ),
    "dependant_own_payments_abandoned": Case(
        replace(CHILD, paid_bitmap=0, enrolled_on=D(2025, 1, 1)),
        D(2026, 6, 1),
        NO,
        ("voluntary_abandoned", "way_back_formal_employment"),
        principal=PRINCIPAL,
    ),
    # Benefits
    "maternity_allowance_nine_of_twelve_months": Case(
        member(paid=months("2025-09", "2026-05")),
        D(2026, 6, 20),
        ELIGIBLE,
        benefit="maternity_allowance",
    ),
    "maternity_allowance_eight_of_twelve_months_short": Case(
        member(paid=months("2025-10", "2026-05")),
        D(2026, 6, 20),
        NO,
        ("benefit_contributions_short",),
        benefit="maternity_allowance",
    ),
    "maternity_allowance_not_in_self_employed_scheme": Case(
        PRINCIPAL, D(2026, 6, 20), NO, ("benefit_not_in_scheme",), benefit="maternity_allowance"
    ),
    "maternity_care_is_for_women": Case(
        member(sex=Sex.MALE), D(2026, 6, 20), NO, ("benefit_for_women",), benefit="maternity_care"
    ),
    "maternity_care_sex_unknown_cannot_confirm": Case(
        member(sex=Sex.UNKNOWN), D(2026, 6, 20), UNSURE, ("sex_unknown",), benefit="maternity_care"
    ),
    "work_injury_needs_no_contributions": Case(
        member(paid=set()), D(2026, 6, 20), ELIGIBLE, benefit="work_injury"
    ),
    "work_injury_not_in_public_scheme": Case(
        member(scheme=Scheme.PUBLIC),
        D(2026, 6, 20),
        NO,
        ("benefit_not_in_scheme",),
        benefit="work_injury",
    ),
    "sickness_allowance_needs_employer_leave": Case(
        member(),
        D(2026, 6, 20),
        ELIGIBLE,
        warnings=("sickness_needs_leave",),
        benefit="sickness_allowance",
    ),
    "funeral_allowance_for_living_member_is_paid_on_death": Case(
        member(),
        D(2026, 6, 20),
        ELIGIBLE,
        warnings=("funeral_on_death", "amount_illustrative"),
        benefit="funeral_allowance",
    ),
    "funeral_allowance_member_covered_at_death": Case(
        member(deceased_on=D(2026, 5, 2)),
        D(2026, 6, 20),
        ELIGIBLE,
        ("covered_at_death",),
        benefit="funeral_allowance",
    ),
    "funeral_allowance_member_not_covered_at_death": Case(
        member(deceased_on=D(2026, 5, 2), left_on=D(2025, 1, 1)),
        D(2026, 6, 20),
        NO,
        ("registration_ended",),
        benefit="funeral_allowance",
    ),
    # The member list's age
    "fresh_list_seven_days_old_not_stale": Case(
        member(), D(2026, 11, 8), ELIGIBLE, list_as_of=D(2026, 11, 1)
    ),
    "list_eight_days_old_eligible_as_of_list_date": Case(
        member(), D(2026, 11, 9), ELIGIBLE, warnings=("list_stale",), list_as_of=D(2026, 11, 1)
    ),
    "unknown_member_cannot_confirm_with_offline_procedure": Case(
        None, D(2026, 6, 15), UNSURE, ("member_not_in_list",), ("offline_procedure",)
    ),
    "unknown_member_on_stale_list_cannot_confirm": Case(
        None,
        D(2026, 6, 15),
        UNSURE,
        ("member_not_in_list",),
        ("offline_procedure", "list_stale"),
        list_as_of=D(2026, 1, 1),
    ),
}


def _prefixed(codes: tuple[str, ...], prefix: str) -> list[str]:
    return [f"{prefix}.{c}" for c in codes]


@pytest.mark.parametrize("name", list(CASES))
def test_eligibility_rule(name: str) -> None:
    case = CASES[name]
    rules = case.rules(RULES) if case.rules else RULES
    as_of = case.list_as_of if case.list_as_of is not None else case.on
    decision = decide(case.member, case.benefit, case.on, rules, as_of, principal=case.principal)
    assert decision.outcome is case.outcome, decision
    if case.codes:
        assert decision.codes == _prefixed(case.codes, "elig"), decision.reasons
    warnings = {w.code for w in decision.warnings}
    assert set(_prefixed(case.warnings, "warn")) <= warnings, decision.warnings
    if decision.outcome is ELIGIBLE:
        assert decision.entitlements == rules.benefits[case.benefit].entitlements
        assert decision.hotlines == ()
    else:
        assert decision.entitlements == ()
        assert decision.hotlines == ("1286", "1297")


def test_stale_list_turns_eligible_into_eligible_as_of() -> None:
    fresh = decide(member(), "outpatient", D(2026, 11, 8), RULES, D(2026, 11, 1))
    stale = decide(member(), "outpatient", D(2026, 11, 9), RULES, D(2026, 11, 1))
    assert not fresh.as_of_only
    assert stale.as_of_only and stale.list_as_of == D(2026, 11, 1)
    assert dict(stale.warnings[0].params) == {"date": "2026-11-01", "days": "8"}


def test_stale_threshold_is_configurable() -> None:
    decision = decide(
        member(), "outpatient", D(2026, 11, 9), RULES, D(2026, 11, 1), stale_after_days=30
    )
    assert not decision.as_of_only


def test_never_synced_list_is_stale_and_says_so() -> None:
    decision = decide(member(), "outpatient", D(2026, 11, 9), RULES, None)
    assert decision.as_of_only
    assert decision.warnings[-1].params_dict == {"date": "-", "days": "-"}
    assert is_stale(None, D(2026, 1, 1), 7)


def test_not_eligible_on_stale_list_warns_but_is_not_eligible_as_of() -> None:
    decision = decide(
        member(deceased_on=D(2026, 1, 1)), "outpatient", D(2026, 11, 9), RULES, D(2026, 10, 1)
    )
    assert decision.outcome is NO and not decision.as_of_only
    assert "warn.list_stale" in {w.code for w in decision.warnings}


def test_arrears_warning_names_the_date_abandonment_would_bite() -> None:
    decision = decide(LAPSING, "outpatient", D(2026, 3, 10), RULES, D(2026, 3, 10))
    warning = next(w for w in decision.warnings if w.code == "warn.voluntary_arrears")
    assert warning.params_dict == {
        "unpaid": "2",
        "last_paid": "2025-12",
        "pay_by": "2026-07-31",
        "abandon_on": "2026-08-01",
    }


def test_abandonment_reason_gives_date_and_last_paid_month() -> None:
    decision = decide(ABANDONED, "outpatient", D(2026, 11, 5), RULES, D(2026, 11, 5))
    assert decision.reasons[0].params_dict == {
        "date": "2025-11-01",
        "months": "6",
        "last_paid": "2025-03",
    }


def test_abandonment_with_no_paid_month_says_none_was_paid() -> None:
    never = member(scheme=Scheme.SELF_EMPLOYED, enrolled_on=D(2026, 1, 1), paid=set())
    decision = decide(never, "outpatient", D(2026, 9, 1), RULES, D(2026, 9, 1))
    assert decision.reasons[0].params_dict["last_paid"] == "-"


def test_voluntary_status_counts_finished_unpaid_months_only() -> None:
    rule = RULES.schemes[3].qualifying
    status = voluntary_status(LAPSING, D(2026, 2, 1), rule)
    assert (status.months_unpaid, status.abandoned_on) == (1, None)
    assert status.covered_from == D(2024, 3, 1)


def test_unknown_benefit_is_refused_with_the_known_ones() -> None:
    with pytest.raises(InputError, match="outpatient"):
        decide(member(), "dental_gold_plan", D(2026, 6, 1), RULES, D(2026, 6, 1))


def test_decide_all_answers_every_benefit_in_rule_order() -> None:
    decisions = decide_all(member(), D(2026, 6, 1), RULES, D(2026, 6, 1))
    assert [d.benefit for d in decisions] == list(RULES.benefits)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (20080610, D(2026, 6, 9), 17),
        (20080610, D(2026, 6, 10), 18),
        (20080000, D(2026, 1, 1), 18),
        (20081200, D(2026, 11, 30), 17),
    ],
    ids=[
        "day_before_birthday",
        "on_birthday",
        "unknown_month_counts_from_january",
        "unknown_day_counts_from_the_first",
    ],
)
def test_age_on_counts_whole_years(birth: int, on: dt.date, age: int) -> None:
    assert age_on(birth, on) == age


def test_decision_never_reads_a_stored_status_letter() -> None:
    """The same record gives different answers on different days: status comes from dates."""
    assert decide(LAPSING, "outpatient", D(2026, 7, 31), RULES, D(2026, 7, 31)).outcome is ELIGIBLE
    assert decide(LAPSING, "outpatient", D(2026, 8, 1), RULES, D(2026, 8, 1)).outcome is NO
