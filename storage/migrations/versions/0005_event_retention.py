"""Index processed events by when they were seen, for the retention purge.

Revision ID: 0005
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_processed_events_seen_at", "processed_events", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_processed_events_seen_at", table_name="processed_events")
