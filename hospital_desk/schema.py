"""The local database's tables (SQLAlchemy Core). Migrations in `migrations/` build them.

Days are stored as int YYYYMMDD and months as int month indexes (see `dates`):
compact, and compared as numbers.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Normalised names are compared byte-wise (the prefix range scan needs it): SQLite's
# default BINARY collation does that; PostgreSQL needs the "C" collation said outright.
NameKey = String(80).with_variant(String(80, collation="C"), "postgresql")

# 14-digit NSSF numbers need 64 bits. On SQLite the type must be exactly INTEGER so
# that the primary key is the rowid (the fastest point lookup SQLite has).
MemberIdType = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

members = Table(
    "members",
    metadata,
    Column("member_id", MemberIdType, primary_key=True, autoincrement=False),
    Column("card_serial", Integer, nullable=False),
    Column("name_latin", String(80), nullable=False),
    Column("name_khmer", String(80), nullable=False),
    Column("name_latin_norm", NameKey, nullable=False),
    Column("name_khmer_norm", NameKey, nullable=False),
    Column("birth_ymd", Integer, nullable=False),
    Column("sex", Integer, nullable=False),
    Column("scheme", Integer, nullable=False),
    Column("enrolled_on", Integer, nullable=False),
    Column("paid_through", Integer, nullable=False),
    Column("paid_bitmap", BigInteger().with_variant(Integer(), "sqlite"), nullable=False),
    Column("principal_id", MemberIdType, nullable=True),
    Column("relationship", Integer, nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("employer_registered", Boolean, nullable=False, default=True),
    Column("left_on", Integer, nullable=True),
    Column("suspended_from", Integer, nullable=True),
    Column("suspended_until", Integer, nullable=True),
    Column("deceased_on", Integer, nullable=True),
)
Index("ix_members_name_latin_norm", members.c.name_latin_norm)
Index("ix_members_name_khmer_norm", members.c.name_khmer_norm)
Index("ix_members_principal_id", members.c.principal_id)

MEMBER_COLUMNS: tuple[str, ...] = tuple(c.name for c in members.columns)

card_revocations = Table(
    "card_revocations",
    metadata,
    Column("member_id", MemberIdType, primary_key=True, autoincrement=False),
    Column("card_serial", Integer, primary_key=True, autoincrement=False),
    Column("reason", String(40), nullable=False),
    Column("revoked_on", Integer, nullable=False),
)

rule_sets = Table(
    "rule_sets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", String(40), nullable=False, unique=True),
    Column("effective_from", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("origin", String(20), nullable=False),  # "baseline" | "synced" | "file"
    Column("loaded_at", String(32), nullable=False),
    Column("active", Boolean, nullable=False, default=False),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

visits = Table(
    "visits",
    metadata,
    Column("visit_id", String(36), primary_key=True),  # client-generated UUID
    Column("day", Integer, nullable=False),
    Column("ticket", Integer, nullable=False),
    # Not a foreign key: a visit outlives any swap of the member list.
    Column("member_id", MemberIdType, nullable=True),
    Column("card_result", String(32), nullable=True),
    Column("decision_json", Text, nullable=False),
    Column("registered_by", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("called_at", String(32), nullable=True),
    Column("done_at", String(32), nullable=True),
    Column("state", String(16), nullable=False),  # waiting | called | done
    Column("work_injury", Boolean, nullable=True),
    UniqueConstraint("day", "ticket", name="uq_visits_day_ticket"),
)
Index("ix_visits_day_state", visits.c.day, visits.c.state)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(64), nullable=False),  # ids only: never names or health data
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)


# --- the card reader (issue 3) -------------------------------------------------------------

scan_log = Table(
    "scan_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("code", String(24), nullable=False),
    Column("kid", Integer, nullable=True),
    Column("member_id", MemberIdType, nullable=True),  # ids only: never names
    Column("card_serial", Integer, nullable=True),
    Column("uploaded", Boolean, nullable=False, default=False),
)


# --- claims (issue 6) ----------------------------------------------------------------------

claims = Table(
    "claims",
    metadata,
    Column("claim_id", String(36), primary_key=True),  # client-generated UUID4
    Column("revision", Integer, nullable=False),  # +1 each time a rejected claim is corrected
    Column("benefit", String(16), nullable=False),
    Column("member_id", MemberIdType, nullable=False),  # not a foreign key, as for visits
    Column("state", String(16), nullable=False),
    Column("service_date", String(10), nullable=False),  # ISO date eligibility is decided on
    Column("end_date", String(10), nullable=False),  # the deadline counts from here
    Column("body", Text, nullable=False),  # the ClaimInput as JSON
    Column("tariff_version", String(32), nullable=False),
    Column("lines", Text, nullable=False),  # priced lines as JSON
    Column("amount_claimed", BigInteger, nullable=False),
    Column("warnings", Text, nullable=False),
    Column("claim_number", String(32), nullable=True),  # NSSF's, once submitted
    Column("nssf", Text, nullable=False),  # NSSF's reasons and payment as JSON
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("ix_claims_state", claims.c.state)
Index("ix_claims_member_benefit", claims.c.member_id, claims.c.benefit)

claim_events = Table(
    "claim_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(36), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("at", String(32), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("event", String(16), nullable=False),
    Column("from_state", String(16), nullable=True),  # None at creation
    Column("to_state", String(16), nullable=False),
    Column("detail", Text, nullable=False),
)
Index("ix_claim_events_claim", claim_events.c.claim_id, claim_events.c.id)

claim_attachments = Table(
    "claim_attachments",
    metadata,
    Column("sha256", String(64), primary_key=True),  # the file is stored once by its hash
    Column("media_type", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("stored_at", String(32), nullable=False),
    Column("uploaded", Boolean, nullable=False, default=False),
)

local_deaths = Table(
    "local_deaths",
    metadata,
    Column("member_id", MemberIdType, primary_key=True),  # a funeral claim marks a death here
    Column("died_on", String(10), nullable=False),
    Column("claim_id", String(36), nullable=False),
)
