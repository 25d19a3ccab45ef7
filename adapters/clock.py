"""Clocks: the real one (UTC, aware) and a manual one for tests and demos (``--clock``)."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ClockError(ValueError):
    """An instant that cannot be read, or a move backwards; the message says which."""


def parse_instant(raw: object) -> datetime:
    """An ISO-8601 instant with a zone (``2027-01-04T12:00:00Z``), as an aware UTC datetime."""
    if not isinstance(raw, str) or not raw.strip():
        raise ClockError("expected an ISO-8601 instant such as 2027-01-04T12:00:00Z")
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ClockError(f"not an ISO-8601 instant: {raw.strip()[:40]!r} "
                         "(expected e.g. 2027-01-04T12:00:00Z)") from None
    if moment.tzinfo is None:
        raise ClockError("the instant needs a time zone, e.g. 2027-01-04T12:00:00Z")
    return moment.astimezone(UTC)


def format_instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class ManualClock:
    """Stands still until moved; moves forward only."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ClockError("the instant needs a time zone, e.g. 2027-01-04T12:00:00Z")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def move_to(self, moment: datetime) -> datetime:
        """Move forward to ``moment`` (the same instant is fine); never back."""
        if moment < self._now:
            raise ClockError(f"the clock only moves forward: it is already {format_instant(self._now)}")
        self._now = moment
        return self._now
