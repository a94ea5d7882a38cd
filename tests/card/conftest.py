"""Fixtures for the card tests: one set of test keys per run, a fresh desk per test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from hospital_desk.card.pki import DemoPki, make_demo_pki
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from tests.card.cardlab import TODAY, CardLab, build_template, copy_template, make_lab


@pytest.fixture(scope="session")
def pki() -> DemoPki:
    return make_demo_pki(TODAY - dt.timedelta(days=3))


@pytest.fixture(scope="session")
def lab(pki: DemoPki) -> CardLab:
    return make_lab(pki)


@pytest.fixture(scope="session")
def template(pki: DemoPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("card-template"), pki)


@pytest.fixture
def card_desk(desk_home: Path, template: Path) -> Iterator[Desk]:
    """A desk with 2,000 listed members that trusts the test root (its own copy)."""
    copy_template(template, desk_home)
    desk = Desk.open(load_settings(desk_home))
    yield desk
    desk.close()
