"""The eligibility rule set: data, versioned, validated, never code constants.

NSSF changes its rules often, so every number the eligibility engine uses
comes from a rule file (`resources/rules/*.json` for the baseline, later the
signed one the central API sends). A file is parsed and validated whole before
it is used; a bad one is refused with a message saying what is wrong, and the
set in force stays in force (`install_rule_set`). Every rule cites its source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hospital_desk.config import RESOURCES_DIR
from hospital_desk.errors import RuleSetError
from hospital_desk.schema import rule_sets

RULE_FORMAT = "nssf-desk-rules/1"
BASELINE_RULES = RESOURCES_DIR / "rules" / "nssf-desk-rules-2026.1.json"
MAX_RULE_FILE_BYTES = 1_000_000

QUALIFYING_KINDS = ("registered", "consecutive_or_window", "voluntary")
BENEFIT_KINDS = ("care", "cash", "funeral", "work_injury")


@dataclass(frozen=True)
class Qualifying:
    kind: str
    consecutive_months: int = 0
    window_months: int = 0
    min_paid_in_window: int = 0
    abandon_after_unpaid_months: int = 0
    covered_in_arrears: bool = True


@dataclass(frozen=True)
class DependantRule:
    child_max_age: int
    spouse_max_age: int
    disabled_child_no_age_limit: bool
    principal_must_be_covered: bool


@dataclass(frozen=True)
class SchemeRule:
    code: int
    name: str
    qualifying: Qualifying
    employer_must_be_registered: bool
    dependant: DependantRule | None


@dataclass(frozen=True)
class Item:
    """An entitlement or warning: a message code and its parameters."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def params_dict(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True)
class BenefitRule:
    name: str
    kind: str
    schemes: frozenset[int]
    requires_sex: int | None
    min_paid_months: int
    contribution_window_months: int
    entitlements: tuple[Item, ...]
    warnings: tuple[Item, ...]
    source: str


@dataclass(frozen=True)
class RuleSet:
    version: str
    effective_from: dt.date
    hotlines: tuple[str, ...]
    schemes: Mapping[int, SchemeRule]
    benefits: Mapping[str, BenefitRule]
    sha256: str


# --- parsing and validation ---------------------------------------------------------------


def _require(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise RuleSetError(f"Rule file: {where} is missing '{key}'")
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RuleSetError(f"Rule file: {where}.{key} has the wrong type")
    return value


def _count(obj: Mapping[str, Any], key: str, where: str, low: int = 1, high: int = 600) -> int:
    value = _require(obj, key, int, where)
    if not low <= value <= high:
        raise RuleSetError(f"Rule file: {where}.{key} = {value} is outside {low}..{high}")
    return int(value)


def _source(obj: Mapping[str, Any], where: str) -> str:
    source = _require(obj, "source", str, where)
    if not source.strip():
        raise RuleSetError(f"Rule file: {where} must cite its source")
    return str(source)


def _items(obj: Mapping[str, Any], key: str, where: str) -> tuple[Item, ...]:
    raw = obj.get(key, [])
    if not isinstance(raw, list):
        raise RuleSetError(f"Rule file: {where}.{key} must be a list")
    items = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
            raise RuleSetError(f"Rule file: every entry of {where}.{key} needs a 'code'")
        params = tuple(sorted((k, str(v)) for k, v in entry.items() if k != "code"))
        items.append(Item(entry["code"], params))
    return tuple(items)


def _qualifying(raw: Mapping[str, Any], where: str) -> Qualifying:
    kind = _require(raw, "kind", str, where)
    _source(raw, where)
    if kind == "registered":
        return Qualifying(kind)
    if kind == "consecutive_or_window":
        window = _count(raw, "window_months", where, 1, 36)
        return Qualifying(
            kind,
            consecutive_months=_count(raw, "consecutive_months", where, 1, 36),
            window_months=window,
            min_paid_in_window=_count(raw, "min_paid_in_window", where, 1, window),
        )
    if kind == "voluntary":
        return Qualifying(
            kind,
            consecutive_months=_count(raw, "consecutive_months", where, 1, 36),
            abandon_after_unpaid_months=_count(raw, "abandon_after_unpaid_months", where, 1, 30),
            covered_in_arrears=bool(_require(raw, "covered_in_arrears", bool, where)),
        )
    raise RuleSetError(f"Rule file: {where}.kind {kind!r} is not one of {QUALIFYING_KINDS}")


def _scheme(code: int, raw: Mapping[str, Any]) -> SchemeRule:
    where = f"schemes.{code}"
    dependant = None
    if "dependant" in raw:
        d = _require(raw, "dependant", dict, where)
        dwhere = f"{where}.dependant"
        _source(d, dwhere)
        dependant = DependantRule(
            child_max_age=_count(d, "child_max_age", dwhere, 1, 30),
            spouse_max_age=_count(d, "spouse_max_age", dwhere, 16, 120),
            disabled_child_no_age_limit=bool(
                _require(d, "disabled_child_no_age_limit", bool, dwhere)
            ),
            principal_must_be_covered=bool(_require(d, "principal_must_be_covered", bool, dwhere)),
        )
    return SchemeRule(
        code=code,
        name=_require(raw, "name", str, where),
        qualifying=_qualifying(_require(raw, "qualifying", dict, where), f"{where}.qualifying"),
        employer_must_be_registered=bool(_require(raw, "employer_must_be_registered", bool, where)),
        dependant=dependant,
    )


def _benefit(name: str, raw: Mapping[str, Any], scheme_codes: set[int]) -> BenefitRule:
    where = f"benefits.{name}"
    kind = _require(raw, "kind", str, where)
    if kind not in BENEFIT_KINDS:
        raise RuleSetError(f"Rule file: {where}.kind {kind!r} is not one of {BENEFIT_KINDS}")
    schemes = _require(raw, "schemes", list, where)
    if not schemes or not all(isinstance(s, int) and s in scheme_codes for s in schemes):
        raise RuleSetError(f"Rule file: {where}.schemes must list schemes the file defines")
    sex = raw.get("requires_sex")
    if sex is not None and sex not in (1, 2):
        raise RuleSetError(f"Rule file: {where}.requires_sex must be 1 or 2")
    contributions = raw.get("contributions")
    min_paid = window = 0
    if contributions is not None:
        if not isinstance(contributions, dict):
            raise RuleSetError(f"Rule file: {where}.contributions must be an object")
        window = _count(contributions, "window_months", f"{where}.contributions", 1, 36)
        min_paid = _count(contributions, "min_paid_months", f"{where}.contributions", 1, window)
    return BenefitRule(
        name=name,
        kind=kind,
        schemes=frozenset(schemes),
        requires_sex=sex,
        min_paid_months=min_paid,
        contribution_window_months=window,
        entitlements=_items(raw, "entitlements", where),
        warnings=_items(raw, "warnings", where),
        source=_source(raw, where),
    )


def parse_rule_set(text: str | bytes) -> RuleSet:
    """Parse and validate a whole rule file; raises RuleSetError saying what is wrong."""
    raw_bytes = text.encode() if isinstance(text, str) else text
    if len(raw_bytes) > MAX_RULE_FILE_BYTES:
        raise RuleSetError(
            f"Rule file is {len(raw_bytes)} bytes; the limit is {MAX_RULE_FILE_BYTES}"
        )
    try:
        doc = json.loads(raw_bytes)
    except (ValueError, RecursionError) as exc:
        raise RuleSetError(f"Rule file is not valid JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise RuleSetError("Rule file must be a JSON object")
    fmt = doc.get("format")
    if fmt != RULE_FORMAT:
        raise RuleSetError(f"Unknown rule file format {fmt!r}; this desk reads {RULE_FORMAT!r}")
    version = _require(doc, "version", str, "rule file")
    try:
        effective = dt.date.fromisoformat(_require(doc, "effective_from", str, "rule file"))
    except ValueError as exc:
        raise RuleSetError("Rule file: effective_from must be YYYY-MM-DD") from exc
    hot = _require(doc, "hotlines", dict, "rule file")
    _source(hot, "hotlines")
    numbers = _require(hot, "numbers", list, "hotlines")
    if not numbers or not all(isinstance(n, str) and n.isdigit() for n in numbers):
        raise RuleSetError("Rule file: hotlines.numbers must be a list of digit strings")
    raw_schemes = _require(doc, "schemes", dict, "rule file")
    schemes: dict[int, SchemeRule] = {}
    for key, value in raw_schemes.items():
        if not key.isdigit() or not isinstance(value, dict):
            raise RuleSetError(f"Rule file: scheme key {key!r} must be a scheme code number")
        schemes[int(key)] = _scheme(int(key), value)
    raw_benefits = _require(doc, "benefits", dict, "rule file")
    benefits = {}
    for name, value in raw_benefits.items():
        if not isinstance(value, dict):
            raise RuleSetError(f"Rule file: benefits.{name} must be an object")
        benefits[name] = _benefit(name, value, set(schemes))
    if not benefits:
        raise RuleSetError("Rule file defines no benefits")
    return RuleSet(
        version=version,
        effective_from=effective,
        hotlines=tuple(numbers),
        schemes=schemes,
        benefits=benefits,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
    )


def load_rule_file(path: Path) -> RuleSet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RuleSetError(f"Cannot read rule file {path}: {exc}") from exc
    return parse_rule_set(data)


# --- the rule set in force, kept in the database ------------------------------------------


def install_rule_set(connection: Connection, text: str | bytes, origin: str) -> RuleSet:
    """Validate `text` and make it the set in force. A bad file changes nothing."""
    rules = parse_rule_set(text)
    body = text.decode() if isinstance(text, bytes) else text
    existing = connection.execute(
        select(rule_sets.c.id, rule_sets.c.sha256).where(rule_sets.c.version == rules.version)
    ).one_or_none()
    if existing is not None and existing.sha256 != rules.sha256:
        raise RuleSetError(
            f"Rule set version {rules.version} is already installed with different content"
        )
    connection.execute(update(rule_sets).values(active=False))
    if existing is None:
        connection.execute(
            insert(rule_sets).values(
                version=rules.version,
                effective_from=int(rules.effective_from.strftime("%Y%m%d")),
                sha256=rules.sha256,
                body=body,
                origin=origin,
                loaded_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                active=True,
            )
        )
    else:
        connection.execute(
            update(rule_sets).where(rule_sets.c.id == existing.id).values(active=True)
        )
    return rules


_PARSED: dict[str, RuleSet] = {}  # sha256 -> parsed set: every scan asks, few sets exist


def active_rule_set(connection: Connection) -> RuleSet:
    """The rule set in force; the baseline one is installed on first use."""
    sha = connection.execute(
        select(rule_sets.c.sha256).where(rule_sets.c.active.is_(True))
    ).scalar_one_or_none()
    if sha is None:
        return install_rule_set(connection, BASELINE_RULES.read_bytes(), "baseline")
    cached = _PARSED.get(sha)
    if cached is None:
        body = connection.execute(
            select(rule_sets.c.body).where(rule_sets.c.sha256 == sha)
        ).scalar_one()
        cached = _PARSED[sha] = parse_rule_set(body)
    return cached
