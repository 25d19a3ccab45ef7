"""Rules in one place: who may book which kind of group (bot.domain.open_to), and a member key."""

from __future__ import annotations

from datetime import date, time

from bot.domain import Group, open_to
from bot.language.residence import OUTSIDE_US, residence_from_code

STATES = frozenset({"FL", "NY", "NJ"})


def test_therapy_is_for_residents_of_the_licensed_states_and_dbt_skills_for_everyone() -> None:
    florida, texas = residence_from_code("FL"), residence_from_code("TX")
    assert open_to("therapy", florida, STATES)
    assert not open_to("therapy", texas, STATES) and not open_to("therapy", OUTSIDE_US, STATES)
    assert not open_to("therapy", None, STATES)  # not known yet: not open
    assert all(open_to("dbt_skills", where, STATES) for where in (florida, texas, OUTSIDE_US, None))


def test_a_group_asks_the_same_rule() -> None:
    group = Group(id=1, topic="anxiety", kind="therapy", title="Anxiety group", weekday=1,
                  start_time=time(18), timezone="America/New_York", capacity=3, taken=0,
                  start_date=date(2027, 1, 5), facilitator="Jordan Lee")
    assert group.open_to(residence_from_code("NJ"), STATES)
    assert not group.open_to(residence_from_code("NJ"), frozenset({"FL"}))


def test_a_member_key_reads_back_into_its_parts() -> None:
    from bot.messages import MemberKey
    key = MemberKey("discord", "1000000000000000001")
    assert key.key == str(key) == "discord:1000000000000000001"
    assert MemberKey.parse(key.key) == key
    assert MemberKey.parse("slack:U0A:odd") == MemberKey("slack", "U0A:odd")  # the first colon splits
