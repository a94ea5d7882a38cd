"""Snapshots made by the real writer from synthetic members, for the wire tests."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from hospital_desk.synthetic import generate, revocation_rows
from hospital_desk.wire.snapshot import Manifest, Part, write_snapshot

AS_OF = dt.date(2026, 12, 1)


def make_snapshot(
    directory: Path,
    key: ed25519.Ed25519PrivateKey,
    *,
    count: int = 3_000,
    seed: int = 9,
    sequence: int = 1,
    part_rows: int = 1_000,
) -> Manifest:
    people = list(generate(count, seed=seed, as_of=AS_OF))
    return write_snapshot(
        directory,
        (p.row for p in people),
        revocation_rows(people, AS_OF),
        sequence=sequence,
        as_of=AS_OF,
        key=key,
        part_rows=part_rows,
        level=3,
    )


def reader(directory: Path):
    def fetch(part: Part) -> bytes:
        return (directory / part.name).read_bytes()

    return fetch


def pin_list_key(home: Path, key: ed25519.Ed25519PrivateKey) -> None:
    """Make the desk in `home` trust lists signed by `key` (config.toml list_keys)."""
    (home / "list.pem").write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    (home / "config.toml").write_text('list_keys = ["list.pem"]\n')


def import_in_child(home: Path, folder: Path) -> subprocess.Popen[bytes]:
    """`hospital-desk members import FOLDER` in its own process (for the kill tests)."""
    env = {**os.environ, "HOSPITAL_DESK_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "hospital_desk", "members", "import", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
