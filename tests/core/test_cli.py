"""`hospital-desk check` answers for a generated member in every state, in Khmer and English."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from hospital_desk.cli import main
from hospital_desk.desk import EXAMPLE_STATES

TODAY = dt.date.today()


@pytest.fixture
def demo_list(desk_home: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["members", "load-synthetic", "20000", "--seed", "1"]) == 0
    assert main(["members", "examples", "--json"]) == 0
    out = capsys.readouterr().out
    return dict(json.loads(out[out.index("{") :]))


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["check", *args, "--json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_examples_cover_every_documented_state(demo_list: dict[str, str]) -> None:
    assert set(demo_list) == {*EXAMPLE_STATES, "unknown"}


@pytest.mark.parametrize(
    ("state", "decision", "first_reason"),
    [
        ("active", "eligible", "elig.covered"),
        ("warning_window", "eligible", "elig.covered"),
        ("abandoned", "not_eligible", "elig.voluntary_abandoned"),
        ("dependant_of_abandoned", "not_eligible", "elig.principal_not_covered"),
        ("deceased", "not_eligible", "elig.deceased"),
        ("unknown", "cannot_confirm", "elig.member_not_in_list"),
    ],
)
def test_check_json_answers_for_each_state_with_both_languages(
    demo_list: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    state: str,
    decision: str,
    first_reason: str,
) -> None:
    doc = run_json(capsys, demo_list[state], "--benefit", "outpatient")
    answer = doc["decisions"][0]  # type: ignore[index]
    assert answer["decision"] == decision
    assert answer["reasons"][0]["code"] == first_reason
    assert answer["reasons"][0]["en"] and any(
        "\u1780" <= c <= "\u17ff" for c in answer["reasons"][0]["km"]
    )
    assert doc["list_as_of"] == TODAY.isoformat()
    if decision == "eligible":
        assert answer["entitlements"] and not answer["hotlines"]
    else:
        assert answer["hotlines"] == ["1286", "1297"]
    if state == "warning_window":
        assert answer["warnings"][0]["code"] == "warn.voluntary_arrears"
        assert "abandon_on" in answer["warnings"][0]["params"]


def test_check_on_a_stale_list_says_eligible_as_of_the_list_date(
    demo_list: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    later = (TODAY + dt.timedelta(days=10)).isoformat()
    doc = run_json(capsys, demo_list["active"], "--benefit", "outpatient", "--on", later)
    answer = doc["decisions"][0]  # type: ignore[index]
    assert answer["eligible_as_of_only"] is True
    assert answer["headline"]["en"] == f"Eligible as of {TODAY.isoformat()}"
    assert "warn.list_stale" in [w["code"] for w in answer["warnings"]]


def test_check_text_prints_khmer_and_english(
    demo_list: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", demo_list["abandoned"], "--benefit", "outpatient"]) == 0
    out = capsys.readouterr().out
    assert "voluntary abandonment" in out and "ការបោះបង់ដោយស្ម័គ្រចិត្ត" in out
    assert "១២៨៦" in out and "1286" in out


def test_check_all_benefits_lists_each_one(
    demo_list: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    doc = run_json(capsys, demo_list["active"])
    assert len(doc["decisions"]) == 9  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "12-34"], "14 digits"),
        (["check", "1" * 500], "far too long"),
        (["check", "12345678901234", "--benefit", "gold"], "Unknown benefit"),
        (["members", "load-synthetic", "-5"], "between 0 and"),
    ],
    ids=["short_number", "hostile_number", "unknown_benefit", "negative_count"],
)
def test_bad_cli_input_exits_2_with_a_message(
    desk_home: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_bad_date_is_refused_by_the_parser(
    desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "12345678901234", "--on", "yesterday"])
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_rules_install_refuses_a_bad_file_and_keeps_the_rules(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rules.json"
    bad.write_text('{"format": "something-else"}')
    assert main(["rules", "install", str(bad)]) == 1
    assert "Unknown rule file format" in capsys.readouterr().err
    assert main(["rules", "show"]) == 0
    assert "Rule set 2026.1" in capsys.readouterr().out


def test_python_dash_m_and_console_script_run_the_same_cli(desk_home: Path) -> None:
    for command in (
        [sys.executable, "-m", "hospital_desk"],
        [str(Path(sys.executable).parent / "hospital-desk")],
    ):
        done = subprocess.run(
            [*command, "check", "99999999999999", "--json"],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["in_list"] is False


def test_demo_fills_an_empty_list_and_prints_checks(
    desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--members", "3000"]) == 0
    out = capsys.readouterr().out
    assert "=== active" in out and "Eligible" in out
