"""The eligibility engine: pure functions from a member record and a date to a decision.

Nothing here reads a database, a clock or a stored status letter: the caller
passes the member (and the principal, for a dependant), the benefit, the day
of care, the rule set in force, and the date the member list is "as of". The
decision is made from dates and paid months at the moment of the check, with
machine-readable reasons (codes and parameters; `messages` renders them in
Khmer and English) and the concrete list of what the member is entitled to.

Where each rule lives: the numbers are in the rule set (`rules`), the order of
the checks is here, the words are in `resources/messages/eligibility.json`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from hospital_desk.dates import add_years, month_index, month_label, month_start, ymd_to_date
from hospital_desk.errors import InputError
from hospital_desk.members import Member, Relationship, Sex
from hospital_desk.rules import BenefitRule, Item, Qualifying, RuleSet, SchemeRule


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    CANNOT_CONFIRM = "cannot_confirm"


def _item(code: str, **params: object) -> Item:
    return Item(code, tuple(sorted((k, str(v)) for k, v in params.items())))


@dataclass(frozen=True)
class Decision:
    """What the desk is told about one benefit for one member on one day."""

    benefit: str
    outcome: Outcome
    checked_on: dt.date
    list_as_of: dt.date | None
    rule_set_version: str
    reasons: tuple[Item, ...] = ()
    warnings: tuple[Item, ...] = ()
    entitlements: tuple[Item, ...] = ()
    hotlines: tuple[str, ...] = ()
    as_of_only: bool = False  # "eligible as of <list date>": the list is stale

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


@dataclass
class _Draft:
    """A decision being built (mutable while the checks run)."""

    outcome: Outcome = Outcome.ELIGIBLE
    reasons: list[Item] = field(default_factory=list)
    warnings: list[Item] = field(default_factory=list)

    def refuse(self, outcome: Outcome, item: Item) -> None:
        self.outcome = outcome
        self.reasons.append(item)


def age_on(birth_ymd: int, day: dt.date) -> int:
    """Whole years of age on `day` (an unknown month or day counts as the earliest)."""
    born = ymd_to_date(birth_ymd)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_stale(list_as_of: dt.date | None, on: dt.date, stale_after_days: int) -> bool:
    return list_as_of is None or (on - list_as_of).days > stale_after_days


# --- contribution rules ----------------------------------------------------------------------


def paid_in_window(member: Member, last_month: int, months: int) -> int:
    """How many of the `months` months ending with `last_month` were paid."""
    return sum(member.is_paid(m) for m in range(last_month - months + 1, last_month + 1))


@dataclass(frozen=True)
class VoluntaryStatus:
    """Where a voluntary-scheme member stands on a day, from the paid months."""

    covered_from: dt.date | None  # after the first run of consecutive paid months
    abandoned_on: dt.date | None  # the day "more than N months unpaid" took effect
    months_unpaid: int  # finished months unpaid since the last paid one
    last_paid_month: int | None
    pay_by: dt.date | None  # last day to pay before abandonment (when in arrears)
    abandon_on: dt.date | None  # the day abandonment will take effect (when in arrears)


def voluntary_status(member: Member, on: dt.date, rule: Qualifying) -> VoluntaryStatus:
    """Walk the paid months from enrolment (or the oldest month known) to the month of `on`.

    A month counts as unpaid once it is over. More than `abandon_after_unpaid_months`
    unpaid in a row is voluntary abandonment, taking effect on the first day of the
    month after the last of them; it is final.
    """
    current = month_index(on)
    start = max(month_index(member.enrolled_on), member.oldest_known_month)
    covered_from = abandoned_on = None
    run_paid = run_unpaid = 0
    last_paid = None
    limit = rule.abandon_after_unpaid_months
    for month in range(start, current + 1):
        if member.is_paid(month):
            last_paid = month
            run_paid += 1
            run_unpaid = 0
            if covered_from is None and run_paid >= rule.consecutive_months:
                covered_from = month_start(month + 1)
        elif month < current:  # the current month can still be paid
            run_paid = 0
            run_unpaid += 1
            if run_unpaid > limit:
                abandoned_on = month_start(month + 1)
                break
    pay_by = abandon_on = None
    if abandoned_on is None and run_unpaid:
        first_unpaid = current - run_unpaid
        abandon_on = month_start(first_unpaid + limit + 1)
        pay_by = abandon_on - dt.timedelta(days=1)
    return VoluntaryStatus(covered_from, abandoned_on, run_unpaid, last_paid, pay_by, abandon_on)


def _last_paid_label(status: VoluntaryStatus) -> str:
    return month_label(status.last_paid_month) if status.last_paid_month is not None else "-"


def _check_qualifying(member: Member, scheme: SchemeRule, on: dt.date, draft: _Draft) -> None:
    rule = scheme.qualifying
    if rule.kind == "registered":
        return
    if rule.kind == "consecutive_or_window":
        previous = month_index(on) - 1
        consecutive = paid_in_window(member, previous, rule.consecutive_months)
        in_window = paid_in_window(member, previous, rule.window_months)
        if consecutive < rule.consecutive_months and in_window < rule.min_paid_in_window:
            draft.refuse(
                Outcome.NOT_ELIGIBLE,
                _item(
                    "elig.contributions_short",
                    consecutive=rule.consecutive_months,
                    needed=rule.min_paid_in_window,
                    window=rule.window_months,
                    paid=in_window,
                ),
            )
        return
    status = voluntary_status(member, on, rule)
    if status.abandoned_on is not None:
        draft.refuse(
            Outcome.NOT_ELIGIBLE,
            _item(
                "elig.voluntary_abandoned",
                date=status.abandoned_on.isoformat(),
                months=rule.abandon_after_unpaid_months,
                last_paid=_last_paid_label(status),
            ),
        )
        draft.reasons.append(_item("elig.way_back_formal_employment"))
        return
    if status.covered_from is None or status.covered_from > on:
        draft.refuse(
            Outcome.NOT_ELIGIBLE,
            _item("elig.voluntary_not_yet_qualified", months=rule.consecutive_months),
        )
        return
    if status.months_unpaid:
        assert status.pay_by is not None and status.abandon_on is not None  # noqa: S101 - set together
        draft.warnings.append(
            _item(
                "warn.voluntary_arrears",
                unpaid=status.months_unpaid,
                last_paid=_last_paid_label(status),
                pay_by=status.pay_by.isoformat(),
                abandon_on=status.abandon_on.isoformat(),
            )
        )
        if not rule.covered_in_arrears:
            draft.refuse(Outcome.NOT_ELIGIBLE, _item("elig.voluntary_in_arrears"))


# --- the checks, in order --------------------------------------------------------------------


def _check_registration(member: Member, scheme: SchemeRule, on: dt.date, draft: _Draft) -> None:
    if member.enrolled_on > on:
        draft.refuse(
            Outcome.NOT_ELIGIBLE,
            _item("elig.not_yet_enrolled", date=member.enrolled_on.isoformat()),
        )
    elif member.left_on is not None and member.left_on <= on:
        draft.refuse(
            Outcome.NOT_ELIGIBLE, _item("elig.registration_ended", date=member.left_on.isoformat())
        )
    elif (
        member.suspended_from is not None
        and member.suspended_from <= on
        and (member.suspended_until is None or on < member.suspended_until)
    ):
        draft.refuse(
            Outcome.NOT_ELIGIBLE,
            _item("elig.suspended", date=member.suspended_from.isoformat()),
        )
    elif scheme.employer_must_be_registered and not member.employer_registered:
        draft.refuse(Outcome.NOT_ELIGIBLE, _item("elig.employer_not_registered"))


def _check_dependant(
    member: Member,
    scheme: SchemeRule,
    on: dt.date,
    rules: RuleSet,
    *,
    principal: Member | None,
    draft: _Draft,
) -> None:
    rule = scheme.dependant
    if rule is None:
        return
    age = age_on(member.birth_ymd, on)
    if member.relationship == Relationship.CHILD:
        if age >= rule.child_max_age and not (member.disabled and rule.disabled_child_no_age_limit):
            turned = add_years(ymd_to_date(member.birth_ymd), rule.child_max_age)
            draft.refuse(
                Outcome.NOT_ELIGIBLE,
                _item("elig.child_over_age", age=rule.child_max_age, date=turned.isoformat()),
            )
            return
    elif member.relationship == Relationship.SPOUSE:
        if age >= rule.spouse_max_age:
            turned = add_years(ymd_to_date(member.birth_ymd), rule.spouse_max_age)
            draft.refuse(
                Outcome.NOT_ELIGIBLE,
                _item("elig.spouse_over_age", age=rule.spouse_max_age, date=turned.isoformat()),
            )
            return
    else:
        draft.refuse(Outcome.CANNOT_CONFIRM, _item("elig.dependant_link_missing"))
        return
    if not rule.principal_must_be_covered:
        return
    if principal is None or principal.member_id != member.principal_id:
        draft.refuse(Outcome.CANNOT_CONFIRM, _item("elig.principal_not_in_list"))
        return
    covered = coverage(principal, on, rules)
    if covered.outcome is not Outcome.ELIGIBLE:
        draft.refuse(covered.outcome, _item("elig.principal_not_covered"))
        draft.reasons.extend(covered.reasons)


def coverage(
    member: Member,
    on: dt.date,
    rules: RuleSet,
    principal: Member | None = None,
    *,
    contributions: bool = True,
) -> _Draft:
    """Is the member covered on `on`? (Registration, paid months, dependant links.)

    `contributions=False` skips the paid-months rules: the occupational risk scheme
    is paid by the employer and has no qualifying period.
    """
    draft = _Draft()
    if member.deceased_on is not None and member.deceased_on <= on:
        draft.refuse(
            Outcome.NOT_ELIGIBLE, _item("elig.deceased", date=member.deceased_on.isoformat())
        )
        return draft
    scheme = rules.schemes.get(member.scheme)
    if scheme is None:
        draft.refuse(Outcome.CANNOT_CONFIRM, _item("elig.scheme_unknown", scheme=member.scheme))
        return draft
    _check_registration(member, scheme, on, draft)
    if draft.outcome is Outcome.ELIGIBLE and contributions:
        _check_qualifying(member, scheme, on, draft)
    if draft.outcome is Outcome.ELIGIBLE:
        _check_dependant(member, scheme, on, rules, principal=principal, draft=draft)
    return draft


def _check_benefit(member: Member, benefit: BenefitRule, on: dt.date, draft: _Draft) -> None:
    if member.scheme not in benefit.schemes:
        draft.refuse(
            Outcome.NOT_ELIGIBLE, _item("elig.benefit_not_in_scheme", scheme=member.scheme)
        )
    elif benefit.requires_sex is not None and member.sex != benefit.requires_sex:
        if member.sex in (Sex.UNKNOWN, Sex.NOT_APPLICABLE):
            draft.refuse(Outcome.CANNOT_CONFIRM, _item("elig.sex_unknown"))
        else:
            draft.refuse(Outcome.NOT_ELIGIBLE, _item("elig.benefit_for_women"))
    elif benefit.min_paid_months:
        paid = paid_in_window(member, month_index(on) - 1, benefit.contribution_window_months)
        if paid < benefit.min_paid_months:
            draft.refuse(
                Outcome.NOT_ELIGIBLE,
                _item(
                    "elig.benefit_contributions_short",
                    needed=benefit.min_paid_months,
                    window=benefit.contribution_window_months,
                    paid=paid,
                ),
            )


def decide(
    member: Member | None,
    benefit: str,
    on: dt.date,
    rules: RuleSet,
    list_as_of: dt.date | None,
    *,
    principal: Member | None = None,
    stale_after_days: int = 7,
) -> Decision:
    """Decide one benefit for one member on day `on`. See the module docstring."""
    rule = rules.benefits.get(benefit)
    if rule is None:
        raise InputError(f"Unknown benefit {benefit!r}; known: {', '.join(rules.benefits)}")
    stale = is_stale(list_as_of, on, stale_after_days)
    draft = _Draft()
    if member is None:
        draft.refuse(Outcome.CANNOT_CONFIRM, _item("elig.member_not_in_list"))
        draft.warnings.append(_item("warn.offline_procedure"))
    else:
        # The funeral allowance asks whether the member was covered on the eve of death.
        died = member.deceased_on if rule.kind == "funeral" else None
        day = died - dt.timedelta(days=1) if died is not None else on
        draft = coverage(member, day, rules, principal, contributions=rule.kind != "work_injury")
        if draft.outcome is Outcome.ELIGIBLE:
            _check_benefit(member, rule, day, draft)
        if draft.outcome is Outcome.ELIGIBLE and rule.kind == "funeral":
            if died is None:
                draft.warnings.append(_item("warn.funeral_on_death"))
            else:
                draft.reasons.append(_item("elig.covered_at_death", date=died.isoformat()))
    if stale:
        draft.warnings.append(
            _item(
                "warn.list_stale",
                date=list_as_of.isoformat() if list_as_of else "-",
                days=(on - list_as_of).days if list_as_of else "-",
            )
        )
    eligible = draft.outcome is Outcome.ELIGIBLE
    if eligible:
        draft.warnings.extend(rule.warnings)
    return Decision(
        benefit=benefit,
        outcome=draft.outcome,
        checked_on=on,
        list_as_of=list_as_of,
        rule_set_version=rules.version,
        reasons=tuple(draft.reasons) if draft.reasons else (_item("elig.covered"),),
        warnings=tuple(draft.warnings),
        entitlements=rule.entitlements if eligible else (),
        hotlines=() if eligible else rules.hotlines,
        as_of_only=eligible and stale,
    )


def decide_all(
    member: Member | None,
    on: dt.date,
    rules: RuleSet,
    list_as_of: dt.date | None,
    *,
    principal: Member | None = None,
    stale_after_days: int = 7,
) -> tuple[Decision, ...]:
    """Every benefit the rule set knows, in the rule set's order."""
    return tuple(
        decide(
            member, b, on, rules, list_as_of, principal=principal, stale_after_days=stale_after_days
        )
        for b in rules.benefits
    )
