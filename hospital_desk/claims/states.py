"""The claim state machine: which event moves a claim from which state to which.

    draft --ready--> ready --queue--> queued --send--> submitting --receipt--> submitted
      ^                |                 |                 |                      |
      +-----edit-------+----unqueue------+                 +--refused--> draft    |
      |                                                    (NSSF refused the body)|
      |      submitted --accept--> accepted --pay--> paid                         |
      +------correct------ rejected <--reject-- submitted <-----------------------+

`submitting` is entered before the POST and left when NSSF's answer is stored; a
crash in between leaves it there and the next run sends the same body with the same
Idempotency-Key (NSSF replays its first answer). NSSF's decisions may arrive through
the change feed before the desk stored the POST's answer (a crash after NSSF stored
the claim): `accept` and `reject` are taken from `submitting` as well.
100% branch coverage of this module is enforced by scripts/test.
"""

from __future__ import annotations

from enum import StrEnum

from hospital_desk.claims.model import State
from hospital_desk.errors import InputError


class Event(StrEnum):
    READY = "ready"  # every check passed
    EDIT = "edit"  # back to draft to change something
    QUEUE = "queue"
    UNQUEUE = "unqueue"
    SEND = "send"  # about to POST
    RECEIPT = "receipt"  # NSSF stored it and gave its claim number
    REFUSED = "refused"  # NSSF refused the request itself (4xx): fix and send again
    ACCEPT = "accept"
    REJECT = "reject"
    PAY = "pay"
    CORRECT = "correct"  # a rejected claim is corrected: a new revision, history kept


S = State
TRANSITIONS: dict[tuple[State, Event], State] = {
    (S.DRAFT, Event.READY): S.READY,
    (S.DRAFT, Event.EDIT): S.DRAFT,
    (S.READY, Event.EDIT): S.DRAFT,
    (S.READY, Event.QUEUE): S.QUEUED,
    (S.QUEUED, Event.UNQUEUE): S.READY,
    (S.QUEUED, Event.SEND): S.SUBMITTING,
    (S.SUBMITTING, Event.SEND): S.SUBMITTING,  # a resend after a crash or timeout
    (S.SUBMITTING, Event.RECEIPT): S.SUBMITTED,
    (S.SUBMITTING, Event.REFUSED): S.DRAFT,
    (S.SUBMITTING, Event.ACCEPT): S.ACCEPTED,
    (S.SUBMITTING, Event.REJECT): S.REJECTED,
    (S.SUBMITTED, Event.RECEIPT): S.SUBMITTED,  # a replayed answer changes nothing
    (S.SUBMITTED, Event.ACCEPT): S.ACCEPTED,
    (S.SUBMITTED, Event.REJECT): S.REJECTED,
    (S.ACCEPTED, Event.PAY): S.PAID,
    (S.REJECTED, Event.CORRECT): S.DRAFT,
}

EDITABLE = frozenset({S.DRAFT, S.READY})
FINAL = frozenset({S.PAID})
WITH_NSSF = frozenset({S.SUBMITTED, S.ACCEPTED, S.REJECTED, S.PAID})


class TransitionError(InputError):
    code = "claim.state_not_allowed"

    def __init__(self, state: State, event: Event) -> None:
        super().__init__(f"a claim that is {state} cannot take '{event}'")
        self.state = state
        self.event = event


def next_state(state: State, event: Event) -> State:
    """The state after `event`; TransitionError when the event is not allowed there."""
    target = TRANSITIONS.get((state, event))
    if target is None:
        raise TransitionError(state, event)
    return target


def allowed(state: State) -> tuple[Event, ...]:
    """The events a claim in `state` can take (what a screen offers)."""
    return tuple(e for (s, e) in TRANSITIONS if s is state)
