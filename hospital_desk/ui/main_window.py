"""The reception desk window: scan or search, see the answer, queue the person.

Everything slow (database, files, decoding) goes through the TaskManager; the window
only paints results. Keyboard first: F2 search, F3 register a visit, F5 call next,
F6 done, F7 webcam, F8 start a claim for the visit,
Ctrl+B billing, Ctrl+O open a card image, Ctrl+P print the benefits slip, Ctrl+S save
it as PDF, Ctrl+L language, F9 sync, Ctrl+Q quit.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hospital_desk import visits
from hospital_desk.card.decode import decode_image
from hospital_desk.desk import Desk, MemberCheck, ScanOutcome, check_json
from hospital_desk.errors import DeskError, MemberNumberError
from hospital_desk.members import Member, format_member_number
from hospital_desk.messages import khmer_digits
from hospital_desk.storage import get_state, list_as_of
from hospital_desk.sync.client import CentralClient
from hospital_desk.sync.syncer import Syncer, SyncReport, device_path, load_device
from hospital_desk.ui.billing import BillingWindow
from hospital_desk.ui.camera import CameraDialog, FrameScanner
from hospital_desk.ui.i18n import Language, khmer_font, tr
from hospital_desk.ui.result_panel import ResultPanel, _scheme
from hospital_desk.ui.slip import print_slip, write_slip
from hospital_desk.ui.tasks import TaskManager
from hospital_desk.ui.wedge import ScanCatcher

SEARCH_DELAY_MS = 150
ONLINE_CHECK_MS = 60_000  # how often the status bar asks whether NSSF can be reached


class MainWindow(QMainWindow):
    sig_sync_progress = Signal(int, int)
    """(bytes done, bytes in all) of a running sync; emitted from the sync's thread."""

    def __init__(
        self,
        desk: Desk,
        language: str = "km",
        user: str | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.user = user or getpass.getuser()
        self.today = today  # None: the real date (tests and the demo pin it)
        self.tasks = TaskManager(self)
        self.frame_scanner = FrameScanner(self.tasks, self)
        self.frame_scanner.sig_found.connect(self.scan_text)
        self.language = Language()
        self.current: ScanOutcome | MemberCheck | None = None
        self.billing: BillingWindow | None = None
        self._build()
        self.catcher = ScanCatcher(self)
        self.catcher.sig_scanned.connect(self.scan_text)
        QApplication.instance().installEventFilter(self.catcher)  # type: ignore[union-attr]
        self.setAcceptDrops(True)
        self.sig_sync_progress.connect(self.set_sync_progress)
        self.syncing = False
        self.sync_error: str | None = None
        self.online = "unknown"  # "online", "offline", "not_enrolled" once asked
        self._online_timer = QTimer(self)
        self._online_timer.setInterval(ONLINE_CHECK_MS)
        self._online_timer.timeout.connect(self.check_online)
        self.set_language(language)
        self.refresh_status()
        self.refresh_queue()
        self.check_online()
        self._online_timer.start()

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.setFont(khmer_font(11))
        self._build_panes()
        self._build_status()
        self._build_actions()
        self.resize(1280, 760)

    def _build_panes(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.panel = ResultPanel()
        self.queue_title = QLabel()
        self.queue_list = QListWidget()
        self.queue_list.setObjectName("queue")
        self.register_button = QPushButton()
        self.call_button = QPushButton()
        self.done_button = QPushButton()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.search_label = QLabel()
        left_layout.addWidget(self.search_label)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.results, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.queue_title)
        right_layout.addWidget(self.queue_list, 1)
        buttons = QHBoxLayout()
        for button in (self.register_button, self.call_button, self.done_button):
            buttons.addWidget(button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.addWidget(right)
        splitter.setSizes([300, 620, 300])
        self.setCentralWidget(splitter)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.results.itemActivated.connect(self._open_result)
        self.results.itemClicked.connect(self._open_result)
        self.register_button.clicked.connect(self.register_visit)
        self.call_button.clicked.connect(self.call_next)
        self.done_button.clicked.connect(self.finish_called)

    def _build_status(self) -> None:
        self.status_list = QLabel()
        self.status_sync = QLabel()
        self.status_progress = QProgressBar()
        self.status_progress.setMaximumWidth(160)
        self.status_progress.hide()
        self.status_user = QLabel()
        self.status_online = QLabel()
        self.status_online.setObjectName("onlineState")
        bar = self.statusBar()
        bar.addWidget(self.status_list)
        bar.addWidget(self.status_sync)
        bar.addWidget(self.status_progress)
        bar.addPermanentWidget(self.status_online)
        bar.addPermanentWidget(self.status_user)

    def _build_actions(self) -> None:
        self._actions: dict[str, QAction] = {}
        for key, shortcut, slot in (
            ("open", "Ctrl+O", self.open_image),
            ("camera", "F7", self.open_camera),
            ("slip", "Ctrl+S", self.save_slip),
            ("print", "Ctrl+P", lambda: self.print_slip()),  # noqa: PLW0108 - not triggered(checked)
            ("language", "Ctrl+L", self.toggle_language),
            ("quit", "Ctrl+Q", self.close),
            ("search", "F2", self.focus_search),
            ("register", "F3", self.register_visit),
            ("call", "F5", self.call_next),
            ("done", "F6", self.finish_called),
            ("sync", "F9", self.sync_now),
            ("billing", "Ctrl+B", lambda: self.open_billing()),  # noqa: PLW0108 - not (checked)
            ("claim", "F8", lambda: self.claim_for_visit()),  # noqa: PLW0108 - not (checked)
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            self._actions[key] = action
        self.menu_desk = self.menuBar().addMenu("")
        self.menu_queue = self.menuBar().addMenu("")
        self.menu_claims = self.menuBar().addMenu("")
        self.menu_view = self.menuBar().addMenu("")
        for key in ("search", "open", "camera", "print", "slip", "sync", "quit"):
            self.menu_desk.addAction(self._actions[key])
        for key in ("register", "call", "done"):
            self.menu_queue.addAction(self._actions[key])
        for key in ("billing", "claim"):
            self.menu_claims.addAction(self._actions[key])
        self.menu_view.addAction(self._actions["language"])

    def retranslate(self) -> None:
        self.setWindowTitle(tr("NSSF Hospital Desk: reception"))
        if hasattr(self, "online"):
            self._show_online()
        self.search_label.setText(tr("Search by NSSF number or name (Khmer or Latin)"))
        self.search.setPlaceholderText(tr("NSSF number or name"))
        self.queue_title.setText(tr("Queue: first come, first served"))
        self.register_button.setText(tr("Register visit (F3)"))
        self.call_button.setText(tr("Call next (F5)"))
        self.done_button.setText(tr("Done (F6)"))
        self.menu_desk.setTitle(tr("&Desk"))
        self.menu_queue.setTitle(tr("&Queue"))
        self.menu_claims.setTitle(tr("&Claims"))
        self.menu_view.setTitle(tr("&View"))
        names = {
            "open": tr("Open card image..."),
            "camera": tr("Scan with the camera..."),
            "slip": tr("Save benefits slip (PDF)..."),
            "print": tr("Print benefits slip..."),
            "language": tr("English / Khmer"),
            "quit": tr("Quit"),
            "search": tr("Search"),
            "register": tr("Register visit"),
            "call": tr("Call next"),
            "done": tr("Done"),
            "sync": tr("Sync with NSSF now"),
            "billing": tr("Claims and billing"),
            "claim": tr("Start a claim for this visit"),
        }
        for key, action in self._actions.items():
            action.setText(names[key])
        self.status_user.setText(tr("User: %1").replace("%1", self.user))
        self.panel.retranslate(self.language.code)
        self.refresh_status()
        self.refresh_queue()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- language -------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        self.language.set(code)
        self.retranslate()  # LanguageChange also arrives, later; painting now is cheaper

    def toggle_language(self) -> None:
        self.set_language("en" if self.language.code == "km" else "km")

    # --- scanning and lookup --------------------------------------------------------------
    def _day(self) -> dt.date:
        return self.today or dt.date.today()

    def scan_text(self, text: str) -> None:
        day = self._day()
        self.tasks.run_db(
            lambda: self.desk.scan(text, on=day), self.show_outcome, self.show_failure
        )

    def show_outcome(self, outcome: ScanOutcome) -> None:
        self.current = outcome
        self.panel.show_scan(outcome)

    def show_check(self, check: MemberCheck) -> None:
        self.current = check
        self.panel.show_check(check)

    def show_failure(self, error: BaseException) -> None:
        message = error.message if isinstance(error, DeskError) else tr("Something went wrong.")
        self.panel.show_error(message)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            self.results.clear()
            return
        day = self._day()

        def work() -> tuple[str, Any]:
            try:
                return "check", self.desk.check_number(text, on=day)
            except MemberNumberError:
                return "list", self.desk.search(text, limit=30)

        self.tasks.run_db(work, self._show_search, self.show_failure)

    def _show_search(self, found: tuple[str, Any]) -> None:
        kind, value = found
        self.results.clear()
        if kind == "check":
            self.show_check(value)
            return
        for member in value:
            self.results.addItem(self._result_item(member))
        if not value:
            self.results.addItem(QListWidgetItem(tr("Nobody found")))

    def _result_item(self, member: Member) -> QListWidgetItem:
        ymd = member.birth_ymd
        born = f"{ymd // 10000:04d}-{ymd // 100 % 100:02d}-{ymd % 100:02d}".replace("-00", "")
        if self.language.code == "km":
            born = khmer_digits(born)
        label = f"{member.name_khmer} / {member.name_latin}\n{born} · {_scheme(member.scheme)}"
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, int(member.member_id))
        return item

    def _open_result(self, item: QListWidgetItem) -> None:
        member_id = item.data(Qt.ItemDataRole.UserRole)
        if member_id is None:
            return
        day = self._day()
        self.tasks.run_db(
            lambda: self.desk.check(member_id, on=day), self.show_check, self.show_failure
        )

    # --- card images ----------------------------------------------------------------------
    def open_image(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Open card image"), "", tr("Images (*.png *.jpg *.jpeg *.bmp)")
        )
        if path:
            self.scan_image(Path(path))

    def open_camera(self) -> CameraDialog:
        """The webcam dialog (F7); a card it reads is scanned like any other."""
        dialog = CameraDialog(self.frame_scanner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def scan_image(self, path: Path) -> None:
        day = self._day()

        def work() -> ScanOutcome | None:
            texts = decode_image(path.read_bytes())
            return self.desk.scan(texts[0], on=day) if texts else None

        def done(outcome: ScanOutcome | None) -> None:
            if outcome is None:
                self.panel.show_error(tr("No QR code found in that image."))
            else:
                self.show_outcome(outcome)

        self.tasks.run_db(work, done, self.show_failure)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.scan_image(Path(url.toLocalFile()))
                break

    # --- the queue ------------------------------------------------------------------------
    def _current_check(self) -> MemberCheck | None:
        if isinstance(self.current, ScanOutcome):
            return self.current.check
        return self.current

    def register_visit(self) -> None:
        check = self._current_check()
        if check is None:
            self.panel.show_error(tr("Scan a card or find the member first."))
            return
        card = self.current.card.code if isinstance(self.current, ScanOutcome) else None
        day, user, document = self._day(), self.user, check_json(check)

        def work() -> visits.Visit:
            with self.desk.engine.begin() as connection:
                return visits.register_visit(
                    connection,
                    day=day,
                    member_id=check.member_id,
                    card_result=card,
                    decision=document,
                    registered_by=user,
                )

        self.tasks.run_db(work, lambda _visit: self.refresh_queue(), self.show_failure)

    def call_next(self) -> None:
        day, user = self._day(), self.user

        def work() -> visits.Visit | None:
            with self.desk.engine.begin() as connection:
                return visits.call_next(connection, day, user)

        self.tasks.run_db(work, lambda _visit: self.refresh_queue(), self.show_failure)

    def finish_called(self) -> None:
        item = self.queue_list.currentItem() or self.queue_list.item(0)
        if item is None:
            return
        visit_id, user = item.data(Qt.ItemDataRole.UserRole), self.user

        def work() -> visits.Visit:
            with self.desk.engine.begin() as connection:
                return visits.finish(connection, visit_id, user)

        self.tasks.run_db(work, lambda _visit: self.refresh_queue(), self.show_failure)

    def refresh_queue(self) -> None:
        day = self._day()

        def work() -> list[visits.Visit]:
            with self.desk.engine.connect() as connection:
                return visits.queue(connection, day)

        self.tasks.run_db(work, self._show_queue, self.show_failure)

    def _show_queue(self, waiting: list[visits.Visit]) -> None:
        self.queue_list.clear()
        for visit in waiting:
            ticket = str(visit.ticket)
            number = format_member_number(visit.member_id) if visit.member_id else "-"
            if self.language.code == "km":
                ticket, number = khmer_digits(ticket), khmer_digits(number)
            state = tr("called") if visit.state == visits.CALLED else tr("waiting")
            name = visit.decision.get("name_khmer") or ""
            item = QListWidgetItem(f"{tr('Ticket')} {ticket} · {state}\n{name} {number}")
            item.setData(Qt.ItemDataRole.UserRole, visit.visit_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, visit.ticket)
            self.queue_list.addItem(item)

    # --- status bar -----------------------------------------------------------------------
    def refresh_status(self) -> None:
        def work() -> tuple[dt.date | None, str | None]:
            with self.desk.engine.connect() as connection:
                return list_as_of(connection), get_state(connection, "last_sync_utc")

        self.tasks.run_db(work, self._show_status, self.show_failure)

    def _show_status(self, state: tuple[dt.date | None, str | None]) -> None:
        as_of, last_sync = state
        if as_of is None:
            text = tr("Member list: none loaded")
        else:
            age = (self._day() - as_of).days
            date = as_of.isoformat()
            days = str(age)
            if self.language.code == "km":
                date, days = khmer_digits(date), khmer_digits(days)
            text = tr("Member list as of %1 (%2 days old)").replace("%1", date).replace("%2", days)
        self.status_list.setText(text)
        if self.syncing:
            self.status_sync.setText(tr("Syncing..."))
        elif self.sync_error is not None:
            self.status_sync.setText(tr("Sync failed: %1").replace("%1", self.sync_error))
        elif not last_sync:
            self.status_sync.setText(tr("Not synced yet"))
        else:
            self.status_sync.setText(tr("Last sync: %1").replace("%1", last_sync))

    def check_online(self) -> None:
        """Ask the central server for its clock (cheap, no retry) in the background."""
        desk = self.desk

        def work() -> str | None:
            if not device_path(desk.settings).exists():
                return None
            device = load_device(desk.settings)
            client = CentralClient(device.server, device.token)
            try:
                return client.reachable()
            finally:
                client.close()

        def done(server_time: str | None) -> None:
            self.online = "not_enrolled" if server_time is None else "online"
            self._show_online()

        def failed(_error: BaseException) -> None:
            self.online = "offline"
            self._show_online()

        self.tasks.run_net(work, done, failed)

    def _show_online(self) -> None:
        texts = {
            "unknown": "",
            "not_enrolled": tr("Not enrolled with NSSF"),
            "online": tr("Online"),
            "offline": tr("Offline: working from the list on this computer"),
        }
        self.status_online.setText(texts[self.online])

    def sync_now(self) -> None:
        """Bring the trust list and the member list up to date, in the background: scans
        go on meanwhile (they read the old list until the new one is whole)."""
        if self.syncing:
            return
        self.syncing = True
        self.status_sync.setText(tr("Syncing..."))
        desk, progress = self.desk, self.sig_sync_progress.emit

        def work() -> SyncReport:
            device = load_device(desk.settings)
            client = CentralClient(device.server, device.token)
            try:
                return Syncer(desk, client, progress).run()
            finally:
                client.close()

        def done(_report: SyncReport) -> None:
            self.syncing, self.sync_error = False, None
            self.status_progress.hide()
            self.online = "online"
            self._show_online()
            self.refresh_status()

        def failed(error: BaseException) -> None:
            self.syncing = False
            self.sync_error = error.message if isinstance(error, DeskError) else str(error)
            self.status_progress.hide()
            self.refresh_status()

        self.tasks.run_net(work, done, failed)

    def set_sync_progress(self, done: int, total: int) -> None:
        """For the sync client's progress callback (called on the GUI thread)."""
        self.status_progress.setVisible(done < total)
        self.status_progress.setMaximum(max(total, 1))
        self.status_progress.setValue(done)

    # --- claims ---------------------------------------------------------------------------
    def open_billing(self) -> BillingWindow:
        """The billing window (Ctrl+B), sharing this window's background tasks."""
        if self.billing is None:
            self.billing = BillingWindow(
                self.desk,
                language=self.language.code,
                user=self.user,
                today=self.today,
                tasks=self.tasks,
            )
        else:
            self.billing.refresh()
        self.billing.show()
        self.billing.raise_()
        return self.billing

    def claim_for_visit(self) -> BillingWindow:
        """Billing, with the visit chosen in the queue selected: its claim starts from it."""
        item = self.queue_list.currentItem() or self.queue_list.item(0)
        billing = self.open_billing()
        if item is not None:
            billing.pending_visit = item.data(Qt.ItemDataRole.UserRole)
        return billing

    # --- the benefits slip ----------------------------------------------------------------
    def save_slip(self) -> None:
        check = self._current_check()
        if check is None or check.member is None:
            self.panel.show_error(tr("Scan a card or find the member first."))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save benefits slip"), "slip.pdf", "PDF (*.pdf)"
        )
        if path:
            write_slip(check, Path(path))

    def print_slip(self, printer: QPrinter | None = None) -> bool:
        """Print the slip (Ctrl+P): the print dialog picks the printer, unless one is given."""
        check = self._current_check()
        if check is None or check.member is None:
            self.panel.show_error(tr("Scan a card or find the member first."))
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(tr("Print benefits slip"))
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return False
        print_slip(check, printer)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        QApplication.instance().removeEventFilter(self.catcher)  # type: ignore[union-attr]
        self._online_timer.stop()
        if self.billing is not None:
            self.billing.close()
        self.tasks.shutdown()
        super().closeEvent(event)
