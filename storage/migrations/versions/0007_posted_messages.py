"""Remember which platform message each delivered staff notice became (to update it later).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("message_id", sa.String(100), nullable=True))
    op.create_index("ix_outbox_ref", "outbox", ["ref"])


def downgrade() -> None:
    op.drop_index("ix_outbox_ref", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("message_id")
