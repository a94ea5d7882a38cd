"""Migration 0004 up and down; a claim that no longer passes leaves 'ready'; a funeral
claim makes a scanned card read 'deceased'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from hospital_desk.card.issue import issue_qr_text
from hospital_desk.card.trust import install_trust_list, read_roots
from hospital_desk.claims.model import State
from hospital_desk.claims.store import ClaimBook
from hospital_desk.config import load_settings
from hospital_desk.desk import Desk
from hospital_desk.member_store import get_member
from hospital_desk.members import Member
from hospital_desk.schema import metadata
from hospital_desk.storage import _alembic_config, make_engine, upgrade
from tests.claims.claimlab import DECEASED, TODAY, funeral, hospital, load_people
from tests.serverfixture import CentralServer, trust_central_server

CLAIM_TABLES = {"claims", "claim_events", "claim_attachments", "local_deaths"}


def test_migration_0004_adds_and_removes_the_claim_tables_as_schema_py_has_them(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(engine, "0004")
    found = inspect(engine)
    for name in CLAIM_TABLES:
        assert {c["name"] for c in found.get_columns(name)} == set(metadata.tables[name].c.keys())
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0003")
    assert CLAIM_TABLES.isdisjoint(inspect(engine).get_table_names())
    engine.dispose()


def test_a_ready_claim_past_its_deadline_goes_back_to_draft(desk: Desk) -> None:
    days = [TODAY]
    book = ClaimBook(desk, "billing1", today=lambda: days[0])
    claim = book.create(hospital(book))
    assert book.mark_ready(claim.claim_id)[0].state is State.READY
    days[0] = TODAY + dt.timedelta(days=80)  # the 60-day deadline went by
    again, findings = book.mark_ready(claim.claim_id)
    assert again.state is State.DRAFT
    assert "claim.late_needs_reason" in [f.code for f in findings]
    assert book.history(claim.claim_id)[-1]["detail"] == {"errors": ["claim.late_needs_reason"]}


def test_a_scanned_card_of_a_member_with_a_funeral_claim_reads_deceased(
    desk_home: Path, central_server: CentralServer
) -> None:
    trust_central_server(desk_home, central_server)
    settings = load_settings()
    desk = Desk.open(settings)
    load_people(desk)
    with desk.engine.begin() as c:
        install_trust_list(c, central_server.pki.trust_list, read_roots(settings.trust_roots))
    book = ClaimBook(desk, "billing1", today=lambda: TODAY)
    member = get_member_of(desk)
    card = issue_qr_text(member, central_server.pki.issuers[7], 7, dt.date(2026, 1, 5))
    before = desk.scan(card, on=TODAY)
    assert before.check is not None and "elig.deceased" not in before.check.decisions[0].codes
    claim = book.create(funeral(book))
    book.mark_ready(claim.claim_id)
    after = desk.scan(card, on=TODAY)
    assert after.card.code == "valid" and after.check is not None
    assert "elig.deceased" in after.check.decisions[0].codes
    desk.close()


def get_member_of(desk: Desk) -> Member:
    with desk.engine.connect() as c:
        found = get_member(c, DECEASED)
    assert found is not None
    return found
