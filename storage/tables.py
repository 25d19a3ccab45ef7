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
)

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
    CheckConstraint("taken >= 0 AND taken <= capacity", name="seats"),
    CheckConstraint("kind IN ('therapy', 'dbt_skills')", name="kind"),
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
    CheckConstraint("status IN ('confirmed', 'waitlisted')", name="status"),
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
    Index("ix_outbox_due", "platform", "sent_at", "next_attempt_at"),
    Index("ix_outbox_member", "member_key"),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(40), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
)
