"""Sending claims to NSSF exactly once, and pulling their decisions back.

    fetch_tariff()         GET /v1/tariff/latest, verified, installed (claims keep its version)
    upload_attachments()   PUT /v1/attachments/{sha256} for each file not yet sent
    submit_all()           POST /v1/claims for every claim left `submitting` by a crash or
                           a timeout, then every queued claim, oldest first
    pull_changes()         GET /v1/claims/changes by the saved cursor: accepted, rejected
                           (reasons per claim and per line), paid (amount, date, reference)

Exactly once: a claim is moved to `submitting` (committed) *before* its POST, and to
`submitted` with NSSF's claim number after the answer is stored. The POST carries the
claim's client-generated id as its Idempotency-Key and a body that is the same for a
revision every time, so a resend after a timeout, a 5xx or a SIGKILL anywhere in
between gets NSSF's first answer replayed, never a second claim. Each page of changes
and the cursor after it are committed in one transaction (STYLE.md practice 5).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from hospital_desk.card.trust import read_roots
from hospital_desk.claims.attachments import (
    AttachmentError,
    mark_uploaded,
    pending_uploads,
    read_attachment,
)
from hospital_desk.claims.codec import wire_body
from hospital_desk.claims.model import State, split_key
from hospital_desk.claims.states import Event, TransitionError
from hospital_desk.claims.store import get_claim, transition
from hospital_desk.claims.tariff import install_tariff
from hospital_desk.desk import Desk
from hospital_desk.schema import claims
from hospital_desk.storage import get_state, set_state
from hospital_desk.sync import protocol
from hospital_desk.sync.client import CentralClient, SyncError
from hospital_desk.wire.signing import load_public_keys, verify

CURSOR_KEY = "claims_changes_cursor"
PAGE = 500
ACTOR = "sync"
STATUS_EVENTS = {"accepted": Event.ACCEPT, "rejected": Event.REJECT, "paid": Event.PAY}


@dataclass
class SubmitReport:
    submitted: int = 0  # NSSF answered with a claim number (first time or replayed)
    replayed: int = 0  # ... of which NSSF had already stored (a resend)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (claim id, why): back to draft
    pending: int = 0  # left `submitting` (NSSF unreachable): sent again next time
    error: str | None = None


@dataclass
class PullReport:
    applied: int = 0
    ignored: int = 0  # for an older revision, or a claim this desk does not hold
    cursor: int = 0


class ClaimSender:
    def __init__(
        self,
        desk: Desk,
        client: CentralClient,
        after_each: Callable[[str], None] | None = None,
    ) -> None:
        self.desk = desk
        self.client = client
        self.after_each = after_each or (lambda _claim_id: None)

    # --- the tariff -------------------------------------------------------------------------
    def fetch_tariff(self) -> str:
        """Install NSSF's signed current tariff (verified with the pinned list keys)."""
        keys = load_public_keys(read_roots(self.desk.settings.list_keys))
        data = self.client.get_bytes(protocol.TARIFF_LATEST, "tariff")
        document = verify(data, keys, "tariff")
        with self.desk.engine.begin() as c:
            return install_tariff(c, document).version

    # --- attachments ----------------------------------------------------------------------
    def upload_attachments(self) -> int:
        """Send every stored document NSSF does not have yet; returns how many were sent."""
        home = self.desk.settings.home
        with self.desk.engine.connect() as c:
            hashes = pending_uploads(c)
        for digest in hashes:
            with self.desk.engine.connect() as c:
                attachment, data = read_attachment(c, home, digest)
            path = protocol.ATTACHMENT.format(sha256=digest)
            response = self.client._request(
                "PUT",
                path,
                retry=True,  # PUT by content hash is idempotent
                headers={"Content-Type": attachment.media_type},
                data=data,
            )
            self.client._json(response, "attachment upload")  # raises on 4xx
            with self.desk.engine.begin() as c:
                mark_uploaded(c, digest)
        return len(hashes)

    # --- claims ---------------------------------------------------------------------------
    def _ids(self, state: State) -> list[str]:
        with self.desk.engine.connect() as c:
            rows = c.execute(
                select(claims.c.claim_id)
                .where(claims.c.state == state)
                .order_by(claims.c.updated_at, claims.c.claim_id)
            )
            return [r[0] for r in rows]

    def submit_all(self, only: Collection[str] | None = None) -> SubmitReport:
        """Resend what a crash left `submitting`, then send every queued claim (or the
        queued ones in `only`: "submit selected" on the billing screen)."""
        report = SubmitReport()
        try:
            self.upload_attachments()
        except (SyncError, AttachmentError) as exc:
            report.error = f"attachments: {exc.message}"
            report.pending = len(self._ids(State.SUBMITTING)) + len(self._ids(State.QUEUED))
            return report
        queued = [i for i in self._ids(State.QUEUED) if only is None or i in only]
        for claim_id in self._ids(State.SUBMITTING) + queued:  # in flight: always resent
            try:
                self._submit_one(claim_id, report)
            except SyncError as exc:  # NSSF unreachable or failing: stop, resend next time
                report.error = exc.message
                break
            self.after_each(claim_id)
        report.pending = len(self._ids(State.SUBMITTING))
        return report

    def _submit_one(self, claim_id: str, report: SubmitReport) -> None:
        with self.desk.engine.begin() as c:
            claim = get_claim(c, claim_id)
            if claim.state is State.QUEUED:
                transition(c, claim_id, Event.SEND, ACTOR)
        body = wire_body(claim)
        response = self.client._request(
            "POST",
            protocol.CLAIMS,
            retry=True,  # safe: the Idempotency-Key makes a repeated POST a replay
            headers={"Idempotency-Key": claim.idempotency_key},
            json=body,
        )
        if 400 <= response.status_code < 500 and response.status_code not in (401, 408, 429):
            why = _problem(response)
            with self.desk.engine.begin() as c:
                transition(c, claim_id, Event.REFUSED, ACTOR, {"nssf": why})
            report.refused.append((claim_id, why))
            return
        answer = self.client._json(response, "claim submission")
        number = answer.get("claim_number")
        if not isinstance(number, str) or not number or len(number) > 32:
            raise SyncError("claim submission: no claim number in NSSF's answer")
        replayed = response.headers.get("Idempotent-Replayed") == "true"
        with self.desk.engine.begin() as c:
            current = get_claim(c, claim_id)
            if current.state is State.SUBMITTING:
                detail = {"claim_number": number, "replayed": replayed}
                transition(c, claim_id, Event.RECEIPT, ACTOR, detail, claim_number=number)
        report.submitted += 1
        report.replayed += int(replayed)

    # --- NSSF's decisions -----------------------------------------------------------------
    def pull_changes(self) -> PullReport:
        """Apply NSSF's decisions after the saved cursor, a page and its cursor at a time."""
        report = PullReport()
        with self.desk.engine.connect() as c:
            cursor = int(get_state(c, CURSOR_KEY) or 0)
        while True:
            path = protocol.CLAIM_CHANGES.format(cursor=cursor, limit=PAGE)
            page = self.client._json(self.client._request("GET", path, retry=True), "claims")
            changes, next_cursor = page.get("changes"), page.get("next_cursor")
            if not isinstance(changes, list) or not isinstance(next_cursor, int):
                raise SyncError("claim changes: the answer is malformed")
            if not changes:
                break
            if next_cursor <= cursor:
                raise SyncError("claim changes: the cursor did not advance")
            with self.desk.engine.begin() as c:
                for change in changes:
                    if _apply(c, change):
                        report.applied += 1
                    else:
                        report.ignored += 1
                set_state(c, CURSOR_KEY, str(next_cursor))
            cursor = next_cursor
        report.cursor = cursor
        return report


def _problem(response: Any) -> str:
    try:
        body = response.json()
        return f"{body.get('code', '')}: {str(body.get('detail', ''))[:200]}"
    except (ValueError, AttributeError, RecursionError):
        return f"HTTP {response.status_code}"


def _apply(c: Connection, change: Any) -> bool:
    """One change from NSSF; False when it is not for a claim (revision) held here."""
    if not isinstance(change, dict):
        raise SyncError("claim changes: a change is not an object")
    key, status = change.get("idempotency_key"), change.get("status")
    event = STATUS_EVENTS.get(status) if isinstance(status, str) else None
    if not isinstance(key, str) or event is None:
        raise SyncError("claim changes: a change has no key or an unknown status")
    claim_id, revision = split_key(key)
    row = c.execute(
        select(claims.c.revision, claims.c.nssf).where(claims.c.claim_id == claim_id)
    ).first()
    if row is None or row.revision != revision:
        return False
    reasons = change.get("reasons") or []
    payment = change.get("payment")
    if not isinstance(reasons, list) or not (payment is None or isinstance(payment, dict)):
        raise SyncError("claim changes: malformed reasons or payment")
    parsed = [_reason(r) for r in reasons]  # checked whatever the status
    nssf = json.loads(row.nssf)
    if status == "rejected":
        nssf["reasons"] = parsed
    if status == "paid":
        paid = payment or {}
        amount = paid.get("amount_riel")
        nssf["payment"] = {
            "amount_riel": amount if isinstance(amount, int) else 0,
            "paid_on": str(paid.get("paid_on", ""))[:10],
            "reference": str(paid.get("reference", ""))[:64],
        }
    values: dict[str, Any] = {"nssf": json.dumps(nssf, ensure_ascii=False)}
    number = change.get("claim_number")
    if isinstance(number, str) and len(number) <= 32:
        values["claim_number"] = number
    detail = {"cursor": change.get("cursor"), "status": status}
    try:
        transition(c, claim_id, event, ACTOR, detail, **values)
    except TransitionError:
        return False  # e.g. a decision repeated by NSSF: the claim already holds it
    return True


def _reason(r: Any) -> dict[str, Any]:
    if not isinstance(r, dict):
        raise SyncError("claim changes: a reason is not an object")
    line = r.get("line")
    return {
        "code": str(r.get("code", ""))[:64],
        "text_en": str(r.get("text_en", ""))[:500],
        "text_km": str(r.get("text_km", ""))[:500],
        "line": line if isinstance(line, int) else None,
    }
