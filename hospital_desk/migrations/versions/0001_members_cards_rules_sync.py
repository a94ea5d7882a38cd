"""Members (with dependant links), card revocations, rule sets, sync state.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

MemberId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
NameKey = sa.String(80).with_variant(sa.String(80, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("member_id", MemberId, primary_key=True, autoincrement=False),
        sa.Column("card_serial", sa.Integer, nullable=False),
        sa.Column("name_latin", sa.String(80), nullable=False),
        sa.Column("name_khmer", sa.String(80), nullable=False),
        sa.Column("name_latin_norm", NameKey, nullable=False),
        sa.Column("name_khmer_norm", NameKey, nullable=False),
        sa.Column("birth_ymd", sa.Integer, nullable=False),
        sa.Column("sex", sa.Integer, nullable=False),
        sa.Column("scheme", sa.Integer, nullable=False),
        sa.Column("enrolled_on", sa.Integer, nullable=False),
        sa.Column("paid_through", sa.Integer, nullable=False),
        sa.Column("paid_bitmap", MemberId, nullable=False),
        sa.Column("principal_id", MemberId, nullable=True),
        sa.Column("relationship", sa.Integer, nullable=True),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("employer_registered", sa.Boolean, nullable=False),
        sa.Column("left_on", sa.Integer, nullable=True),
        sa.Column("suspended_from", sa.Integer, nullable=True),
        sa.Column("suspended_until", sa.Integer, nullable=True),
        sa.Column("deceased_on", sa.Integer, nullable=True),
    )
    op.create_index("ix_members_name_latin_norm", "members", ["name_latin_norm"])
    op.create_index("ix_members_name_khmer_norm", "members", ["name_khmer_norm"])
    op.create_index("ix_members_principal_id", "members", ["principal_id"])
    op.create_table(
        "card_revocations",
        sa.Column("member_id", MemberId, primary_key=True, autoincrement=False),
        sa.Column("card_serial", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("revoked_on", sa.Integer, nullable=False),
    )
    op.create_table(
        "rule_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.String(40), nullable=False, unique=True),
        sa.Column("effective_from", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("loaded_at", sa.String(32), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("sync_state", "rule_sets", "card_revocations", "members"):
        op.drop_table(table)
