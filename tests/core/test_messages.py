"""One catalogue: every code the core can produce has a Khmer and an English message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hospital_desk.errors import ConfigError
from hospital_desk.messages import catalogue, load_catalogue, render
from hospital_desk.rules import BASELINE_RULES, load_rule_file

CORE = Path(__file__).resolve().parents[2] / "hospital_desk"


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in CORE.glob("*.py"):
        found |= set(
            re.findall(r'"((?:elig|warn|ent|outcome|benefit)\.[a-z_]+)"', path.read_text())
        )
    return found


def test_every_code_the_engine_and_rules_use_has_a_message() -> None:
    rules = load_rule_file(BASELINE_RULES)
    codes = _codes_in_source()
    for benefit in rules.benefits.values():
        codes |= {i.code for i in (*benefit.entitlements, *benefit.warnings)}
        codes.add(f"benefit.{benefit.name}")
    codes |= {f"outcome.{o}" for o in ("eligible", "not_eligible", "cannot_confirm")}
    codes |= {f"scheme.{s}" for s in rules.schemes}
    assert codes - set(catalogue()) == set()


def test_every_khmer_message_is_written_in_khmer() -> None:
    for code, text in catalogue().items():
        assert any("\u1780" <= c <= "\u17ff" for c in text.km), code
        assert text.km != text.en, code


def test_render_fills_parameters_with_khmer_digits_in_khmer() -> None:
    assert render("list_as_of", {"date": "2026-11-01"}, "km") == "បញ្ជីសមាជិក គិតត្រឹមថ្ងៃ ២០២៦-១១-០១"
    assert render("list_as_of", {"date": "2026-11-01"}, "en") == "Member list as of 2026-11-01"


def test_unknown_code_is_an_error_not_a_blank() -> None:
    with pytest.raises(ConfigError, match="No message"):
        render("elig.no_such_code", {}, "en")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.json": {"x": {"en": "A"}}}, "needs both"),
        ({"a.json": {"x": {"en": "{n} A", "km": "ក"}}}, "placeholders differ"),
        (
            {"a.json": {"x": {"en": "A", "km": "ក"}}, "b.json": {"x": {"en": "A", "km": "ក"}}},
            "defined twice",
        ),
        ({"a.json": "{broken"}, "not valid JSON"),
    ],
    ids=["missing_khmer", "placeholder_mismatch", "duplicate_code", "broken_file"],
)
def test_bad_message_files_are_refused(
    tmp_path: Path, files: dict[str, object], message: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(ConfigError, match=message):
        load_catalogue(tmp_path)
