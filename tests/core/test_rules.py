"""The rule set is data: validated whole, refused with a clear message, never half-used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hospital_desk.errors import RuleSetError
from hospital_desk.rules import (
    BASELINE_RULES,
    active_rule_set,
    install_rule_set,
    load_rule_file,
    parse_rule_set,
)
from hospital_desk.schema import rule_sets
from hospital_desk.storage import open_database


def baseline() -> dict[str, Any]:
    return json.loads(BASELINE_RULES.read_text(encoding="utf-8"))


def test_baseline_rule_set_loads_and_every_rule_cites_a_source() -> None:
    rules = load_rule_file(BASELINE_RULES)
    assert rules.hotlines == ("1286", "1297")
    assert set(rules.schemes) == {1, 2, 3, 4}
    assert all(b.source.strip() for b in rules.benefits.values())
    assert {
        "outpatient",
        "hospitalisation",
        "maternity_care",
        "maternity_allowance",
        "funeral_allowance",
    } <= set(rules.benefits)


def _broken(mutate: Any) -> str:
    doc = baseline()
    mutate(doc)
    return json.dumps(doc)


BAD_FILES = {
    "not_json": ("{not json", "not valid JSON"),
    "json_array": ("[]", "must be a JSON object"),
    "unknown_format": (
        _broken(lambda d: d.update(format="nssf-desk-rules/9")),
        "Unknown rule file format",
    ),
    "missing_version": (_broken(lambda d: d.pop("version")), "missing 'version'"),
    "bad_effective_date": (_broken(lambda d: d.update(effective_from="soon")), "YYYY-MM-DD"),
    "hotline_not_digits": (
        _broken(lambda d: d["hotlines"].update(numbers=["call us"])),
        "digit strings",
    ),
    "rule_without_source": (
        _broken(lambda d: d["benefits"]["outpatient"].update(source=" ")),
        "cite its source",
    ),
    "benefit_in_unknown_scheme": (
        _broken(lambda d: d["benefits"]["outpatient"].update(schemes=[1, 8])),
        "schemes the file defines",
    ),
    "unknown_qualifying_kind": (
        _broken(lambda d: d["schemes"]["1"]["qualifying"].update(kind="vibes")),
        "not one of",
    ),
    "window_out_of_range": (
        _broken(lambda d: d["schemes"]["1"]["qualifying"].update(window_months=99)),
        "outside",
    ),
    "count_is_text": (
        _broken(lambda d: d["schemes"]["3"]["qualifying"].update(consecutive_months="2")),
        "wrong type",
    ),
    "boolean_is_not_a_count": (
        _broken(lambda d: d["schemes"]["3"]["qualifying"].update(consecutive_months=True)),
        "wrong type",
    ),
    "scheme_key_not_a_number": (
        _broken(lambda d: d["schemes"].update(private={})),
        "scheme code number",
    ),
    "benefit_kind_unknown": (
        _broken(lambda d: d["benefits"]["outpatient"].update(kind="spa")),
        "not one of",
    ),
    "requires_sex_invalid": (
        _broken(lambda d: d["benefits"]["maternity_care"].update(requires_sex=5)),
        "requires_sex",
    ),
    "entitlement_without_code": (
        _broken(lambda d: d["benefits"]["outpatient"].update(entitlements=[{"x": 1}])),
        "needs a 'code'",
    ),
    "entitlements_not_a_list": (
        _broken(lambda d: d["benefits"]["outpatient"].update(entitlements="all")),
        "must be a list",
    ),
    "contributions_not_object": (
        _broken(lambda d: d["benefits"]["maternity_allowance"].update(contributions=9)),
        "must be an object",
    ),
    "benefit_not_object": (
        _broken(lambda d: d["benefits"].update(outpatient=3)),
        "must be an object",
    ),
    "no_benefits": (_broken(lambda d: d.update(benefits={})), "defines no benefits"),
    "dependant_rule_without_source": (
        _broken(lambda d: d["schemes"]["4"]["dependant"].pop("source")),
        "missing 'source'",
    ),
    "hostile_size": ('{"format": "' + "x" * 2_000_000 + '"}', "limit"),
    "deeply_nested": ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_rule_file_is_refused_with_a_clear_message(name: str) -> None:
    text, message = BAD_FILES[name]
    with pytest.raises(RuleSetError, match=message):
        parse_rule_set(text)


def test_unreadable_rule_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="Cannot read"):
        load_rule_file(tmp_path / "missing.json")


def test_baseline_is_installed_on_first_use(desk_home: Path) -> None:
    engine = open_database(f"sqlite:///{desk_home / 'd.sqlite3'}")
    with engine.begin() as connection:
        assert active_rule_set(connection).version == "2026.1"
        assert connection.execute(select(func.count()).select_from(rule_sets)).scalar_one() == 1


def test_bad_rule_set_leaves_the_last_good_one_in_force(desk_home: Path) -> None:
    engine = open_database(f"sqlite:///{desk_home / 'd.sqlite3'}")
    newer = baseline()
    newer["version"] = "2027.1"
    newer["schemes"]["3"]["qualifying"]["abandon_after_unpaid_months"] = 12
    with engine.begin() as connection:
        active_rule_set(connection)
        install_rule_set(connection, json.dumps(newer), "synced")
    with pytest.raises(RuleSetError), engine.begin() as connection:
        install_rule_set(connection, '{"format": "nssf-desk-rules/1"}', "synced")
    with engine.begin() as connection:
        rules = active_rule_set(connection)
    assert rules.version == "2027.1"
    assert rules.schemes[3].qualifying.abandon_after_unpaid_months == 12


def test_same_version_with_different_content_is_refused(desk_home: Path) -> None:
    engine = open_database(f"sqlite:///{desk_home / 'd.sqlite3'}")
    tampered = baseline()
    tampered["hotlines"]["numbers"] = ["9999"]
    with engine.begin() as connection:
        active_rule_set(connection)
    with (
        pytest.raises(RuleSetError, match="already installed with different content"),
        engine.begin() as c,
    ):
        install_rule_set(c, json.dumps(tampered), "synced")
    with engine.begin() as connection:
        assert active_rule_set(connection).hotlines == ("1286", "1297")


def test_reinstalling_an_older_known_version_makes_it_active_again(desk_home: Path) -> None:
    engine = open_database(f"sqlite:///{desk_home / 'd.sqlite3'}")
    newer = baseline()
    newer["version"] = "2027.1"
    with engine.begin() as connection:
        active_rule_set(connection)
        install_rule_set(connection, json.dumps(newer), "synced")
        install_rule_set(connection, BASELINE_RULES.read_bytes(), "baseline")
        assert active_rule_set(connection).version == "2026.1"
