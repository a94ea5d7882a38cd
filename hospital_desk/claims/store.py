"""Claims in the desk's database: create, check, queue, correct, and their history.

`ClaimBook(desk, actor)` is what a screen, the CLI and the sync client use. Every
state change goes through `transition` (one transaction: the claim's row, a
claim_events line with who and when, and a line in the hash-chained audit log), and
through the state machine in `states`, so no code path can skip a state.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Row, func, select

from hospital_desk.claims import attachments
from hospital_desk.claims.checks import Context, Finding, check_claim, errors, price_lines
from hospital_desk.claims.checks import benefit_rules as claim_benefit_rules
from hospital_desk.claims.codec import input_from_json, input_json
from hospital_desk.claims.deaths import record_death, with_local_death
from hospital_desk.claims.model import (
    Benefit,
    Claim,
    ClaimId,
    ClaimInput,
    Funeral,
    Hospitalisation,
    Maternity,
    Payment,
    PricedLine,
    Reason,
    State,
    new_claim_id,
)
from hospital_desk.claims.states import EDITABLE, Event, next_state
from hospital_desk.claims.tariff import active_tariff
from hospital_desk.desk import Desk
from hospital_desk.eligibility import decide
from hospital_desk.errors import InputError
from hospital_desk.member_store import get_member
from hospital_desk.rules import active_rule_set
from hospital_desk.schema import claim_events, claims
from hospital_desk.storage import append_audit, list_as_of


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class ClaimNotFoundError(InputError):
    code = "claim.not_found"


def claim_from_row(row: Row[Any]) -> Claim:
    nssf = json.loads(row.nssf)
    payment = nssf.get("payment")
    return Claim(
        claim_id=ClaimId(row.claim_id),
        revision=row.revision,
        state=State(row.state),
        input=input_from_json(json.loads(row.body)),
        tariff_version=row.tariff_version,
        lines=tuple(PricedLine(**x) for x in json.loads(row.lines)),
        amount_claimed=row.amount_claimed,
        created_at=row.created_at,
        created_by=row.created_by,
        updated_at=row.updated_at,
        claim_number=row.claim_number,
        reasons=tuple(Reason(**r) for r in nssf.get("reasons", [])),
        payment=Payment(**payment) if payment else None,
        warnings=tuple(json.loads(row.warnings)),
    )


def get_claim(connection: Connection, claim_id: str) -> Claim:
    row = connection.execute(select(claims).where(claims.c.claim_id == claim_id)).first()
    if row is None:
        raise ClaimNotFoundError(f"no claim {claim_id[:36]!r} at this desk")
    return claim_from_row(row)


def transition(
    connection: Connection,
    claim_id: str,
    event: Event,
    actor: str,
    detail: dict[str, Any] | None = None,
    **values: Any,
) -> State:
    """Move a claim by `event` (TransitionError when not allowed), recording who and when."""
    row = connection.execute(
        select(claims.c.state, claims.c.revision).where(claims.c.claim_id == claim_id)
    ).first()
    if row is None:
        raise ClaimNotFoundError(f"no claim {claim_id[:36]!r} at this desk")
    before = State(row.state)
    after = next_state(before, event)
    at = now_text()
    revision = values.get("revision", row.revision)
    connection.execute(
        claims.update()
        .where(claims.c.claim_id == claim_id)
        .values(state=after, updated_at=at, **values)
    )
    _event(
        connection,
        claim_id=claim_id,
        revision=revision,
        actor=actor,
        event=event,
        before=before,
        after=after,
        detail=detail or {},
        at=at,
    )
    return after


def _event(
    connection: Connection,
    *,
    claim_id: str,
    revision: int,
    actor: str,
    event: str,
    before: State | None,
    after: State,
    detail: dict[str, Any],
    at: str,
) -> None:
    connection.execute(
        claim_events.insert().values(
            claim_id=claim_id,
            revision=revision,
            at=at,
            actor=actor,
            event=event,
            from_state=before,
            to_state=after,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
        )
    )
    append_audit(connection, actor, f"claim.{event}", claim_id, {"to": str(after), **detail})


class ClaimBook:
    """One desk's claims, changed by `actor` (a user name or 'sync')."""

    def __init__(self, desk: Desk, actor: str, today: Callable[[], dt.date] = dt.date.today):
        self.desk = desk
        self.actor = actor
        self.today = today

    # --- reading --------------------------------------------------------------------------
    def get(self, claim_id: str) -> Claim:
        with self.desk.engine.connect() as connection:
            return get_claim(connection, claim_id)

    def find(
        self,
        state: State | None = None,
        benefit: Benefit | None = None,
        member_id: int | None = None,
        month: str | None = None,  # "YYYY-MM" of the service date
    ) -> list[Claim]:
        query = select(claims).order_by(claims.c.created_at, claims.c.claim_id)
        if state is not None:
            query = query.where(claims.c.state == state)
        if benefit is not None:
            query = query.where(claims.c.benefit == benefit)
        if member_id is not None:
            query = query.where(claims.c.member_id == member_id)
        if month is not None:
            query = query.where(claims.c.service_date.startswith(month + "-"))
        with self.desk.engine.connect() as connection:
            return [claim_from_row(r) for r in connection.execute(query)]

    def counts(self) -> dict[str, int]:
        """Claims per state (every state listed, zeros included)."""
        with self.desk.engine.connect() as connection:
            rows = connection.execute(select(claims.c.state, func.count()).group_by(claims.c.state))
            found = {r[0]: int(r[1]) for r in rows}
        return {str(s): found.get(s, 0) for s in State}

    def history(self, claim_id: str) -> list[dict[str, Any]]:
        with self.desk.engine.connect() as connection:
            rows = connection.execute(
                select(claim_events)
                .where(claim_events.c.claim_id == claim_id)
                .order_by(claim_events.c.id)
            )
            return [{**r._asdict(), "detail": json.loads(r.detail)} for r in rows]

    # --- checks ---------------------------------------------------------------------------
    def check(self, claim: ClaimInput, claim_id: str | None = None) -> tuple[Finding, ...]:
        """Every finding for `claim` as it stands today (errors block 'ready')."""
        with self.desk.engine.connect() as connection:
            return check_claim(claim, self._context(connection, claim, claim_id))

    def _context(self, c: Connection, claim: ClaimInput, claim_id: str | None) -> Context:
        rules = active_rule_set(c)
        as_of = list_as_of(c)
        member = with_local_death(c, get_member(c, claim.member_id))
        principal = (
            get_member(c, member.principal_id)
            if member is not None and member.principal_id is not None
            else None
        )
        day = claim.service_date()
        if isinstance(claim.details, Funeral) and member is not None:
            member = replace(member, deceased_on=claim.details.died_on)
        br = claim_benefit_rules(claim.benefit)
        stale = self.desk.settings.stale_after_days

        def elig(benefit: str) -> Any:
            return decide(member, benefit, day, rules, as_of, principal=principal,
                          stale_after_days=stale)  # fmt: skip

        others = c.execute(
            select(claims.c.claim_id, claims.c.benefit, claims.c.service_date, claims.c.end_date)
            .where(claims.c.member_id == claim.member_id)
            .where(claims.c.benefit.in_((Benefit.HOSPITALISATION, Benefit.FUNERAL)))
            .where(claims.c.claim_id != (claim_id or ""))
        ).all()
        stays = tuple(
            (r.claim_id, dt.date.fromisoformat(r.service_date), dt.date.fromisoformat(r.end_date))
            for r in others
            if r.benefit == Benefit.HOSPITALISATION
        )
        funeral = next((r.claim_id for r in others if r.benefit == Benefit.FUNERAL), None)
        care = rules.benefits.get(br["care_benefit"])
        limit = (
            next((e for e in care.entitlements if e.code == "ent.care_days"), None)
            if care
            else None
        )
        care_days = (
            (int(limit.params_dict["days"]), int(limit.params_dict["months"])) if limit else None
        )
        return Context(
            today=self.today(),
            tariff=active_tariff(c),
            care=elig(br["care_benefit"]),
            allowance=elig(br["allowance_benefit"]) if "allowance_benefit" in br else None,
            other_stays=stays if isinstance(claim.details, Hospitalisation) else (),
            funeral_claim=funeral if isinstance(claim.details, Funeral) else None,
            care_days=care_days,
            attachments=attachments.held(c, [d.sha256 for d in claim.documents]),
        )

    # --- changes --------------------------------------------------------------------------
    def attach(self, data: bytes) -> attachments.Attachment:
        with self.desk.engine.begin() as connection:
            return attachments.store_attachment(connection, self.desk.settings.home, data)

    def _priced(self, c: Connection, claim: ClaimInput) -> dict[str, Any]:
        tariff = active_tariff(c)
        lines = price_lines(claim, tariff)
        return {
            "benefit": str(claim.benefit),
            "member_id": int(claim.member_id),
            "service_date": claim.service_date().isoformat(),
            "end_date": claim.end_date().isoformat(),
            "body": json.dumps(input_json(claim), ensure_ascii=False, sort_keys=True),
            "tariff_version": tariff.version,
            "lines": json.dumps([x.__dict__ for x in lines]),
            "amount_claimed": sum(x.amount for x in lines),
            "warnings": "[]",
        }

    def create(self, claim: ClaimInput, claim_id: ClaimId | None = None) -> Claim:
        """A new draft with a client-generated id (priced from today's tariff)."""
        claim_id = claim_id or new_claim_id()
        at = now_text()
        with self.desk.engine.begin() as c:
            c.execute(
                claims.insert().values(
                    claim_id=claim_id,
                    revision=1,
                    state=State.DRAFT,
                    nssf="{}",
                    created_at=at,
                    created_by=self.actor,
                    updated_at=at,
                    **self._priced(c, claim),
                )
            )
            _event(
                c,
                claim_id=claim_id,
                revision=1,
                actor=self.actor,
                event="create",
                before=None,
                after=State.DRAFT,
                detail={},
                at=at,
            )
            return get_claim(c, claim_id)

    def update(self, claim_id: str, claim: ClaimInput) -> Claim:
        """Change a draft or ready claim (it goes back to draft)."""
        with self.desk.engine.begin() as c:
            current = get_claim(c, claim_id)
            if current.input.benefit != claim.benefit:
                raise InputError("a claim's benefit cannot change: start a new claim")
            transition(c, claim_id, Event.EDIT, self.actor, **self._priced(c, claim))
            return get_claim(c, claim_id)

    def correct(self, claim_id: str, claim: ClaimInput) -> Claim:
        """A rejected claim, corrected: a new revision in draft, its history kept."""
        with self.desk.engine.begin() as c:
            current = get_claim(c, claim_id)
            detail = {"rejected_revision": current.revision}
            transition(c, claim_id, Event.CORRECT, self.actor, detail,
                       revision=current.revision + 1, claim_number=None, nssf="{}",
                       **self._priced(c, claim))  # fmt: skip
            return get_claim(c, claim_id)

    def mark_ready(self, claim_id: str) -> tuple[Claim, tuple[Finding, ...]]:
        """Run every check; 'ready' when no error is found, back to draft from 'ready' when
        one is (the findings either way)."""
        with self.desk.engine.begin() as c:
            claim = get_claim(c, claim_id)
            if claim.state not in EDITABLE:
                next_state(claim.state, Event.READY)  # raises: not allowed from here
            findings = check_claim(claim.input, self._context(c, claim.input, claim_id))
            if errors(findings):
                if claim.state is State.READY:  # no longer passes (a deadline went by...)
                    codes = sorted({f.code for f in errors(findings)})
                    transition(c, claim_id, Event.EDIT, self.actor, {"errors": codes})
                    return get_claim(c, claim_id), findings
                return claim, findings
            warnings = json.dumps(sorted({f.code for f in findings}))
            if claim.state is State.DRAFT:
                transition(c, claim_id, Event.READY, self.actor, warnings=warnings)
            if isinstance(claim.input.details, Funeral):
                record_death(c, claim.input.member_id, claim.input.details.died_on, claim_id)
            return get_claim(c, claim_id), findings

    def queue(self, claim_id: str) -> Claim:
        return self._move(claim_id, Event.QUEUE)

    def unqueue(self, claim_id: str) -> Claim:
        return self._move(claim_id, Event.UNQUEUE)

    def _move(self, claim_id: str, event: Event) -> Claim:
        with self.desk.engine.begin() as c:
            transition(c, claim_id, event, self.actor)
            return get_claim(c, claim_id)


__all__ = ["ClaimBook", "ClaimNotFoundError", "Maternity", "get_claim", "transition"]
