"""Scan to decision in the real reception window, with a national member list.

    benchmarks/run bench_ui [--members 4000000] [--scans 1000] [--keep DIR]

Builds a desk with N synthetic members and TEST card keys (or reuses --keep DIR), opens
the real MainWindow (offscreen), and for each of `--scans` cards of random members
types the QR digits as a USB scanner does, then times from the Enter key to the result
panel painted with the card's decision (the Paint event of the panel after its colour
changed). Decisions are checked: a listed member's card must come out green or amber.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from benchmarks.common import machine, percentile, print_table
from hospital_desk.card.issue import issue_qr_text
from hospital_desk.card.pki import KID_ES256, DemoPki, configure_desk, make_demo_pki
from hospital_desk.card.trust import install_trust_list, read_roots
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import get_member
from hospital_desk.synthetic import load_synthetic
from hospital_desk.ui.main_window import MainWindow
from hospital_desk.ui.result_panel import ResultPanel

TODAY = dt.date(2026, 12, 1)
SEED = 1


class PaintWatch(QObject):
    """Notes the time of the panel's first paint after `arm()`."""

    def __init__(self, panel: ResultPanel) -> None:
        super().__init__()
        self.panel = panel
        self.armed = False
        self.painted_at: float | None = None
        self.loop = QEventLoop()

    def arm(self) -> None:
        self.armed, self.painted_at = True, None

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self.armed and event.type() == QEvent.Type.Paint and self.panel.colour:
            self.painted_at = time.perf_counter()
            self.armed = False
            self.loop.quit()
        return False


def _build(home: Path, members: int) -> tuple[DemoPki, float]:
    pki = make_demo_pki(TODAY - dt.timedelta(days=3))
    configure_desk(home, pki.root_pem)
    settings = dataclasses.replace(
        load_settings(home), database_url=f"sqlite:///{home / 'desk.sqlite3'}"
    )
    start = time.perf_counter()
    desk = Desk.open(settings)
    with desk.engine.begin() as connection:
        load_synthetic(connection, members, seed=SEED, as_of=TODAY)
        install_trust_list(connection, pki.trust_list, read_roots(settings.trust_roots))
    desk.close()
    return pki, time.perf_counter() - start


def _key(app: QApplication, target: QObject, key: Qt.Key, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        app.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=4_000_000)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build the desk here once and reuse it")
    args = parser.parse_args()
    home = args.keep or Path(tempfile.mkdtemp(prefix="bench-ui-"))
    home.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    rows: list[tuple[str, str, str]] = []
    pki, built = _build(home, args.members)
    rows.append((f"build a {args.members:,}-member desk", f"{built:.0f} s", ""))
    rng = random.Random(7)
    issued = TODAY - dt.timedelta(days=10)
    desk = Desk.open(load_settings(home))
    cards = []
    with desk.engine.connect() as connection:  # the cards to scan, made before the window
        low, high = connection.execute(
            text("SELECT min(member_id), max(member_id) FROM members")
        ).one()
        for _ in range(args.scans):
            member_id = connection.execute(
                text(
                    "SELECT member_id FROM members WHERE member_id >= :x ORDER BY member_id LIMIT 1"
                ),
                {"x": rng.randint(low, high)},
            ).scalar_one()
            member = get_member(connection, member_id)
            assert member is not None
            cards.append(issue_qr_text(member, pki.issuers[KID_ES256], KID_ES256, issued))
    window = MainWindow(desk, language="km", user="bench", today=TODAY)
    window.show()
    watch = PaintWatch(window.panel)
    window.panel.banner.installEventFilter(watch)  # the coloured decision line
    limit = QTimer()  # one timer, restarted per scan (a stale single-shot would cut a wait)
    limit.setSingleShot(True)
    limit.timeout.connect(watch.loop.quit)
    samples: list[float] = []
    colours: dict[str, int] = {}
    for qr in cards:
        target = app.focusWidget() or window
        for digit in qr:
            _key(app, target, Qt.Key(Qt.Key.Key_0.value + int(digit)), digit)
        window.panel.colour = ""
        watch.arm()
        start = time.perf_counter()
        _key(app, target, Qt.Key.Key_Return, "\r")
        # Wait as the real application does: in Qt's event loop, not a Python busy loop
        # (which would hold the GIL against the database worker).
        limit.start(10_000)
        watch.loop.exec()
        limit.stop()
        if watch.painted_at is None:
            raise RuntimeError("no decision was painted within 10 s")
        samples.append((watch.painted_at - start) * 1000)
        while not window.tasks.idle():
            app.processEvents()
        colours[window.panel.colour] = colours.get(window.panel.colour, 0) + 1
    window.close()
    desk.close()
    bad = {c: n for c, n in colours.items() if c not in ("green", "amber")}
    assert not bad, f"listed members' cards must be green or amber, got {colours}"
    rows.append((f"scan to decision painted, p50 ({args.scans:,} scans)",
                 f"{percentile(samples, 50):.1f} ms", ""))  # fmt: skip
    rows.append(("scan to decision painted, p99", f"{percentile(samples, 99):.1f} ms", "< 100 ms"))
    rows.append(("slowest scan", f"{max(samples):.1f} ms", ""))
    rows.append(("results", ", ".join(f"{c} {n}" for c, n in sorted(colours.items())), ""))
    print_table(f"Reception window ({machine()}, {dt.date.today()})", rows)


if __name__ == "__main__":
    main()
