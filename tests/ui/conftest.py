"""Fixtures for the reception window: a 10,000-member desk that trusts the test root,
real card texts, and a check that no test leaves a thread or a task running."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hospital_desk.card.pki import DemoPki, configure_desk, make_demo_pki
from hospital_desk.card.trust import install_trust_list, read_roots
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.synthetic import load_synthetic
from hospital_desk.ui.main_window import MainWindow
from tests.card.cardlab import TODAY, CardLab, copy_template, make_lab
from tests.ui.helpers import assert_nothing_left_running, python_threads

MEMBERS = 10_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(scope="session")
def ui_pki() -> DemoPki:
    return make_demo_pki(TODAY - dt.timedelta(days=3))


@pytest.fixture(scope="session")
def ui_lab(ui_pki: DemoPki) -> CardLab:
    return make_lab(ui_pki)


@pytest.fixture(scope="session")
def ui_template(ui_pki: DemoPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("ui-template")
    configure_desk(home, ui_pki.root_pem)
    desk = Desk.open(load_settings(home))
    with desk.engine.begin() as connection:
        load_synthetic(connection, MEMBERS, seed=5, as_of=TODAY)
        install_trust_list(connection, ui_pki.trust_list, read_roots(desk.settings.trust_roots))
    desk.close()
    return home


@pytest.fixture(autouse=True)
def no_thread_left_running(qtbot: QtBot) -> Iterator[None]:
    """Every UI test fails if it leaves a Python thread or a task worker running. (Qt
    warnings fail it too: qt_log_level_fail in pyproject.toml, with a commented ignore
    list.)"""
    before = python_threads()
    yield
    assert_nothing_left_running(qtbot, before)


@pytest.fixture
def window(desk_home: Path, ui_template: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    copy_template(ui_template, desk_home)
    desk = Desk.open(load_settings(desk_home))
    before = {t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}
    win = MainWindow(desk, language="en", user="reception-1", today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.tasks.idle)
    yield win
    qtbot.waitUntil(win.tasks.idle)
    win.close()
    desk.close()
    after = {t for t in threading.enumerate() if not isinstance(t, threading._DummyThread)}
    assert not [t for t in after - before if t.is_alive()], "a test left a thread running"
    assert win.tasks.idle(), "a task was still running when the window closed"
