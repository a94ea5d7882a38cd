"""The sync client against a misbehaving server on loopback (a scripted HTTP server: it
stands for a broken NSSF endpoint or proxy, not for our reference server), and a disk
that fills up while a list is stored."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import event, text

from hospital_desk.cli import main
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.errors import StorageError
from hospital_desk.member_store import count_members
from hospital_desk.sync.client import RETRIES, CentralClient, SyncError
from hospital_desk.sync.syncer import import_snapshot_dir
from hospital_desk.wire.snapshot import held_sequence
from tests.sync.wirelab import make_snapshot, pin_list_key


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"{}"
    delay: float = 0.0
    length: int | None = None  # a Content-Length that differs from the body: a cut
    chunked: bool = False


@dataclass
class Script:
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def next(self, path: str) -> Answer:
        self.hits[path] = self.hits.get(path, 0) + 1
        queue = self.answers.get(path.split("?", maxsplit=1)[0], [Answer(404, b'{"detail": "no"}')])
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def hostile() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            answer = script.next(self.path)
            if answer.delay:
                time.sleep(answer.delay)
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            if answer.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(answer.body), 65536):
                    piece = answer.body[start : start + 65536]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
                return
            self.send_header("Content-Length", str(answer.length or len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            if answer.length:
                self.close_connection = True

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self._answer()

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", script
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _client(url: str, timeout: tuple[float, float] = (2.0, 2.0)) -> CentralClient:
    return CentralClient(url, "token", backoff=0.01, timeout=timeout)


TIME_OK = Answer(200, b'{"server_time": "2026-12-04T06:00:00Z"}')


def test_500s_are_retried_and_a_later_answer_is_used(hostile: tuple[str, Script]) -> None:
    url, script = hostile
    script.answers["/v1/time"] = [Answer(500, b"oops"), Answer(503, b""), TIME_OK]
    assert _client(url).server_time() == "2026-12-04T06:00:00Z"
    assert script.hits["/v1/time"] == 3


def test_a_server_that_only_answers_500_is_a_clear_error_after_the_retries(
    hostile: tuple[str, Script],
) -> None:
    url, script = hostile
    script.answers["/v1/time"] = [Answer(500, b"oops")]
    with pytest.raises(SyncError, match="failing: the server answered 500"):
        _client(url).server_time()
    assert script.hits["/v1/time"] == RETRIES


def test_enrolment_is_not_retried_after_a_500(hostile: tuple[str, Script]) -> None:
    url, script = hostile
    script.answers["/v1/enrol"] = [Answer(500, b'{"detail": "database down"}')]
    with pytest.raises(SyncError, match="500 database down"):
        _client(url).enrol("code", "F1")
    assert script.hits["/v1/enrol"] == 1


def test_a_server_slower_than_the_timeout_is_a_clear_error(hostile: tuple[str, Script]) -> None:
    url, script = hostile
    script.answers["/v1/time"] = [Answer(delay=1.5, body=TIME_OK.body)]
    start = time.monotonic()
    with pytest.raises(SyncError, match="cannot be reached"):
        _client(url, timeout=(1.0, 0.3)).server_time()
    assert script.hits["/v1/time"] == RETRIES
    assert time.monotonic() - start < 30  # bounded: never waits forever


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (Answer(200, b"{not json"), "not JSON"),
        (Answer(200, b"[1, 2]"), "not a JSON object"),
        (Answer(200, b'{"server_time": 5}'), "no server_time"),
        (Answer(200, b""), "not JSON"),
        (Answer(200, b"\xff\xfe" * 10), "not JSON"),
        (Answer(200, b'{"a": "' + b"x" * 2_000_000 + b'"}'), "too large"),
        (Answer(200, b'{"a": "' + b"x" * 2_000_000 + b'"}', chunked=True), "too large"),
        (Answer(200, b"[" * 100_000 + b"]" * 100_000), "not JSON|too large"),
        (Answer(404, b"<html>not found</html>"), "answered 404"),
    ],
    ids=[
        "truncated",
        "list",
        "wrong_type",
        "empty",
        "binary",
        "huge",
        "huge_chunked",
        "deep_nesting",
        "html_404",
    ],
)
def test_malformed_and_huge_json_answers_are_clear_errors(
    hostile: tuple[str, Script], answer: Answer, message: str
) -> None:
    url, script = hostile
    script.answers["/v1/time"] = [answer]
    with pytest.raises(SyncError, match=message):
        _client(url).server_time()


def test_a_connection_cut_in_the_middle_of_an_answer_is_retried_then_reported(
    hostile: tuple[str, Script],
) -> None:
    url, script = hostile
    script.answers["/v1/time"] = [Answer(200, b'{"server_ti', length=500)]
    with pytest.raises(SyncError, match="cannot be reached"):
        _client(url).server_time()
    assert script.hits["/v1/time"] == RETRIES


def test_a_huge_change_batch_is_refused_without_reading_it_all(
    hostile: tuple[str, Script],
) -> None:
    url, script = hostile
    script.answers["/v1/changes"] = [Answer(200, b"x" * 3_000_000)]
    with pytest.raises(SyncError, match="too large"):
        _client(url).changes(1, limit=1_000_000)


# --- a full disk while a list is stored ---------------------------------------------------


def test_a_full_disk_during_a_snapshot_load_keeps_the_old_list_and_says_so(
    desk_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    pin_list_key(desk_home, key)
    old, new = tmp_path / "old", tmp_path / "new"
    make_snapshot(old, key, count=500, seed=1, sequence=1)
    make_snapshot(new, key, count=20_000, seed=2, sequence=2)
    desk = Desk.open(load_settings(desk_home))
    try:
        assert import_snapshot_dir(desk, old) == 500
        with desk.engine.connect() as connection:
            pages = connection.execute(text("PRAGMA page_count")).scalar_one()

        # The disk fills up: SQLite may grow the file by only a few more pages.
        @event.listens_for(desk.engine, "connect")
        def _limit(dbapi_connection: object, _record: object) -> None:
            cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
            cursor.execute(f"PRAGMA max_page_count = {pages + 40}")
            cursor.close()

        desk.engine.dispose()
        with pytest.raises(StorageError, match="disk is full"):
            import_snapshot_dir(desk, new)
        with desk.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert (count_members(connection), held_sequence(connection)) == (500, 1)
        event.remove(desk.engine, "connect", _limit)
        desk.engine.dispose()  # space freed
        assert import_snapshot_dir(desk, new) == 20_000
    finally:
        desk.close()
    # Through the CLI the same is a message, not a traceback.
    assert main(["members", "import", str(tmp_path / "missing")]) == 1
    assert "Traceback" not in capsys.readouterr().err
