"""Claims made offline, sent when online, reviewed by the real reference server on loopback,
and NSSF's decisions pulled back: the desk's counts match the server's."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hospital_desk.claims.model import State
from hospital_desk.claims.store import ClaimBook
from hospital_desk.claims.tariff import TARIFF_KEY
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.errors import DeskError
from hospital_desk.storage import get_state
from hospital_desk.sync.claims_client import ClaimSender
from hospital_desk.sync.client import CentralClient
from nssf_central.schema import attachments as central_attachments
from nssf_central.schema import claims as central_claims
from tests.claims.claimlab import TODAY, crowd, load_people, queue_claims
from tests.serverfixture import CentralServer, trust_central_server

FACILITY = "F0001"


def server_counts(server: CentralServer) -> dict[str, int]:
    with server.engine.connect() as c:
        rows = c.execute(
            select(central_claims.c.status, func.count())
            .where(central_claims.c.facility_id == FACILITY)
            .group_by(central_claims.c.status)
        )
        return {r[0]: int(r[1]) for r in rows}


@pytest.fixture
def sender(desk_home: Path, central_server: CentralServer) -> tuple[Desk, ClaimBook, ClaimSender]:
    desk = Desk.open()
    load_people(desk, crowd(60))
    client = CentralClient(central_server.url, central_server.token(FACILITY), backoff=0.01)
    yield desk, ClaimBook(desk, "billing1", today=lambda: TODAY), ClaimSender(desk, client)
    client.close()
    desk.close()


def test_fifty_claims_offline_then_submitted_reviewed_and_pulled_back(
    sender: tuple[Desk, ClaimBook, ClaimSender], central_server: CentralServer
) -> None:
    _desk, book, client = sender
    people = crowd(60)[:50]
    central_server.stop()  # offline: claims are made and queued all the same
    ids = queue_claims(book, people[:30])
    report = client.submit_all()
    assert report.error and report.submitted == 0
    assert book.counts()["queued"] == 30 and book.counts()["submitting"] == 0

    central_server.start()  # online
    report = client.submit_all()
    assert report.error is None and report.submitted == 30 and report.replayed == 0
    with central_server.engine.connect() as c:  # four shared files, stored once each
        assert c.execute(select(func.count()).select_from(central_attachments)).scalar() == 4
    first = central_server.review_claims()  # accept and reject
    assert first["rejected"] == 2 and first["accepted"] == 28  # two caesareans, no indication
    central_server.review_claims()  # pay what was accepted
    ids += queue_claims(book, people[30:])
    assert client.submit_all().submitted == 20
    central_server.review_claims()  # the second batch: accepted or rejected, not yet paid

    pulled = client.pull_changes()
    assert pulled.applied == 30 + 28 + 20 and pulled.ignored == 0
    desk_counts = {k: v for k, v in book.counts().items() if v}
    assert desk_counts == server_counts(central_server)
    assert desk_counts == {"paid": 28, "accepted": 18, "rejected": 4}
    assert client.pull_changes().applied == 0  # the cursor is kept: nothing twice

    rejected = book.find(state=State.REJECTED)
    assert {r.code for c in rejected for r in c.reasons} == {"claim.caesarean_no_indication"}
    assert all(r.text_km and r.text_en for c in rejected for r in c.reasons)
    paid = book.find(state=State.PAID)
    assert all(c.payment and c.payment.amount_riel == c.amount_claimed for c in paid)
    assert all(c.claim_number and c.claim_number.startswith("NSSF-C-") for c in paid)
    assert Counter(c.input.benefit for c in book.find()) == {
        "maternity": 17, "hospitalisation": 17, "funeral": 16,
    }  # fmt: skip


def test_a_rejected_claim_corrected_is_sent_again_and_keeps_its_history(
    sender: tuple[Desk, ClaimBook, ClaimSender], central_server: CentralServer
) -> None:
    _desk, book, client = sender
    [claim_id] = queue_claims(book, [crowd(60)[0]])  # index 0: a caesarean with no indication
    client.submit_all()
    central_server.review_claims()
    client.pull_changes()
    rejected = book.get(claim_id)
    assert rejected.state is State.REJECTED
    details = replace(rejected.input.details, indication="O82.1")  # type: ignore[type-var]
    book.correct(claim_id, replace(rejected.input, details=details))
    book.mark_ready(claim_id)
    book.queue(claim_id)
    assert client.submit_all().submitted == 1
    central_server.review_claims()
    client.pull_changes()
    final = book.get(claim_id)
    assert final.state is State.ACCEPTED and final.revision == 2
    events = [h["event"] for h in book.history(claim_id)]
    assert events.count("send") == 2 and "reject" in events and events[-1] == "accept"
    assert server_counts(central_server) == {"rejected": 1, "accepted": 1}


def test_the_signed_tariff_from_the_server_is_installed(
    sender: tuple[Desk, ClaimBook, ClaimSender], central_server: CentralServer, desk_home: Path
) -> None:
    _desk, book, client = sender
    trust_central_server(desk_home, central_server)
    client.desk.settings = load_settings()  # the pinned list key
    assert client.fetch_tariff() == "2026.1"
    with book.desk.engine.connect() as c:
        assert get_state(c, TARIFF_KEY)


def test_a_tariff_that_cannot_be_verified_is_not_installed(
    sender: tuple[Desk, ClaimBook, ClaimSender], desk_home: Path
) -> None:
    _desk, book, client = sender
    with pytest.raises(DeskError):
        client.fetch_tariff()  # no list key pinned: nothing verifies
    with book.desk.engine.connect() as c:
        assert get_state(c, TARIFF_KEY) is None
