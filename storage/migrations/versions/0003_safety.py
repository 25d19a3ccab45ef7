"""Safety that fits the person: the age gate's yes/no, and when/why a risk flag was set.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("adult", sa.Boolean, nullable=True))
        batch.add_column(sa.Column("risk_flagged_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("risk_category", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("risk_category")
        batch.drop_column("risk_flagged_at")
        batch.drop_column("adult")
