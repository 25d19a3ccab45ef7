"""Staff run the clinic: group keys and schedule fields, urgent/handoff requests, cancelled
sessions, notice references, and who/what on audit rows.

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _backfill_keys() -> None:
    """Existing groups get a stable key like 'anxiety-tue-1800' (suffixed when repeated)."""
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, topic, weekday, start_time FROM groups ORDER BY id")).all()
    seen: set[str] = set()
    for row in rows:
        clock = str(row.start_time)[:5].replace(":", "")
        base = f"{row.topic.replace('_', '-')}-{_DAYS[row.weekday % 7]}-{clock}"
        key, number = base, 2
        while key in seen:
            key, number = f"{base}-{number}", number + 1
        seen.add(key)
        conn.execute(sa.text("UPDATE groups SET key = :key WHERE id = :id"), {"key": key, "id": row.id})


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild on SQLite, so the seat CHECK constraint stays as it is).
    op.add_column("groups", sa.Column("key", sa.String(60)))
    op.add_column("groups", sa.Column("end_date", sa.Date))
    op.add_column("groups", sa.Column("weeks", sa.Integer))
    op.add_column("groups", sa.Column("join_link", sa.String(500)))
    op.add_column("groups", sa.Column("join_mid_cycle", sa.Boolean, nullable=False,
                                      server_default=sa.false()))
    op.add_column("groups", sa.Column("is_open", sa.Boolean, nullable=False, server_default=sa.true()))
    _backfill_keys()
    op.create_index("uq_groups_key", "groups", ["key"], unique=True)
    op.add_column("outbox", sa.Column("ref", sa.String(12)))
    op.add_column("audit", sa.Column("actor", sa.String(20)))
    op.add_column("audit", sa.Column("subject", sa.String(40)))
    op.create_table(
        "staff_requests",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("ref", sa.String(12), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("member_key", sa.String(200)),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("acked_by", sa.String(200)),
        sa.Column("acked_at", UTCDateTime()),
        sa.Column("done_at", UTCDateTime()),
        sa.Column("escalations", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_staff_requests"),
        sa.UniqueConstraint("ref", name="uq_staff_requests_ref"),
        sa.ForeignKeyConstraint(["member_key"], ["members.key"], ondelete="SET NULL",
                                name="fk_staff_requests_member_key_members"),
    )
    op.create_index("ix_staff_requests_open", "staff_requests", ["done_at", "acked_at"])
    op.create_table(
        "cancelled_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("group_id", sa.Integer, nullable=False),
        sa.Column("session_date", sa.Date, nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cancelled_sessions"),
        sa.UniqueConstraint("group_id", "session_date", name="uq_cancelled_sessions_group_date"),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE",
                                name="fk_cancelled_sessions_group_id_groups"),
    )


def downgrade() -> None:
    op.drop_table("cancelled_sessions")
    op.drop_index("ix_staff_requests_open", table_name="staff_requests")
    op.drop_table("staff_requests")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("subject")
        batch.drop_column("actor")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("ref")
    op.drop_index("uq_groups_key", table_name="groups")
    with op.batch_alter_table("groups") as batch:
        for column in ("is_open", "join_mid_cycle", "join_link", "weeks", "end_date", "key"):
            batch.drop_column(column)
