"""The `hospital-desk-central` command: init, enrolment codes, revocation, errors as one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from hospital_desk.schema import members
from nssf_central.auth import enrol
from nssf_central.config import load_config
from nssf_central.db import open_central


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NSSF_CENTRAL_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "nssf_central.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_init_enrolment_code_and_revoke_device_work_from_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "central"
    done = _run(
        home, "init", "--members", "500", "--seed", "3", "--as-of", "2026-11-02", "--no-snapshot"
    )
    assert done.returncode == 0, done.stderr
    assert "initialised 500 members" in done.stdout
    assert (home / "list-signing-key.pem").stat().st_mode & 0o077 == 0
    again = _run(home, "init", "--members", "500", "--no-snapshot")
    assert again.returncode == 2
    assert again.stderr.startswith("hospital-desk-central: ") and "Traceback" not in again.stderr

    code = _run(home, "enrolment-code", "--facility", "KH-0101").stdout.strip()
    engine = open_central(load_config(home).database_url)
    with engine.begin() as connection:
        assert connection.execute(select(func.count()).select_from(members)).scalar_one() == 500
        enrol(connection, code, "KH-0101")
    engine.dispose()
    revoked = _run(home, "revoke-device", "--facility", "KH-0101")
    assert revoked.returncode == 0
    assert "revoked 1 device token(s)" in revoked.stdout


def test_bad_arguments_and_a_bad_config_are_one_line_errors(tmp_path: Path) -> None:
    home = tmp_path / "central"
    assert _run(home, "init", "--members", "0").returncode == 2
    assert _run(home, "init", "--members", "4000001").returncode == 2
    assert _run(home, "simulate-day").stderr.startswith("hospital-desk-central: run")
    home.mkdir(exist_ok=True)
    (home / "central.toml").write_text("keep_change_batches = 'many'\n")
    bad = _run(home, "build-snapshot")
    assert bad.returncode == 2
    assert "keep_change_batches" in bad.stderr and "Traceback" not in bad.stderr


def test_a_day_a_snapshot_a_review_and_a_usb_export_from_the_command_line(
    tmp_path: Path, central_server_template: Path
) -> None:
    home = tmp_path / "central"
    shutil.copytree(central_server_template, home)
    days = _run(home, "simulate-day", str(home), "--days", "2")
    assert days.returncode == 0, days.stderr
    assert "day 2 (2026-11-04): change batch 3" in days.stdout
    built = _run(home, "build-snapshot", str(home))
    assert built.returncode == 0 and built.stdout.startswith("snapshot 3: ")
    assert "bytes a member" in built.stdout
    assert _run(home, "review-claims", str(home)).stdout.strip() == "0 accepted, 0 rejected, 0 paid"
    stick = tmp_path / "usb"
    done = _run(home, "export", str(home), str(stick))
    assert done.returncode == 0, done.stderr
    assert "snapshot 3 and changes up to 3" in done.stdout
    assert (stick / "manifest.json").exists() and (stick / "index.json").exists()
