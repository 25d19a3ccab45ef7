"""Initial schema: members, groups, bookings, processed events, outbox, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("user_id", sa.String(150), nullable=False),
        sa.Column("ref", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("residence_code", sa.String(12)),
        sa.Column("residence_confirmed_at", UTCDateTime()),
        sa.Column("at_risk", sa.Boolean, nullable=False),
        sa.Column("notice_seen", sa.Boolean, nullable=False),
        sa.Column("dialogue", sa.JSON, nullable=False),
        sa.Column("dialogue_updated_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("key", name="pk_members"),
        sa.UniqueConstraint("ref", name="uq_members_ref"),
    )
    op.create_table(
        "groups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("topic", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("start_time", sa.Time, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("taken", sa.Integer, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("facilitator", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_groups"),
        sa.CheckConstraint("taken >= 0 AND taken <= capacity", name="ck_groups_seats"),
        sa.CheckConstraint("kind IN ('therapy', 'dbt_skills')", name="ck_groups_kind"),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ref", sa.String(20), nullable=False),
        sa.Column("member_key", sa.String(200), nullable=False),
        sa.Column("group_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
        sa.UniqueConstraint("ref", name="uq_bookings_ref"),
        sa.UniqueConstraint("member_key", "group_id", name="uq_bookings_member_group"),
        sa.ForeignKeyConstraint(["member_key"], ["members.key"], ondelete="CASCADE",
                                name="fk_bookings_member_key_members"),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE",
                                name="fk_bookings_group_id_groups"),
        sa.CheckConstraint("status IN ('confirmed', 'waitlisted')", name="ck_bookings_status"),
    )
    op.create_index("ix_bookings_group_status", "bookings", ["group_id", "status", "id"])
    op.create_table(
        "processed_events",
        sa.Column("event_id", sa.String(200), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_processed_events"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("member_key", sa.String(200)),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_until", UTCDateTime()),
        sa.Column("sent_at", UTCDateTime()),
        sa.Column("last_error", sa.String(200)),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_due", "outbox", ["platform", "sent_at", "next_attempt_at"])
    op.create_index("ix_outbox_member", "outbox", ["member_key"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_index("ix_outbox_member", table_name="outbox")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("processed_events")
    op.drop_index("ix_bookings_group_status", table_name="bookings")
    op.drop_table("bookings")
    op.drop_table("groups")
    op.drop_table("members")
