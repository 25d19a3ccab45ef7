"""Which country a member who lives outside the US lives in, as far as the crisis reply needs it
(#24: a stored Toronto residence keeps Canada's 9-8-8; Sydney gets 000 and Lifeline, never the
EU's 112). One of "uk", "canada", "australia", "mexico", "europe", "elsewhere", or empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("abroad_place", sa.String(12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("abroad_place")
