"""Table definitions (rows, not domain objects); Alembic migrations mirror these."""

from __future__ import annotations

from sqlalchemy import (
                        JSON,
                        Boolean,
                        CheckConstraint,
                        Column,
                        Date,
                        ForeignKey,
                        Index,
                        Integer,
                        MetaData,
                        String,
                        Table,
                        Text,
                        Time,
                        UniqueConstraint,
    false,
    true,
)

from sqlalchemy.sql.elements import conv

from storage.types import UTCDateTime

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

members = Table(
    "members", metadata,
    Column("key", String(200), primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("user_id", String(150), nullable=False),
    Column("ref", String(20), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("residence_code", String(12)),
    Column("residence_confirmed_at", UTCDateTime()),
    Column("at_risk", Boolean, nullable=False, default=False),
    Column("notice_seen", Boolean, nullable=False, default=False),
    Column("dialogue", JSON, nullable=False, default=dict),
    Column("dialogue_updated_at", UTCDateTime()),
    Column("timezone", String(64)),  # the member's IANA zone, once known (0002)
    Column("adult", Boolean),
    Column("risk_flagged_at", UTCDateTime()),
    Column("risk_category", String(20)),
    Column("abroad_place", String(12)),  # the country outside the US, for the crisis reply (0008)
)

groups = Table(
    "groups", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("title", String(120), nullable=False),
    Column("weekday", Integer, nullable=False),
    Column("start_time", Time, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("duration_minutes", Integer, nullable=False, default=60),
    Column("capacity", Integer, nullable=False),
    Column("taken", Integer, nullable=False, default=0),
    Column("start_date", Date, nullable=False),
    Column("facilitator", String(120), nullable=False),
    Column("key", String(60)),
    Column("end_date", Date),
    Column("weeks", Integer),
    Column("join_link", String(500)),
    Column("join_mid_cycle", Boolean, nullable=False, default=False, server_default=false()),
    Column("is_open", Boolean, nullable=False, default=True, server_default=true()),
    # The check constraints' names are the ones the released migration 0001 gave them (it
    # passed names the naming convention then prefixed again); conv() keeps them as they are.
    CheckConstraint("taken >= 0 AND taken <= capacity", name=conv("ck_groups_ck_groups_seats")),
    CheckConstraint("kind IN ('therapy', 'dbt_skills')", name=conv("ck_groups_ck_groups_kind")),
    Index("uq_groups_key", "key", unique=True),
)

bookings = Table(
    "bookings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(20), nullable=False, unique=True),
    Column("member_key", String(200), ForeignKey("members.key", ondelete="CASCADE"), nullable=False),
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(12), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("member_key", "group_id", name="uq_bookings_member_group"),
    CheckConstraint("status IN ('confirmed', 'waitlisted')", name=conv("ck_bookings_ck_bookings_status")),
    Index("ix_bookings_group_status", "group_id", "status", "id"),
)

processed_events = Table(
    "processed_events", metadata,
    Column("event_id", String(200), primary_key=True),
    Column("seen_at", UTCDateTime(), nullable=False),
    Index("ix_processed_events_seen_at", "seen_at"),  # the retention purge (0005)
)

outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("audience", String(10), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("member_key", String(200)),
    Column("platform", String(20), nullable=False),
    Column("urgent", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("claimed_until", UTCDateTime()),
    Column("sent_at", UTCDateTime()),
    Column("last_error", String(200)),
    Column("ref", String(12)),
    Column("message_id", String(100)),  # the platform's id of the posted message (to update it)
    Column("extra", JSON),  # a member message's buttons and files (0006)
    Index("ix_outbox_due", "platform", "sent_at", "next_attempt_at"),
    Index("ix_outbox_member", "member_key"),
    Index("ix_outbox_ref", "ref"),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(40), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor", String(20)),     # hashed staff id (M-...), never a platform user id
    Column("subject", String(40)),   # a booking, group, member or request reference
)

staff_requests = Table(
    "staff_requests", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(12), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("member_key", String(200), ForeignKey("members.key", ondelete="SET NULL")),
    Column("platform", String(20), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("acked_by", String(200)),
    Column("acked_at", UTCDateTime()),
    Column("done_at", UTCDateTime()),
    Column("escalations", Integer, nullable=False, default=0, server_default="0"),
    Index("ix_staff_requests_open", "done_at", "acked_at"),
)

cancelled_sessions = Table(
    "cancelled_sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column("session_date", Date, nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    UniqueConstraint("group_id", "session_date", name="uq_cancelled_sessions_group_date"),
)

# -- sessions in members' lives (0006) ------------------------------------------------------

session_reminders = Table(
    "session_reminders", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column("offset_minutes", Integer, nullable=False),
    Column("session_at", UTCDateTime(), nullable=False),  # the session this row waits for
    Column("due_at", UTCDateTime(), nullable=False),      # session_at - offset
    UniqueConstraint("group_id", "offset_minutes", name="uq_session_reminders_group_offset"),
    Index("ix_session_reminders_due", "due_at"),
)

skipped_sessions = Table(
    "skipped_sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("booking_id", Integer, ForeignKey("bookings.id", ondelete="CASCADE"), nullable=False),
    Column("session_date", Date, nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    UniqueConstraint("booking_id", "session_date", name="uq_skipped_sessions_booking_date"),
)

reminder_optouts = Table(
    "reminder_optouts", metadata,
    Column("member_key", String(200), ForeignKey("members.key", ondelete="CASCADE"),
           primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
)
