"""Sessions in members' lives: reminder schedule, skipped weeks, reminder opt-outs, and
buttons/files on member messages in the outbox.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("extra", sa.JSON(), nullable=True))
    op.create_table(
        "session_reminders",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("groups.id", ondelete="CASCADE",
                                                          name="fk_session_reminders_group_id_groups"),
                  nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("session_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_session_reminders"),
        sa.UniqueConstraint("group_id", "offset_minutes", name="uq_session_reminders_group_offset"),
    )
    op.create_index("ix_session_reminders_due", "session_reminders", ["due_at"])
    op.create_table(
        "skipped_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("booking_id", sa.Integer(), sa.ForeignKey("bookings.id", ondelete="CASCADE",
                                                            name="fk_skipped_sessions_booking_id_bookings"),
                  nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skipped_sessions"),
        sa.UniqueConstraint("booking_id", "session_date", name="uq_skipped_sessions_booking_date"),
    )
    op.create_table(
        "reminder_optouts",
        sa.Column("member_key", sa.String(200), sa.ForeignKey("members.key", ondelete="CASCADE",
                                                              name="fk_reminder_optouts_member_key_members"),
                  nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("member_key", name="pk_reminder_optouts"),
    )


def downgrade() -> None:
    op.drop_table("reminder_optouts")
    op.drop_table("skipped_sessions")
    op.drop_index("ix_session_reminders_due", table_name="session_reminders")
    op.drop_table("session_reminders")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("extra")
