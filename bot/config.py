"""The core's own settings, handed in by the composition root (no environment reads here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

DEFAULT_ELIGIBLE_STATES = frozenset({"FL", "NY", "NJ"})


@dataclass(frozen=True, slots=True)
class CoreConfig:
    eligible_states: frozenset[str] = DEFAULT_ELIGIBLE_STATES
    staff_ids: frozenset[str] = field(default_factory=frozenset)
    flow_timeout: timedelta = timedelta(minutes=30)
    residence_recheck_after: timedelta = timedelta(minutes=30)
    max_text: int = 2000
    rate_limit_per_minute: int = 20
    notices_reference_only: bool = False
    store_timeout_seconds: float = 5.0
    crisis_store_timeout_seconds: float = 2.0
    max_bookings_per_member: int = 2
    urgent_escalate_minutes: int = 10
    urgent_max_escalations: int = 3
    staff_oncall_mention: str = ""
    min_age: int = 18
    reminder_offsets: tuple[int, ...] = (24 * 60, 60)  # minutes before a session (REMINDER_OFFSETS)
    max_turns: int = 8  # turns using the store at once; the rest wait in arrival order (crisis never waits)

    def is_staff(self, platform: str, user_id: str) -> bool:
        """Staff are listed by bare platform user id, or as 'platform:id'."""
        return user_id in self.staff_ids or f"{platform}:{user_id}" in self.staff_ids
