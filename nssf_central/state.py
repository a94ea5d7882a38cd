"""The server's own state: a directory with its database, keys and snapshot files.

DIR/central.sqlite3        enrolment codes, device tokens (hashed), scan-log uploads
DIR/list-signing-key.pem   Ed25519 key that signs manifests (private: 0600)
DIR/list-signing-key.pub.pem
DIR/trust-list.json        the card trust list it hands out (signed by NSSF's root)
DIR/snapshots/<seq>/       manifest.json and immutable parts
DIR/config.json            the synthetic population: members, seed, as_of
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    select,
    update,
)

metadata = MetaData()
enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("used_at", String(32), nullable=True),
)
devices = Table(
    "devices",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("facility_id", String(40), nullable=False),
    Column("enrolled_at", String(32), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)
scan_uploads = Table(
    "scan_uploads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("facility_id", String(40), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("body", Text, nullable=False),
)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class CentralState:
    directory: Path
    engine: Engine

    @classmethod
    def open(cls, directory: Path) -> CentralState:
        directory.mkdir(parents=True, exist_ok=True)
        engine = create_engine(f"sqlite:///{directory / 'central.sqlite3'}")
        metadata.create_all(engine)
        return cls(directory, engine)

    # --- keys --------------------------------------------------------------------------
    @property
    def key_path(self) -> Path:
        return self.directory / "list-signing-key.pem"

    def signing_key(self) -> ed25519.Ed25519PrivateKey:
        if not self.key_path.exists():
            key = ed25519.Ed25519PrivateKey.generate()
            self.key_path.touch(mode=0o600)
            self.key_path.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            (self.directory / "list-signing-key.pub.pem").write_bytes(
                key.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                )
            )
        loaded = serialization.load_pem_private_key(self.key_path.read_bytes(), password=None)
        assert isinstance(loaded, ed25519.Ed25519PrivateKey)  # noqa: S101 - we wrote it
        return loaded

    # --- enrolment ---------------------------------------------------------------------
    def new_enrolment_code(self) -> str:
        code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
        with self.engine.begin() as connection:
            connection.execute(insert(enrolment_codes).values(code_hash=_hash(code)))
        return code

    def enrol(self, code: str, facility_id: str) -> str | None:
        """A device token for a one-time code, or None when the code is unknown or used."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as connection:
            used = connection.execute(
                update(enrolment_codes)
                .where(
                    enrolment_codes.c.code_hash == _hash(code), enrolment_codes.c.used_at.is_(None)
                )
                .values(used_at=_now())
            )
            if used.rowcount != 1:
                return None
            connection.execute(
                insert(devices).values(
                    token_hash=_hash(token),
                    facility_id=facility_id,
                    enrolled_at=_now(),
                    revoked=False,
                )
            )
        return token

    def facility_for(self, token: str) -> str | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(devices.c.facility_id, devices.c.revoked).where(
                    devices.c.token_hash == _hash(token)
                )
            ).first()
        return row.facility_id if row is not None and not row.revoked else None

    def revoke_device(self, facility_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(devices).where(devices.c.facility_id == facility_id).values(revoked=True)
            )

    def store_scan_log(self, facility_id: str, body: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                insert(scan_uploads).values(facility_id=facility_id, received_at=_now(), body=body)
            )

    # --- snapshots ---------------------------------------------------------------------
    @property
    def snapshots(self) -> Path:
        return self.directory / "snapshots"

    def latest_sequence(self) -> int | None:
        if not self.snapshots.exists():
            return None
        done = [
            int(p.name)
            for p in self.snapshots.iterdir()
            if p.name.isdigit() and (p / "manifest.json").exists()
        ]
        return max(done, default=None)

    def population(self) -> dict[str, object]:
        return dict(json.loads((self.directory / "config.json").read_text()))
