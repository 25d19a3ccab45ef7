"""Issue 9 on Discord: the distress check-in's buttons, and where they lead."""

from __future__ import annotations

from adapters.wiring import Runtime
from tests.discord.conftest import STAFF_ID
from tests.discord.world import MEMBER_ID, DiscordMember, World

KEY = f"discord:{MEMBER_ID}"


async def test_check_in_buttons_render_and_yes_reaches_the_crisis_reply(river: DiscordMember, app: Runtime) -> None:
    turn = await river.dm("i can't cope with any of this")
    assert "harming yourself" in turn.text
    assert turn.labels == ["Yes, I am", "No, it's just a hard day"]
    turn = await river.press("Yes, I am")
    assert "988" in turn.text and "741741" in turn.text
    async with app.uow_factory() as uow:
        member = await uow.members.get(KEY)
        notices = [i.notice for i in await uow.outbox.for_member(KEY)]
    assert member is not None and member.at_risk and member.risk_category == "suicide"
    assert [(n.kind, n.urgent) for n in notices] == [("crisis", True)]


async def test_hard_day_button_on_discord(river: DiscordMember) -> None:
    await river.dm("i'm not okay")
    turn = await river.press("just a hard day")
    assert "Hard days are real" in turn.text
    assert {"Depression group", "Talk to a person"} <= set(turn.labels)


async def test_staff_flags_show_a_discord_mention_when_and_category(world: World, river: DiscordMember) -> None:
    await river.dm("my boyfriend choked me last night")
    staff = world.member(STAFF_ID, "Staff")
    turn = await staff.dm("staff flags")
    assert f"<@{MEMBER_ID}>" in turn.text and "category abuse or danger at home" in turn.text
    assert "choked" not in turn.text
