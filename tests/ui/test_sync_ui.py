"""The window syncs with the real reference server in the background (F9)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from hospital_desk.card.issue import issue_qr_text
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import member_from_row
from hospital_desk.sync.syncer import enrol
from hospital_desk.synthetic import generate
from hospital_desk.ui.main_window import MainWindow
from tests.sync.conftest import AS_OF, SEED, Central, central, central_template, trust_central  # noqa: F401
from tests.ui.helpers import wedge_scan


def test_sync_from_the_window_loads_the_list_shows_progress_and_then_scans_work(
    qtbot: QtBot,
    desk_home: Path,
    central: Central,  # noqa: F811 - the fixture, imported
) -> None:
    trust_central(desk_home, central)
    desk = Desk.open(load_settings(desk_home))
    enrol(desk.settings, central.url, central.code(), "FAC-0001")
    window = MainWindow(desk, language="en", user="reception-1", today=AS_OF)
    qtbot.addWidget(window)
    progress: list[tuple[int, int]] = []
    window.sig_sync_progress.connect(lambda done, total: progress.append((done, total)))
    qtbot.waitUntil(window.tasks.idle)
    assert "none loaded" in window.status_list.text()
    window.sync_now()
    assert window.status_sync.text() == "Syncing..."
    qtbot.waitUntil(lambda: not window.syncing and window.tasks.idle(), timeout=60_000)
    assert "as of 2026-12-01" in window.status_list.text()
    assert window.status_sync.text().startswith("Last sync: ")
    assert progress and progress[-1][0] == progress[-1][1]
    member = member_from_row(next(iter(generate(1, seed=SEED, as_of=AS_OF))).row)
    wedge_scan(qtbot, window, issue_qr_text(member, central.pki.issuers[8], 8, AS_OF))
    assert window.panel.colour == "green"
    window.close()
    desk.close()


def test_sync_failure_is_shown_in_the_status_bar(qtbot: QtBot, desk_home: Path) -> None:
    desk = Desk.open(load_settings(desk_home))
    window = MainWindow(desk, language="en", user="reception-1", today=AS_OF)
    qtbot.addWidget(window)
    window.sync_now()
    qtbot.waitUntil(lambda: not window.syncing and window.tasks.idle())
    assert "not enrolled" in window.status_sync.text()
    window.close()
    desk.close()


def test_status_bar_says_online_then_offline_when_the_server_goes_away(
    qtbot: QtBot,
    desk_home: Path,
    central: Central,  # noqa: F811 - the fixture, imported
) -> None:
    trust_central(desk_home, central)
    desk = Desk.open(load_settings(desk_home))
    window = MainWindow(desk, language="en", user="reception-1", today=AS_OF)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.online == "not_enrolled")
    assert window.status_online.text() == "Not enrolled with NSSF"
    enrol(desk.settings, central.url, central.code(), "FAC-0001")
    window.check_online()
    qtbot.waitUntil(lambda: window.online == "online")
    assert window.status_online.text() == "Online"
    central.stop()
    window.check_online()
    qtbot.waitUntil(lambda: window.online == "offline", timeout=20_000)
    assert window.status_online.text().startswith("Offline")
    window.set_language("km")
    assert window.status_online.text().startswith("គ្មានការតភ្ជាប់")
    window.close()
    desk.close()
