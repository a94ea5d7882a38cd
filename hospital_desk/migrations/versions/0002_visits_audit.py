"""Visits (the reception queue) and the audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MemberId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("visit_id", sa.String(36), primary_key=True),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("ticket", sa.Integer, nullable=False),
        sa.Column("member_id", MemberId, nullable=True),
        sa.Column("card_result", sa.String(32), nullable=True),
        sa.Column("decision_json", sa.Text, nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("called_at", sa.String(32), nullable=True),
        sa.Column("done_at", sa.String(32), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("work_injury", sa.Boolean, nullable=True),
        sa.UniqueConstraint("day", "ticket", name="uq_visits_day_ticket"),
    )
    op.create_index("ix_visits_day_state", "visits", ["day", "state"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    # Rule sets loaded before this version were all baseline copies.
    op.execute("UPDATE rule_sets SET origin = 'baseline' WHERE origin = ''")


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_index("ix_visits_day_state", table_name="visits")
    op.drop_table("visits")
