"""A synthetic national member list, deterministic by seed.

For the demo, the tests, the benchmarks and the reference server. Names come
from pools of common Khmer family and given names with their usual Latin
spellings; scheme proportions follow NSSF's March 2025 figures (DOMAIN.md);
histories include new members, arrears, voluntary abandonment, people who left
their job, suspensions, deaths, replaced and revoked cards, and dependant
children and spouses (some over the age limit).

Each member comes with the `profile` it was generated for: the ground truth the
tests compare eligibility decisions with. Same seed and `as_of`, same list.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from hospital_desk.dates import date_to_ymd, month_index
from hospital_desk.eligibility import age_on
from hospital_desk.member_store import member_from_row, replace_all_members, replace_revocations
from hospital_desk.members import PAID_MONTHS_KEPT, Member, Relationship, Scheme, Sex
from hospital_desk.names import normalise_khmer, normalise_latin
from hospital_desk.storage import LIST_AS_OF, set_state

FAMILY_NAMES = [
    ("SOK", "សុខ"),
    ("CHAN", "ចាន់"),
    ("KIM", "គីម"),
    ("HENG", "ហេង"),
    ("LY", "លី"),
    ("SUN", "ស៊ុន"),
    ("MAO", "ម៉ៅ"),
    ("CHEA", "ជា"),
    ("CHHIM", "ឈឹម"),
    ("PICH", "ពេជ្រ"),
    ("SAO", "សៅ"),
    ("NOB", "ណុប"),
    ("TEP", "ទេព"),
    ("OUK", "អ៊ុក"),
    ("NHEK", "ញឹក"),
    ("KEO", "កែវ"),
    ("YIN", "យិន"),
    ("HUN", "ហ៊ុន"),
    ("BUN", "ប៊ុន"),
    ("VONG", "វង្ស"),
    ("MOM", "ម៉ម"),
    ("SENG", "សេង"),
    ("PHOUNG", "ភួង"),
    ("KHIEV", "ខៀវ"),
    ("IM", "អ៊ឹម"),
    ("TANG", "តាំង"),
    ("LONG", "ឡុង"),
    ("ROS", "រស់"),
    ("SIN", "ស៊ិន"),
    ("PROM", "ព្រំ"),
    ("OUM", "អ៊ុំ"),
    ("POV", "ពៅ"),
    ("SREY", "ស្រី"),
    ("MEAS", "មាស"),
    ("TOUCH", "ទូច"),
]
FEMALE_NAMES = [
    ("SOPHEA", "សុភា"),
    ("SREYMOM", "ស្រីមុំ"),
    ("CHANTHOU", "ចន្ធូ"),
    ("SOKHA", "សុខា"),
    ("SREYNICH", "ស្រីនិច"),
    ("BOPHA", "បុប្ផា"),
    ("CHANTREA", "ចន្ទ្រា"),
    ("SOPHEAP", "សុភាព"),
    ("RATANA", "រតនា"),
    ("SREYPOV", "ស្រីពៅ"),
    ("MALIS", "ម៉ាលីស"),
    ("VANNA", "វណ្ណា"),
    ("THIDA", "ធីតា"),
    ("SOKUNTHEA", "សុគន្ធា"),
    ("LIDA", "លីដា"),
    ("PISEY", "ពិសី"),
    ("SREYLEAK", "ស្រីល័ក្ខ"),
    ("CHARIYA", "ចរិយា"),
    ("KUNTHEA", "គន្ធា"),
    ("DARA", "ដារ៉ា"),
    ("SOKLENG", "សុខឡេង"),
    ("NARY", "ណារី"),
    ("SOPHAL", "សុផល"),
    ("MONY", "មុន្នី"),
]
MALE_NAMES = [
    ("VICHET", "វិចិត្រ"),
    ("SAMNANG", "សំណាង"),
    ("PISETH", "ពិសិដ្ឋ"),
    ("DARA", "ដារ៉ា"),
    ("SOPHEAK", "សុភ័ក្ត្រ"),
    ("VUTHY", "វុទ្ធី"),
    ("RITHY", "រិទ្ធី"),
    ("BORA", "បូរ៉ា"),
    ("SAMOL", "សំអុល"),
    ("CHANTHA", "ចាន់ធា"),
    ("VANNAK", "វណ្ណៈ"),
    ("SOVANN", "សុវណ្ណ"),
    ("MAKARA", "មករា"),
    ("SAMBATH", "សម្បត្តិ"),
    ("VISAL", "វិសាល"),
    ("THEARITH", "ធារិទ្ធ"),
    ("KOSAL", "កុសល"),
    ("PHEAKDEY", "ភក្តី"),
    ("RATHA", "រដ្ឋា"),
    ("SOKHOM", "សុខុម"),
    ("VIBOL", "វិបុល"),
    ("NARITH", "នរិទ្ធ"),
    ("SOPHAT", "សុផាត"),
    ("KIMHONG", "គីមហុង"),
]

# NSSF members on 7 Mar 2025 (DOMAIN.md): private, public, self-employed, dependants.
SCHEME_WEIGHTS = (
    (Scheme.PRIVATE, 1_570_662),
    (Scheme.PUBLIC, 499_979),
    (Scheme.SELF_EMPLOYED, 531_136),
    (Scheme.DEPENDANT, 174_415),
)
FIRST_MEMBER_ID = 10_000_000_000_000

# Profiles: what each generated member is meant to be (the ground truth).
ACTIVE = "active"
NEW_NOT_QUALIFIED = "new_not_qualified"
ARREARS = "arrears"  # voluntary, 1..6 months unpaid: still covered, warned
ABANDONED = "abandoned"  # voluntary, more than 6 months unpaid
LEFT = "left"
SUSPENDED = "suspended"
DECEASED = "deceased"
EMPLOYER_UNREGISTERED = "employer_unregistered"
CONTRIBUTIONS_SHORT = "contributions_short"
CHILD_OVER_AGE = "child_over_age"
SPOUSE_OVER_AGE = "spouse_over_age"
PROFILES = (
    ACTIVE,
    NEW_NOT_QUALIFIED,
    ARREARS,
    ABANDONED,
    LEFT,
    SUSPENDED,
    DECEASED,
    EMPLOYER_UNREGISTERED,
    CONTRIBUTIONS_SHORT,
    CHILD_OVER_AGE,
    SPOUSE_OVER_AGE,
)


@dataclass(frozen=True)
class SyntheticMember:
    row: tuple[Any, ...]  # in schema.MEMBER_COLUMNS order
    profile: str
    revoked_serials: tuple[int, ...] = ()

    @property
    def member(self) -> Member:
        return member_from_row(self.row)


class _Generator:
    def __init__(self, seed: int, as_of: dt.date) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.current_month = month_index(as_of)
        self.paid_through = self.current_month - 1
        self.full = (1 << PAID_MONTHS_KEPT) - 1
        self.recent_principals: list[tuple[int, int, int]] = []  # (id, family index, scheme)
        total = sum(w for _, w in SCHEME_WEIGHTS)
        self.scheme_cut = []
        acc = 0
        for scheme, weight in SCHEME_WEIGHTS:
            acc += weight
            self.scheme_cut.append((acc / total, scheme))

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def birth(self, min_age: int, max_age: int) -> int:
        rng = self.rng
        year = self.as_of.year - rng.randint(min_age, max_age)
        month = rng.randint(1, 12)
        day = 0 if rng.random() < 0.02 else rng.randint(1, 28)
        return year * 10000 + month * 100 + day

    def birth_for(self, relationship: Relationship | None) -> tuple[int, bool]:
        """Birth date (YYYYMMDD) and disability flag for a principal, child or spouse."""
        if relationship is Relationship.CHILD:
            return self.birth(0, 19), self.rng.random() < 0.02
        if relationship is Relationship.SPOUSE:
            return self.birth(20, 62), False
        return self.birth(18, 64), False

    def age_limit_profile(
        self, relationship: Relationship | None, birth: int, disabled: bool
    ) -> str | None:
        """A dependant past the age limit (baseline rules: child 18 unless disabled, spouse 60)."""
        age = age_on(birth, self.as_of)
        if relationship is Relationship.CHILD and not disabled and age >= 18:
            return CHILD_OVER_AGE
        if relationship is Relationship.SPOUSE and age >= 60:
            return SPOUSE_OVER_AGE
        return None

    def scheme(self) -> Scheme:
        r = self.rng.random()
        for cut, scheme in self.scheme_cut:
            if r < cut:
                return scheme
        return Scheme.DEPENDANT

    def enrolment(self, scheme: Scheme) -> dt.date:
        years = 2 if scheme in (Scheme.SELF_EMPLOYED, Scheme.DEPENDANT) else 10
        return self.day_between(self.as_of - dt.timedelta(days=365 * years), self.as_of)

    def months_since(self, day: dt.date) -> int:
        return self.paid_through - month_index(day) + 1

    def paid_from(self, enrolled: dt.date) -> int:
        """All months paid from enrolment to the end of the window."""
        months = min(PAID_MONTHS_KEPT, max(0, self.months_since(enrolled)))
        return (1 << months) - 1

    def voluntary_history(self, enrolled: dt.date) -> tuple[int, str]:
        since = self.months_since(enrolled)
        r = self.rng.random()
        if since < 3:
            return (1 if since >= 1 else 0), NEW_NOT_QUALIFIED
        bitmap = self.paid_from(enrolled)
        if r < 0.18 and since >= 4:
            unpaid = self.rng.randint(1, min(6, since - 2))
            return bitmap & ~((1 << unpaid) - 1), ARREARS
        if r < 0.28 and since >= 10:
            unpaid = self.rng.randint(7, since - 2)
            return bitmap & ~((1 << unpaid) - 1), ABANDONED
        return bitmap, ACTIVE

    def private_history(self, enrolled: dt.date) -> tuple[int, str]:
        since = self.months_since(enrolled)
        if since < 2:
            return self.paid_from(enrolled), NEW_NOT_QUALIFIED
        if self.rng.random() < 0.03 and since >= 14:
            # Paid long ago, then only odd months lately: fails both contribution tests.
            return (self.full & ~((1 << 12) - 1)) | 0b100000000100, CONTRIBUTIONS_SHORT
        return self.paid_from(enrolled), ACTIVE

    def one(self, index: int) -> SyntheticMember:
        rng = self.rng
        member_id = FIRST_MEMBER_ID + index * 1000 + rng.randrange(1000)
        scheme = self.scheme()
        principal_id = relationship = None
        if scheme is Scheme.DEPENDANT and self.recent_principals:
            principal_id, family, _ = rng.choice(self.recent_principals)
            relationship = Relationship.CHILD if rng.random() < 0.7 else Relationship.SPOUSE
        else:
            if scheme is Scheme.DEPENDANT:
                scheme = Scheme.SELF_EMPLOYED
            family = rng.randrange(len(FAMILY_NAMES))
        sex = Sex.FEMALE if rng.random() < 0.55 else Sex.MALE
        if rng.random() < 0.001:
            sex = Sex.UNKNOWN
        given = rng.choice(FEMALE_NAMES if sex is Sex.FEMALE else MALE_NAMES)
        birth, disabled = self.birth_for(relationship)
        enrolled = self.enrolment(scheme)
        employer_registered = True
        left_on = suspended_from = deceased_on = None
        if scheme is Scheme.PUBLIC:
            bitmap, profile = self.paid_from(enrolled), ACTIVE
        elif scheme is Scheme.PRIVATE:
            bitmap, profile = self.private_history(enrolled)
        else:
            bitmap, profile = self.voluntary_history(enrolled)
        r = rng.random()
        if r < 0.004:
            deceased_on, profile = self.day_between(enrolled, self.as_of), DECEASED
        elif r < 0.009:
            suspended_from, profile = self.day_between(enrolled, self.as_of), SUSPENDED
        elif r < 0.03 and scheme is Scheme.PRIVATE:
            left_on, profile = self.day_between(enrolled, self.as_of), LEFT
        elif r < 0.033 and scheme is Scheme.PRIVATE:
            employer_registered, profile = False, EMPLOYER_UNREGISTERED
        if profile in (ACTIVE, ARREARS):  # still covered: the age limit decides
            profile = self.age_limit_profile(relationship, birth, disabled) or profile
        serial = 1 if rng.random() < 0.85 else (2 if rng.random() < 0.8 else 3)
        revoked: tuple[int, ...] = ()
        if serial > 1 and rng.random() < 0.1:
            revoked = (serial - 1,)
        if scheme is not Scheme.DEPENDANT and relationship is None:
            self.recent_principals.append((member_id, family, int(scheme)))
            if len(self.recent_principals) > 64:
                self.recent_principals.pop(0)
        family_latin, family_khmer = FAMILY_NAMES[family]
        name_latin = f"{family_latin} {given[0]}"
        name_khmer = f"{family_khmer} {given[1]}"
        row = (
            member_id,
            serial,
            name_latin,
            name_khmer,
            normalise_latin(name_latin),
            normalise_khmer(name_khmer),
            birth,
            int(sex),
            int(scheme),
            date_to_ymd(enrolled),
            self.paid_through,
            bitmap,
            principal_id,
            int(relationship) if relationship is not None else None,
            disabled,
            employer_registered,
            date_to_ymd(left_on) if left_on else None,
            date_to_ymd(suspended_from) if suspended_from else None,
            None,
            date_to_ymd(deceased_on) if deceased_on else None,
        )
        return SyntheticMember(row, profile, revoked)


def generate(count: int, seed: int = 1, as_of: dt.date | None = None) -> Iterator[SyntheticMember]:
    """`count` members in ascending NSSF-number order, the same for the same seed and as_of."""
    generator = _Generator(seed, as_of or dt.date.today())
    for index in range(count):
        yield generator.one(index)


def revocation_rows(
    members: list[SyntheticMember], as_of: dt.date
) -> list[tuple[int, int, str, int]]:
    """(member, serial, reason, revoked_on) rows for the generated revoked cards."""
    return [
        (m.row[0], serial, "lost_or_stolen", date_to_ymd(as_of - dt.timedelta(days=30)))
        for m in members
        for serial in m.revoked_serials
    ]


def load_synthetic(
    connection: Connection, count: int, seed: int = 1, as_of: dt.date | None = None
) -> int:
    """Replace the local member list with `count` synthetic members, inside the caller's
    transaction, and mark the list as of `as_of` (default today)."""
    as_of = as_of or dt.date.today()
    revoked: list[tuple[int, int, str, int]] = []
    stamp = date_to_ymd(as_of - dt.timedelta(days=30))

    def rows() -> Iterator[tuple[Any, ...]]:
        for m in generate(count, seed, as_of):
            revoked.extend((m.row[0], s, "lost_or_stolen", stamp) for s in m.revoked_serials)
            yield m.row

    # The revocations are collected while the rows stream, so they are inserted after.
    loaded = replace_all_members(connection, rows())
    replace_revocations(connection, revoked)
    set_state(connection, LIST_AS_OF, as_of.isoformat())
    return loaded
