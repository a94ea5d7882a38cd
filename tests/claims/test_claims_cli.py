"""`hospital-desk claims ...`: each command, against the real reference server where it
talks to NSSF; errors are one line, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim

from hospital_desk.claims.codec import input_json
from hospital_desk.claims.store import ClaimBook
from hospital_desk.cli import main
from hospital_desk.desk import Desk
from hospital_desk.sync.syncer import Device, save_device
from tests.claims.claimlab import TODAY, crowd, hospital, load_people, queue_claims
from tests.serverfixture import CentralServer, trust_central_server


@pytest.fixture
def queued(desk_home: Path) -> list[str]:
    desk = Desk.open()
    load_people(desk, crowd(6))
    ids = queue_claims(ClaimBook(desk, "billing1", today=lambda: TODAY), crowd(6))
    desk.close()
    return ids


def test_submit_counts_and_list_through_the_cli(
    queued: list[str],
    desk_home: Path,
    central_server: CentralServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Desk.open()
    save_device(
        settings.settings, Device(central_server.url, central_server.token("F0001"), "F0001")
    )
    settings.close()
    assert main(["claims", "counts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["queued"] == 6
    assert main(["claims", "submit", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["submit"]["submitted"] == 6 and report["pull"]["applied"] == 0
    central_server.review_claims()
    assert main(["claims", "pull"]) == 0
    assert "6 decisions applied" in capsys.readouterr().out
    assert main(["claims", "list", "--state", "rejected", "--json"]) == 0
    rejected = json.loads(capsys.readouterr().out)
    assert [r["reasons"] for r in rejected] == [["claim.caesarean_no_indication"]]
    assert main(["claims", "list", "--month", TODAY.strftime("%Y-%m")]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 6
    assert main(["claims", "counts"]) == 0
    assert "បានទទួលយក / accepted" in capsys.readouterr().out
    trust_central_server(desk_home, central_server)
    assert main(["claims", "tariff"]) == 0
    assert "tariff 2026.1 installed" in capsys.readouterr().out


def test_submit_when_not_enrolled_is_one_line(
    queued: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "submit"]) == 1
    err = capsys.readouterr().err
    assert "not enrolled" in err and "Traceback" not in err


def test_submit_with_the_server_down_says_they_will_be_sent_later(
    queued: list[str],
    desk_home: Path,
    central_server: CentralServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    desk = Desk.open()
    save_device(desk.settings, Device(central_server.url, central_server.token("F0001"), "F0001"))
    desk.close()
    central_server.stop()
    assert main(["claims", "submit"]) == 1
    assert "will be sent next time" in capsys.readouterr().err


def test_icd10_search(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "icd10", "dengue", "--limit", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith("A9") for line in lines)


def test_new_claim_from_json_is_checked_queued_and_shown(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk.open()
    load_people(desk)
    book = ClaimBook(desk, "billing1")
    # The CLI checks against the real date: a delay reason keeps the deadline a warning.
    claim = hospital(book, delay_reason="waited for the invoice")
    desk.close()
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(input_json(claim)), encoding="utf-8")
    assert main(["claims", "new", str(path), "--queue", "--by", "billing2"]) == 0
    claim_id, state = capsys.readouterr().out.split()[:2]
    assert state == "queued"
    assert main(["claims", "show", claim_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "queued" and shown["history"][0]["actor"] == "billing2"
    assert main(["claims", "show", claim_id]) == 0
    assert "billing2: ready -> ready" in capsys.readouterr().out


def test_new_claim_with_errors_stays_draft_with_messages_in_both_languages(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = Desk.open()
    load_people(desk)
    claim = hospital(ClaimBook(desk, "billing1"), lines=(), details={"principal_diagnosis": "J18"})
    desk.close()
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(input_json(claim)), encoding="utf-8")
    assert main(["claims", "new", str(path)]) == 2
    out = capsys.readouterr().out
    assert " draft " in out and "a more specific code" in out and "សូមជ្រើសកូដលម្អិត" in out


@pytest.mark.parametrize(
    "content", [b"", b"{", b"\xff\xfe", b"[" * 50_000, b'{"benefit": "dental"}', b" " * 300_000]
)
def test_new_claim_from_a_bad_file_is_one_line(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "claim.json"
    path.write_bytes(content)
    assert main(["claims", "new", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hospital-desk: ") and "Traceback" not in err
    assert main(["claims", "new", str(tmp_path / "missing.json")]) == 2


def test_show_an_unknown_claim_is_one_line(
    desk_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "show", "nope"]) == 2
    assert "no claim" in capsys.readouterr().err


def test_fhir_export_of_a_claim_and_a_month(
    queued: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["claims", "fhir", queued[1], "--facility", "F0001"]) == 0
    claim = FhirClaim.model_validate_json(capsys.readouterr().out)
    assert claim.id == queued[1] and claim.provider.identifier.value == "F0001"
    assert main(["claims", "fhir", "--month", TODAY.strftime("%Y-%m")]) == 0
    bundle = Bundle.model_validate_json(capsys.readouterr().out)
    assert len(bundle.entry) == len(queued)
    for bad in (["claims", "fhir"], ["claims", "fhir", "x", "--month", "2026-11"],
                ["claims", "fhir", "--month", "2026-13"]):  # fmt: skip
        assert main(bad) == 2
