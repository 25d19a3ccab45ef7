"""Issue 9 on the real store: the risk flag's time and category, the age gate's yes/no."""

from __future__ import annotations

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock
from tests.test_store import a_group


async def test_crisis_flag_time_and_category_are_stored_and_cleared(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    core = Core(sql_uow, clock, services_for(CoreConfig(staff_ids=frozenset({"boss"}))))
    member = Chat(core, "m1")
    await member.say("my husband hits me and I'm scared to go home")
    async with sql_uow() as uow:
        stored = await uow.members.get("console:m1")
        flagged = await uow.members.flagged()
    assert stored is not None and stored.at_risk
    assert stored.risk_category == "abuse" and stored.risk_flagged_at == clock.now()
    assert [m.key for m in flagged] == ["console:m1"]
    clock.advance(minutes=5)
    await member.say("i want to die")  # a second flag keeps the first time and category
    async with sql_uow() as uow:
        again = await uow.members.get("console:m1")
    assert again is not None and again.risk_flagged_at == stored.risk_flagged_at
    assert again.risk_category == "abuse"
    staff = Chat(core, "boss")
    await staff.say("staff flags")
    assert "category abuse or danger at home" in staff.text and "hits" not in staff.text
    await staff.say(f"staff clear {stored.ref}")
    async with sql_uow() as uow:
        cleared = await uow.members.get("console:m1")
    assert cleared is not None and not cleared.at_risk
    assert cleared.risk_category is None and cleared.risk_flagged_at is None


async def test_age_answer_is_stored_as_yes_or_no_only(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock) -> None:
    core = Core(sql_uow, clock, services_for(CoreConfig(), age_gate=True))
    chat = Chat(core, "a1")
    await chat.say("NJ")
    async with sql_uow() as uow:
        group = await uow.groups.add(a_group())
        await uow.commit()
    await chat.act(actions.encode("book", group.id))
    await chat.press("Yes")
    assert "You're booked" in chat.text or "waitlist" in chat.text
    async with sql_uow() as uow:
        stored = await uow.members.get("console:a1")
    assert stored is not None and stored.adult is True
