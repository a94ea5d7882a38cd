"""The claim state machine: every (state, event) pair, allowed or refused; the stored history."""

from __future__ import annotations

import itertools

import pytest

from hospital_desk.claims.model import State
from hospital_desk.claims.states import TRANSITIONS, Event, TransitionError, allowed, next_state
from hospital_desk.claims.store import ClaimBook, ClaimNotFoundError, transition
from tests.claims.claimlab import hospital

S, E = State, Event
# The life of a claim, written out by hand (not read back from TRANSITIONS).
EXPECTED = {
    (S.DRAFT, E.READY): S.READY,
    (S.DRAFT, E.EDIT): S.DRAFT,
    (S.READY, E.EDIT): S.DRAFT,
    (S.READY, E.QUEUE): S.QUEUED,
    (S.QUEUED, E.UNQUEUE): S.READY,
    (S.QUEUED, E.SEND): S.SUBMITTING,
    (S.SUBMITTING, E.SEND): S.SUBMITTING,
    (S.SUBMITTING, E.RECEIPT): S.SUBMITTED,
    (S.SUBMITTING, E.REFUSED): S.DRAFT,
    (S.SUBMITTING, E.ACCEPT): S.ACCEPTED,
    (S.SUBMITTING, E.REJECT): S.REJECTED,
    (S.SUBMITTED, E.RECEIPT): S.SUBMITTED,
    (S.SUBMITTED, E.ACCEPT): S.ACCEPTED,
    (S.SUBMITTED, E.REJECT): S.REJECTED,
    (S.ACCEPTED, E.PAY): S.PAID,
    (S.REJECTED, E.CORRECT): S.DRAFT,
}
PAIRS = list(itertools.product(State, Event))


@pytest.mark.parametrize(("state", "event"), PAIRS, ids=[f"{s}-{e}" for s, e in PAIRS])
def test_every_state_and_event_pair(state: State, event: Event) -> None:
    if (state, event) in EXPECTED:
        assert next_state(state, event) is EXPECTED[(state, event)]
        assert event in allowed(state)
    else:
        with pytest.raises(TransitionError) as caught:
            next_state(state, event)
        assert caught.value.code == "claim.state_not_allowed"
        assert event not in allowed(state)


def test_the_table_is_the_one_written_out() -> None:
    assert TRANSITIONS == EXPECTED


def test_a_paid_claim_takes_no_event() -> None:
    assert allowed(S.PAID) == ()


def test_every_change_is_recorded_with_who_and_when(book: ClaimBook) -> None:
    claim = book.create(hospital(book))
    book.mark_ready(claim.claim_id)
    book.queue(claim.claim_id)
    book.unqueue(claim.claim_id)
    book.queue(claim.claim_id)
    with book.desk.engine.begin() as c:
        transition(c, claim.claim_id, E.SEND, "sync")
        transition(c, claim.claim_id, E.RECEIPT, "sync", claim_number="NSSF-C-00000001")
        transition(c, claim.claim_id, E.REJECT, "sync", nssf='{"reasons": []}')
    corrected = book.correct(claim.claim_id, hospital(book, delay_reason="re-sent"))
    assert corrected.state is S.DRAFT and corrected.revision == 2
    assert corrected.claim_number is None
    assert corrected.idempotency_key == f"{claim.claim_id}.r2"
    history = book.history(claim.claim_id)
    assert [h["event"] for h in history] == [
        "create", "ready", "queue", "unqueue", "queue", "send", "receipt", "reject", "correct",
    ]  # fmt: skip
    assert [h["actor"] for h in history][:2] == ["billing1", "billing1"]
    assert history[5]["actor"] == "sync"
    assert all(h["at"] for h in history)
    assert history[-1]["detail"] == {"rejected_revision": 1}


def test_a_refused_move_changes_nothing(book: ClaimBook) -> None:
    claim = book.create(hospital(book))
    with pytest.raises(TransitionError):
        book.queue(claim.claim_id)  # a draft must be checked first
    assert book.get(claim.claim_id).state is S.DRAFT
    assert [h["event"] for h in book.history(claim.claim_id)] == ["create"]


def test_an_unknown_claim_is_a_clear_error(book: ClaimBook) -> None:
    with pytest.raises(ClaimNotFoundError):
        book.get("no-such-claim")
    with pytest.raises(ClaimNotFoundError), book.desk.engine.begin() as c:
        transition(c, "no-such-claim", E.SEND, "sync")


def test_a_claim_with_errors_stays_draft(book: ClaimBook) -> None:
    claim = book.create(hospital(book, lines=()))
    after, findings = book.mark_ready(claim.claim_id)
    assert after.state is S.DRAFT and "claim.no_lines" in [f.code for f in findings]


def test_counts_list_every_state(book: ClaimBook) -> None:
    book.create(hospital(book))
    counts = book.counts()
    assert counts["draft"] == 1 and set(counts) == {str(s) for s in State}
    assert len(book.find(state=S.DRAFT)) == 1 and book.find(state=S.PAID) == []
