"""Whether any due work could act now, in one read-only statement.

The JSON-lines pipe asks this after a member's line instead of running every job (three
units of work, each taking SQLite's write lock). It is true when the outbox has a row due
for the platform, an urgent request is old enough to be escalated, or a reminder slot is
due: each the same filter as that job's own claim (``_OUTBOX_DUE_FILTER``,
``_UNANSWERED_FILTER``, the reminders' ``_DUE``), so a false answer means each job would
have found nothing. It reads the store each time (another process's rows count too) and
locks nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, or_, select

from storage.reminders import _DUE as REMINDER_DUE
from storage.repositories import _OUTBOX_DUE_FILTER, _UNANSWERED_FILTER
from storage.tables import outbox, session_reminders, staff_requests

ANYTHING_DUE = select(or_(exists().where(*_OUTBOX_DUE_FILTER).select_from(outbox),
                          exists().where(*_UNANSWERED_FILTER).select_from(staff_requests),
                          exists().where(*REMINDER_DUE).select_from(session_reminders)))


def due_params(now: datetime, *, platform: str, escalate_before: datetime, max_escalations: int,
               offsets: list[int]) -> dict[str, object]:
    """The statement's parameters (``escalate_before`` is ``now`` less the escalation interval)."""
    return {"now": now, "platform": platform, "before": escalate_before, "max": max_escalations,
            "offsets": offsets}
