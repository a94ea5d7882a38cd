"""Claim submission through a faulty link to the real reference server: NSSF stores the
claim but the answer is lost (timeout), 500s before and after storing, a malformed answer,
a 4xx refusal. Afterwards NSSF holds exactly one copy of each claim."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from hospital_desk.claims.model import State
from hospital_desk.claims.store import ClaimBook
from hospital_desk.desk import Desk
from hospital_desk.storage import get_state
from hospital_desk.sync.claims_client import CURSOR_KEY, ClaimSender
from hospital_desk.sync.client import CentralClient, SyncError
from nssf_central.schema import claims as central_claims
from tests.claims.claimlab import TODAY, crowd, load_people, queue_claims
from tests.serverfixture import CentralServer

TIMEOUT = (2.0, 0.5)


class Link:
    """Forwards to the reference server; `faults[n]` spoils the n-th claim POST (1-based):
    'lost' forward, then answer too late; '500-after' forward, then 500; '500' answer 500
    without forwarding; 'garbage' forward, then a 201 that is not JSON; '400' refuse."""

    def __init__(self, upstream: str, faults: dict[int, str]) -> None:
        self.upstream = upstream
        self.faults = faults
        self.posts = 0
        self.lock = threading.Lock()
        self.changes: bytes | None = None  # replaces the change feed's answer when set


@pytest.fixture
def link(central_server: CentralServer) -> Iterator[tuple[str, Link]]:
    state = Link(central_server.url, {})

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args: object) -> None:
            pass

        def _forward(self, method: str, body: bytes | None) -> requests.Response:
            headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
            return requests.request(
                method, state.upstream + self.path, headers=headers, data=body, timeout=10
            )

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _relay(self, method: str) -> None:
            size = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(size) if size else None
            fault = None
            if method == "POST" and self.path == "/v1/claims":
                with state.lock:
                    state.posts += 1
                    fault = state.faults.get(state.posts)
            if method == "GET" and self.path.startswith("/v1/claims/changes") and state.changes:
                self._send(200, state.changes)
                return
            if fault in ("500", "400"):
                self._send(int(fault), b'{"code": "refused", "detail": "scripted"}')
                return
            r = self._forward(method, body)
            if fault == "lost":
                time.sleep(TIMEOUT[1] * 2)  # NSSF stored it; the answer comes too late
            if fault == "500-after":
                self._send(500, b"{}")
                return
            if fault == "garbage":
                self._send(201, b"<html>proxy error</html>")
                return
            keep = {k: v for k, v in r.headers.items() if k.lower() == "idempotent-replayed"}
            self._send(r.status_code, r.content, keep)

        def do_GET(self) -> None:
            self._relay("GET")

        def do_POST(self) -> None:
            self._relay("POST")

        def do_PUT(self) -> None:
            self._relay("PUT")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


@pytest.fixture
def book(desk_home: Path) -> Iterator[ClaimBook]:
    desk = Desk.open()
    load_people(desk, crowd(12))
    yield ClaimBook(desk, "billing1", today=lambda: TODAY)
    desk.close()


def _held(server: CentralServer) -> list[str]:
    with server.engine.connect() as c:
        return [r[0] for r in c.execute(select(central_claims.c.idempotency_key))]


def test_lost_answers_500s_and_garbage_end_with_one_copy_each(
    book: ClaimBook, link: tuple[str, Link], central_server: CentralServer
) -> None:
    url, state = link
    ids = queue_claims(book, crowd(12)[:10])
    # POST 1 lost after storing (retried at once: replayed); 3: 500 after storing; 5: garbage
    # (the batch stops, the claim stays `submitting`); then 500s until the retries run out.
    state.faults = {
        1: "lost",
        3: "500-after",
        6: "garbage",
        8: "500",
        9: "500",
        10: "500",
        11: "500",
    }
    client = CentralClient(url, central_server.token("F0001"), backoff=0.01, timeout=TIMEOUT)
    sender = ClaimSender(book.desk, client)
    runs = []
    while True:
        report = sender.submit_all()
        runs.append(report)
        if report.error is None:
            break
        assert len(runs) < 10
        assert report.pending == 1  # the one claim in doubt, sent again next time
    client.close()
    assert len(runs) == 3
    held = _held(central_server)
    assert sorted(held) == sorted(ids)  # one copy each, none lost
    assert book.counts()["submitted"] == 10
    assert sum(r.replayed for r in runs) >= 2  # the lost and the garbled answers were replayed


def test_a_refused_claim_goes_back_to_draft_with_the_reason(
    book: ClaimBook, link: tuple[str, Link], central_server: CentralServer
) -> None:
    url, state = link
    [claim_id] = queue_claims(book, crowd(12)[:1])
    state.faults = {1: "400"}
    client = CentralClient(url, central_server.token("F0001"), backoff=0.01, timeout=TIMEOUT)
    report = ClaimSender(book.desk, client).submit_all()
    client.close()
    assert report.refused == [(claim_id, "refused: scripted")]
    assert book.get(claim_id).state is State.DRAFT
    assert book.history(claim_id)[-1]["detail"] == {"nssf": "refused: scripted"}
    assert _held(central_server) == []


def _feed(claim_id: str, next_cursor: object = 9, **over: object) -> bytes:
    change = {"cursor": 9, "claim_number": "NSSF-C-1", "idempotency_key": claim_id,
              "status": "accepted", "at": "x", "reasons": [], "payment": None, **over}  # fmt: skip
    return json.dumps({"changes": [change], "next_cursor": next_cursor}).encode()


BAD_FEEDS: list[Callable[[str], bytes]] = [
    lambda _: b"not json",
    lambda _: b"[]",
    lambda _: b'{"changes": "all", "next_cursor": 1}',
    lambda _: b'{"changes": [], "next_cursor": "1"}',
    lambda _: b'{"changes": [5], "next_cursor": 9}',
    lambda k: _feed(k, next_cursor="9"),
    lambda k: _feed(k, status="lost"),
    lambda k: _feed(k, idempotency_key=None),
    lambda k: _feed(k, reasons="no"),
    lambda k: _feed(k, reasons=[7]),
    lambda k: _feed(k, payment=[1]),
    lambda k: _feed(k, next_cursor=0),  # does not advance
    lambda _: b"[" * 100_000,
]


@pytest.mark.parametrize("feed", BAD_FEEDS, ids=range(len(BAD_FEEDS)))
def test_a_malformed_change_feed_is_an_error_and_applies_nothing(
    book: ClaimBook,
    link: tuple[str, Link],
    central_server: CentralServer,
    feed: Callable[[str], bytes],
) -> None:
    url, state = link
    _, claim_id = queue_claims(book, crowd(12)[:2])  # the second: a hospital stay, accepted
    client = CentralClient(url, central_server.token("F0001"), backoff=0.01, timeout=TIMEOUT)
    sender = ClaimSender(book.desk, client)
    assert sender.submit_all().submitted == 2
    central_server.review_claims()
    state.changes = feed(claim_id)
    with pytest.raises(SyncError):
        sender.pull_changes()
    with book.desk.engine.connect() as c:
        assert get_state(c, CURSOR_KEY) is None
    assert book.get(claim_id).state is State.SUBMITTED
    state.changes = None  # the real feed again
    assert sender.pull_changes().applied == 2
    assert book.get(claim_id).state is State.ACCEPTED
    client.close()
