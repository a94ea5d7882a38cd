"""The real central reference server on loopback, for any test that talks HTTP to it.

Fixture `central_server`: a fresh server per test (its own directory, SQLite database,
TEST list-signing key `list_key_pem`, TEST card keys and trust list `pki`), 2,000
synthetic members (seed 7, as of CENTRAL_AS_OF), the signed rules and tariff and the
first snapshot (sequence 1), served by uvicorn on a free loopback
port in a thread of the test process. The heavy part (generating the list and the
snapshot) is done once per session and copied.

    def test_x(central_server: CentralServer) -> None:
        token = central_server.token("F0001")
        requests.get(central_server.url + "/v1/time", timeout=5)
        central_server.simulate_days(1)          # publishes change batch 2
        central_server.stop(); central_server.start()   # "server down", same port

A desk that trusts it: `trust_central_server(desk_home, central_server)` (card root and
list-signing key in the desk's config.toml). Registered for the whole suite by
tests/conftest.py (pytest_plugins).
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine

from hospital_desk.card.pki import DemoPki, configure_desk, make_demo_pki
from nssf_central.app import create_app
from nssf_central.auth import enrol, new_enrolment_code
from nssf_central.claims import review_claims
from nssf_central.config import CentralConfig, load_config, write_config
from nssf_central.db import open_central
from nssf_central.operations import init, simulate_days
from nssf_central.publish import SnapshotInfo, build_snapshot
from nssf_central.simulate import DayChanges

CENTRAL_AS_OF = dt.date(2026, 11, 2)
CENTRAL_MEMBERS = 2_000
CENTRAL_SEED = 7


class CentralServer:
    """A running reference server and handles on its database and files."""

    def __init__(self, home: Path, pki: DemoPki) -> None:
        self.home = home
        self.pki = pki
        self.config: CentralConfig = load_config(home)
        self.engine: Engine = open_central(self.config.database_url)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        config = uvicorn.Config(
            create_app(self.config),
            lifespan="off",
            log_level="warning",
            access_log=False,
            server_header=False,
            http="h11",
            ws="none",
        )
        self._server = uvicorn.Server(config)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the central server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving (connections are refused) until `start` again."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
            app_central = self._server.config.app.state.central  # type: ignore[union-attr]
            app_central.engine.dispose()
        self._server = self._thread = None

    def close(self) -> None:
        self.stop()
        self._socket.close()
        self.engine.dispose()

    # --- what NSSF's operators would do with the CLI ------------------------------------

    @property
    def list_key_pem(self) -> bytes:
        """The public key desks pin (config.toml list_keys) to verify what this server signs."""
        return self.config.public_key.read_bytes()

    def enrolment_code(self, facility_id: str | None = None) -> str:
        with self.engine.begin() as connection:
            return new_enrolment_code(connection, facility_id)

    def token(self, facility_id: str = "F0001") -> str:
        """A device token for `facility_id`, enrolled directly in the database."""
        with self.engine.begin() as connection:
            code = new_enrolment_code(connection, facility_id)
            return enrol(connection, code, facility_id)

    def simulate_days(self, days: int = 1) -> list[DayChanges]:
        return simulate_days(self.engine, self.config, days)

    def build_snapshot(self) -> SnapshotInfo:
        return build_snapshot(self.engine, self.config)

    def review_claims(self, on: dt.date = CENTRAL_AS_OF) -> dict[str, int]:
        with self.engine.begin() as connection:
            return review_claims(connection, on)


def trust_central_server(desk_home: Path, server: CentralServer) -> None:
    """Make the desk in `desk_home` trust this server: its TEST card root (trust_roots)
    and its list-signing key (list_keys), as an enrolled facility's config would."""
    configure_desk(desk_home, server.pki.root_pem)
    (desk_home / "roots" / "central-list.pem").write_bytes(server.list_key_pem)
    with (desk_home / "config.toml").open("a", encoding="utf-8") as config:
        config.write('list_keys = ["roots/central-list.pem"]\n')


def _build_template(directory: Path, pki: DemoPki) -> Path:
    home = directory / "central-home"
    home.mkdir()
    (home / "trust-list.json").write_bytes(pki.trust_list)
    (home / "root-public.pem").write_bytes(pki.root_pem)
    write_config(home, keep_change_batches=5)
    config = load_config(home)
    engine = open_central(config.database_url)
    init(engine, config, CENTRAL_MEMBERS, CENTRAL_SEED, CENTRAL_AS_OF)
    engine.dispose()
    return home


@pytest.fixture(scope="session")
def central_pki() -> DemoPki:
    """TEST card keys and trust list the central server serves (root: .root_pem)."""
    return make_demo_pki(CENTRAL_AS_OF - dt.timedelta(days=3))


@pytest.fixture(scope="session")
def central_server_template(tmp_path_factory: pytest.TempPathFactory, central_pki: DemoPki) -> Path:
    return _build_template(tmp_path_factory.mktemp("central-template"), central_pki)


@pytest.fixture
def central_server(
    tmp_path: Path, central_server_template: Path, central_pki: DemoPki
) -> Iterator[CentralServer]:
    """A fresh reference server on a free loopback port (see the module docstring)."""
    home = tmp_path / "central-home"
    shutil.copytree(central_server_template, home)
    server = CentralServer(home, central_pki)
    server.start()
    yield server
    server.close()
