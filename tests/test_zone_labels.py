"""A group's weekly time carries the same zone label wherever it is written: the group's own
``when`` (buttons, notices) and ``times`` (member replies) share one labeller."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot import times
from bot.domain import Group


def _group(zone: str) -> Group:
    return Group(id=1, topic="anxiety", kind="therapy", title="Anxiety group", weekday=1,
                 start_time=time(18, 0), timezone=zone, capacity=10, taken=0,
                 start_date=date(2027, 1, 5), facilitator="Jordan Lee")


@pytest.mark.parametrize(("zone", "label"), [("Pacific/Honolulu", "HT"), ("America/Anchorage", "AKT"),
                                             ("America/New_York", "ET"), ("America/Denver", "MT")])
def test_when_uses_the_short_label_times_uses(zone: str, label: str) -> None:
    group = _group(zone)
    sample = group.next_session(datetime(2027, 1, 1, tzinfo=UTC))
    assert sample is not None
    assert group.when() == f"Tuesdays 6:00 PM {label}"
    assert times.weekly(sample, zone, None) == group.when()
