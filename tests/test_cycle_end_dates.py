"""A group's next session never falls after its cycle's last session: once a cycle has
ended, the member's lists say so instead of naming a date the group does not meet on."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bot import actions
from bot.core import Core
from bot.domain import Group
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

# The fixture's DBT skills group meets Saturdays; here a 12-week cycle from Sat 9 Jan 2027
# (last session Sat 27 Mar 2027).
BEFORE = datetime(2027, 1, 1, 12, tzinfo=UTC)
AFTER_THE_CYCLE = datetime(2027, 4, 1, 12, tzinfo=UTC)


def dbt(store: FakeStore) -> Group:
    group = next(g for g in store.data.groups.values() if g.topic == "dbt_skills")
    store.data.groups[group.id] = replace(group, start_date=date(2027, 1, 9), weeks=12)
    return store.data.groups[group.id]


def test_next_session_stops_at_the_cycle_end(store: FakeStore) -> None:
    group = dbt(store)
    assert group.next_session(BEFORE) is not None
    assert group.next_session(datetime(2027, 3, 26, 12, tzinfo=UTC)) is not None  # Sat 27 Mar is the last
    assert group.next_session(AFTER_THE_CYCLE) is None
    assert group.next_session_phrase(AFTER_THE_CYCLE, lead="next") == "no sessions left in this cycle"
    assert group.next_session_phrase(BEFORE, lead="next") == "next Sat 9 Jan"


async def test_my_bookings_after_the_cycle_names_no_date_past_its_end(core: Core, store: FakeStore,
                                                                       clock: FakeClock) -> None:
    group = dbt(store)
    clock.current = BEFORE
    member = Chat(core, "a")
    await member.say("Texas")
    await member.act(actions.encode("book", group.id))
    clock.current = AFTER_THE_CYCLE
    await member.act(actions.encode("mine"))
    assert "no sessions left in this cycle" in member.text
    assert "Apr 2027" not in member.text and "next Sat" not in member.text
