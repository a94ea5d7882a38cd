"""Enrol, sync and use the list, against the real reference server over loopback HTTP."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import text

from hospital_desk.card.issue import issue_qr_text
from hospital_desk.cli import main
from hospital_desk.desk import Desk
from hospital_desk.member_store import count_members, member_from_row
from hospital_desk.storage import get_state, set_state
from hospital_desk.sync.client import CentralClient, SyncError
from hospital_desk.sync.syncer import Syncer, enrol, load_device, status
from hospital_desk.synthetic import generate
from hospital_desk.wire.signing import WireError
from hospital_desk.wire.snapshot import SEQUENCE_KEY
from nssf_central.cli import main as central_main
from nssf_central.state import CentralState
from tests.sync.conftest import AS_OF, MEMBERS, SEED, Central


def _sync(desk: Desk, progress: list[tuple[int, int]] | None = None) -> int:
    device = load_device(desk.settings)
    client = CentralClient(device.server, device.token, backoff=0.01)
    try:
        report = Syncer(
            desk, client, (lambda d, t: progress.append((d, t))) if progress is not None else None
        ).run()
    finally:
        client.close()
    return report.loaded


def test_enrol_and_sync_load_the_list_and_the_trust_list(
    synced_desk: Desk, central: Central
) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    progress: list[tuple[int, int]] = []
    assert _sync(synced_desk, progress) == MEMBERS
    assert progress and progress[-1][0] == progress[-1][1]
    people = list(generate(MEMBERS, seed=SEED, as_of=AS_OF))
    for person in people[::300]:
        check = synced_desk.check(person.row[0], on=AS_OF)
        assert check.member is not None and check.member.name_khmer == person.row[3]
    member = member_from_row(people[0].row)
    card = issue_qr_text(member, central.pki.issuers[7], 7, AS_OF)
    assert synced_desk.scan(card, on=AS_OF).card.code == "valid"  # the synced trust list works
    state = status(synced_desk)
    assert state["sequence"] == 1 and state["last_error"] is None and state["server_time"]
    assert _sync(synced_desk) == 0  # already current: nothing downloaded


def test_enrolment_code_works_once(synced_desk: Desk, central: Central) -> None:
    code = central.code()
    enrol(synced_desk.settings, central.url, code, "FAC-0001")
    with pytest.raises(SyncError, match="already used"):
        enrol(synced_desk.settings, central.url, code, "FAC-0002")
    with pytest.raises(SyncError, match="403"):
        enrol(synced_desk.settings, central.url, "NOT-A-CODE", "FAC-0003")


def test_wrong_or_revoked_token_is_refused_with_a_clear_message(
    synced_desk: Desk, central: Central
) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0009")
    CentralState.open(central.directory).revoke_device("FAC-0009")
    with pytest.raises(SyncError, match="valid device token"):
        _sync(synced_desk)
    assert "valid device token" in str(status(synced_desk)["last_error"])


def test_server_down_is_a_clear_error_and_changes_nothing(
    synced_desk: Desk, central: Central
) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    central.stop()
    with pytest.raises(SyncError, match="cannot be reached"):
        _sync(synced_desk)
    with synced_desk.engine.connect() as connection:
        assert count_members(connection) == 0


def test_parts_serve_http_range_and_etag(central: Central) -> None:
    token = CentralClient(central.url).enrol(central.code(), "FAC-0001")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{central.url}/v1/snapshots/1/parts/members-0000.zst"
    whole = requests.get(url, headers=headers, timeout=10)
    part = requests.get(url, headers={**headers, "Range": "bytes=100-199"}, timeout=10)
    assert whole.status_code == 200 and whole.headers.get("etag")
    assert part.status_code == 206 and part.content == whole.content[100:200]


def test_interrupted_download_resumes_from_what_is_on_disk(
    synced_desk: Desk, central: Central
) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    folder = synced_desk.settings.home / "downloads" / "1"
    folder.mkdir(parents=True)
    source = central.directory / "snapshots" / "1" / "members-0000.zst"
    data = source.read_bytes()
    (folder / source.name).write_bytes(data[: len(data) // 2])  # the link dropped halfway
    assert _sync(synced_desk) == MEMBERS


def test_half_download_with_wrong_bytes_is_thrown_away_and_the_next_sync_completes(
    synced_desk: Desk, central: Central
) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    folder = synced_desk.settings.home / "downloads" / "1"
    folder.mkdir(parents=True)
    (folder / "members-0000.zst").write_bytes(b"\0" * 1000)
    with pytest.raises(WireError, match="damaged"):
        _sync(synced_desk)
    assert _sync(synced_desk) == MEMBERS


def test_tampered_part_on_the_server_is_never_applied(synced_desk: Desk, central: Central) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    part = central.directory / "snapshots" / "1" / "revocations-0000.zst"
    part.write_bytes(part.read_bytes()[:-3] + b"abc")
    with pytest.raises(WireError, match="damaged"):
        _sync(synced_desk)
    with synced_desk.engine.connect() as connection:
        assert count_members(connection) == 0
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


def test_server_offering_an_older_list_is_refused(synced_desk: Desk, central: Central) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    with synced_desk.engine.begin() as connection:
        set_state(connection, SEQUENCE_KEY, "7")
    with pytest.raises(SyncError, match="older"):
        _sync(synced_desk)


def test_manifest_signed_by_an_unknown_key_is_refused(synced_desk: Desk, central: Central) -> None:
    enrol(synced_desk.settings, central.url, central.code(), "FAC-0001")
    other = ed25519.Ed25519PrivateKey.generate().public_key()
    (synced_desk.settings.home / "roots" / "list.pem").write_bytes(
        other.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(WireError, match="unknown key"):
        _sync(synced_desk)


def test_usb_import_of_an_exported_snapshot_loads_the_list(
    synced_desk: Desk, central: Central, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "usb"
    assert central_main(["export", str(central.directory), str(stick)]) == 0
    synced_desk.close()
    broken = tmp_path / "broken"
    shutil.copytree(stick, broken)
    (broken / "members-0000.zst").unlink()  # a stick with a part missing
    assert main(["members", "import", str(broken)]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["members", "import", str(stick)]) == 0
    assert f"{MEMBERS:,} members imported" in capsys.readouterr().out
    assert main(["members", "import", str(stick)]) == 0  # twice: nothing newer, no error
    assert "is current" in capsys.readouterr().out


def test_cli_enrol_sync_status(
    synced_desk: Desk, central: Central, capsys: pytest.CaptureFixture[str]
) -> None:
    synced_desk.close()
    assert (
        main(["enrol", "--server", central.url, "--code", central.code(), "--facility", "F1"]) == 0
    )
    assert main(["sync", "--progress"]) == 0
    assert main(["status", "--json"]) == 0
    out = capsys.readouterr().out
    state = json.loads(out[out.index("{") :])
    assert state["sequence"] == 1 and state["list_as_of"] == AS_OF.isoformat()
    with synced_desk.engine.connect() as connection:
        assert get_state(connection, "last_sync_error") == ""
