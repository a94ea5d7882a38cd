"""Claims, their event history, attachments by hash, and deaths recorded by funeral claims.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MemberId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.String(36), primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("benefit", sa.String(16), nullable=False),
        sa.Column("member_id", MemberId, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("service_date", sa.String(10), nullable=False),
        sa.Column("end_date", sa.String(10), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("tariff_version", sa.String(32), nullable=False),
        sa.Column("lines", sa.Text, nullable=False),
        sa.Column("amount_claimed", sa.BigInteger, nullable=False),
        sa.Column("warnings", sa.Text, nullable=False),
        sa.Column("claim_number", sa.String(32), nullable=True),
        sa.Column("nssf", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_claims_state", "claims", ["state"])
    op.create_index("ix_claims_member_benefit", "claims", ["member_id", "benefit"])
    op.create_table(
        "claim_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("claim_id", sa.String(36), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=True),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_claim_events_claim", "claim_events", ["claim_id", "id"])
    op.create_table(
        "claim_attachments",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("stored_at", sa.String(32), nullable=False),
        sa.Column("uploaded", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "local_deaths",
        sa.Column("member_id", MemberId, primary_key=True),
        sa.Column("died_on", sa.String(10), nullable=False),
        sa.Column("claim_id", sa.String(36), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("local_deaths")
    op.drop_table("claim_attachments")
    op.drop_index("ix_claim_events_claim", "claim_events")
    op.drop_table("claim_events")
    op.drop_index("ix_claims_member_benefit", "claims")
    op.drop_index("ix_claims_state", "claims")
    op.drop_table("claims")
