"""The real reference server on loopback, and desks that trust its keys."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from hospital_desk.card.pki import DemoPki, configure_desk, make_demo_pki
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from nssf_central.cli import main as central_main
from nssf_central.state import CentralState

AS_OF = dt.date(2026, 12, 1)
MEMBERS = 3_000
SEED = 9


@dataclass
class Central:
    url: str
    directory: Path
    pki: DemoPki
    process: subprocess.Popen[bytes]

    def code(self) -> str:
        return CentralState.open(self.directory).new_enrolment_code()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(directory: Path, pki: DemoPki) -> Central:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nssf_central.cli", "serve", str(directory), "--port", str(port)],
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/v1/time", timeout=1).status_code == 200:
                return Central(url, directory, pki, process)
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the reference server did not start")


@pytest.fixture(scope="session")
def central_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoPki]:
    pki = make_demo_pki(AS_OF)
    directory = tmp_path_factory.mktemp("central")
    trust = directory.parent / "trust-list.json"
    trust.write_bytes(pki.trust_list)
    args = ["init", str(directory), "--members", str(MEMBERS), "--seed", str(SEED)]
    assert central_main([*args, "--as-of", AS_OF.isoformat(), "--trust-list", str(trust)]) == 0
    return directory, pki


@pytest.fixture
def central(central_template: tuple[Path, DemoPki], tmp_path: Path) -> Iterator[Central]:
    """A server of its own for each test (a copy of one initialised state)."""
    template, pki = central_template
    directory = tmp_path / "central"
    shutil.copytree(template, directory)
    server = start_server(directory, pki)
    yield server
    server.stop()


def trust_central(home: Path, central: Central) -> None:
    """Pin the test card root and the server's list-signing key for this desk."""
    configure_desk(home, central.pki.root_pem)
    shutil.copyfile(central.directory / "list-signing-key.pub.pem", home / "roots" / "list.pem")
    with (home / "config.toml").open("a", encoding="utf-8") as config:
        config.write('list_keys = ["roots/list.pem"]\n')


@pytest.fixture
def synced_desk(desk_home: Path, central: Central) -> Iterator[Desk]:
    trust_central(desk_home, central)
    desk = Desk.open(load_settings(desk_home))
    yield desk
    desk.close()
