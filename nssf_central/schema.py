"""The central server's tables (SQLAlchemy Core).

The member list itself uses the desk core's `members` and `card_revocations` tables
(same columns, same bulk loader); the rest is the server's own: its state, the change
log, the ground truth of simulated days, published snapshots, devices and claims.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from hospital_desk.schema import MemberIdType, card_revocations, members, sync_state

metadata = MetaData()

central_state = Table(
    "central_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row per published change batch; the signed bytes are a file in files/changes/.
change_batches = Table(
    "change_batches",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("day", Integer, nullable=False),  # YYYYMMDD the batch describes
    Column("created_at", String(32), nullable=False),
    Column("upserts", Integer, nullable=False),
    Column("tombstones", Integer, nullable=False),
    Column("revocations", Integer, nullable=False),
    Column("file", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
)

# The ground truth of simulated days: what happened to whom, and what a desk should say.
day_events = Table(
    "day_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seq", Integer, nullable=False),
    Column("day", Integer, nullable=False),
    Column("member_id", MemberIdType, nullable=False),
    Column("event", String(24), nullable=False),
    Column("profile", String(32), nullable=True),  # synthetic profile after the event
    Column("card_serial", Integer, nullable=True),  # the serial the event is about
)
Index("ix_day_events_seq", day_events.c.seq)

snapshots = Table(
    "snapshots",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("created_at", String(32), nullable=False),
    Column("member_count", Integer, nullable=False),
    Column("manifest", LargeBinary, nullable=False),  # the signed manifest bytes
)

snapshot_parts = Table(
    "snapshot_parts",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("name", String(64), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_sha256", String(64), primary_key=True),
    Column("facility_id", String(40), nullable=True),  # None: any facility may use it
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("used_at", String(32), nullable=True),
)

devices = Table(
    "devices",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("device_id", String(36), nullable=False, unique=True),
    Column("facility_id", String(40), nullable=False),
    Column("enrolled_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
)
Index("ix_devices_facility", devices.c.facility_id)

# --- claims (nssf_central.claims) ----------------------------------------------------------

claims = Table(
    "claims",
    metadata,
    Column("claim_number", Integer, primary_key=True, autoincrement=True),
    Column("facility_id", String(40), nullable=False),
    Column("idempotency_key", String(64), nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # submitted | accepted | rejected | paid
    Column("response", Text, nullable=False),  # the exact answer, replayed on a retry
    UniqueConstraint("facility_id", "idempotency_key", name="uq_claims_facility_key"),
)

claim_events = Table(
    "claim_events",
    metadata,
    Column("cursor", Integer, primary_key=True, autoincrement=True),
    Column("claim_number", Integer, nullable=False),
    Column("facility_id", String(40), nullable=False),
    Column("status", String(16), nullable=False),
    Column("detail", Text, nullable=False),  # JSON: reasons, payment
    Column("at", String(32), nullable=False),
)
Index("ix_claim_events_facility_cursor", claim_events.c.facility_id, claim_events.c.cursor)

attachments = Table(
    "attachments",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("first_facility_id", String(40), nullable=False),
    Column("stored_at", String(32), nullable=False),
)

scan_entries = Table(
    "scan_entries",
    metadata,
    Column("facility_id", String(40), primary_key=True),
    Column("device_id", String(36), primary_key=True),
    Column("entry_id", BigInteger, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("code", String(24), nullable=False),
    Column("kid", Integer, nullable=True),
    Column("member_id", MemberIdType, nullable=True),
    Column("card_serial", Integer, nullable=True),
    Column("received_at", String(32), nullable=False),
    Column("flag", Boolean, nullable=False, default=False),
)

# The core's own tables the central database reuses (the bulk loader writes list_as_of).
CORE_TABLES = (members, card_revocations, sync_state)
