"""A server directory as one object: for tests, scripts and the demo that hold a DIR.

    state = CentralState.open(DIR)
    state.new_enrolment_code(); state.revoke_device("FAC-0001"); state.latest_sequence()

It is a thin handle on the modules that do the work (config, auth, publish, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Engine, select

from nssf_central.auth import (
    Device,
    EnrolmentError,
    TokenError,
    device_for,
    enrol,
    new_enrolment_code,
    revoke,
)
from nssf_central.config import CentralConfig, load_config
from nssf_central.db import open_central
from nssf_central.keys import ensure_test_key, load_signing_key
from nssf_central.schema import snapshots


@dataclass
class CentralState:
    directory: Path
    config: CentralConfig
    engine: Engine

    @classmethod
    def open(cls, directory: Path) -> CentralState:
        config = load_config(directory)
        return cls(config.home, config, open_central(config.database_url))

    def close(self) -> None:
        self.engine.dispose()

    @property
    def key_path(self) -> Path:
        return self.config.signing_key

    @property
    def snapshots(self) -> Path:
        return self.config.snapshots_dir

    def signing_key(self) -> ed25519.Ed25519PrivateKey:
        ensure_test_key(self.config.signing_key, self.config.public_key)
        return load_signing_key(self.config.signing_key)

    def new_enrolment_code(self, facility_id: str | None = None) -> str:
        with self.engine.begin() as connection:
            return new_enrolment_code(connection, facility_id)

    def enrol(self, code: str, facility_id: str) -> str | None:
        """A device token for a one-time code, or None when the code is refused."""
        try:
            with self.engine.begin() as connection:
                return enrol(connection, code, facility_id)
        except EnrolmentError:
            return None

    def device(self, token: str) -> Device | None:
        try:
            with self.engine.connect() as connection:
                return device_for(connection, token)
        except TokenError:
            return None

    def revoke_device(self, facility_id: str) -> int:
        with self.engine.begin() as connection:
            return revoke(connection, facility_id=facility_id)

    def latest_sequence(self) -> int | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(snapshots.c.seq).order_by(snapshots.c.seq.desc())
            ).scalar()
