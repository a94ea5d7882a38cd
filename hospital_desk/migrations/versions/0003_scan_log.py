"""The card scan log (result, kid, member, serial, time), kept for upload to NSSF.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MemberId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "scan_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("code", sa.String(24), nullable=False),
        sa.Column("kid", sa.Integer, nullable=True),
        sa.Column("member_id", MemberId, nullable=True),
        sa.Column("card_serial", sa.Integer, nullable=True),
        sa.Column("uploaded", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_table("scan_log")
