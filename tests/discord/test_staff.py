"""Staff on Discord: /staff with arguments, the CSV attachment, the "I'm on it" button, on-call."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from adapters.discord.notifier import DiscordNotifier
from adapters.discord.render import oncall, render_notice
from adapters.wiring import Runtime
from bot.domain import Notice, OutboxItem
from tests.discord.conftest import STAFF_ID
from tests.discord.fake_discord import STAFF_CHANNEL_ID, FakeDiscord
from tests.discord.world import World

ROLE = 1187654321098765999


async def staff_command(world: World, command: str) -> None:
    boss = world.member(STAFF_ID, "Boss")
    data = boss.command_payload("staff")
    data["data"]["options"] = [{"name": "command", "type": 3, "value": command}]
    await boss._run("INTERACTION_CREATE", data)


async def test_staff_export_is_an_attachment_only_staff_see(world: World, fake: FakeDiscord) -> None:
    river = world.member()
    await river.dm("Florida")
    await river.dm("i want to join the trauma group")
    await river.press(": Fridays")
    await staff_command(world, "export trauma-ptsd-fri-1200")
    boss = world.member(STAFF_ID, "Boss")
    [with_file] = [s for s in boss.seen if s.files]
    [(name, content)] = with_file.files
    assert name.startswith("trauma-ptsd-fri-1200-") and name.endswith(".csv")
    lines = content.decode().splitlines()
    assert lines[0] == "reference,status,platform,mention,booked_at"
    assert f",confirmed,discord,<@{river.id}>," in lines[1]
    assert not [s for s in fake.public() if s.files]


async def test_staff_commands_from_members_get_the_fallback(world: World, fake: FakeDiscord) -> None:
    river = world.member()
    data = river.command_payload("staff")
    data["data"]["options"] = [{"name": "command", "type": 3, "value": "roster trauma-ptsd-fri-1200"}]
    await river._run("INTERACTION_CREATE", data)
    assert "Roster" not in river.last.text and "didn't quite follow" in river.last.text


async def test_the_im_on_it_button_in_the_staff_channel(app: Runtime, world: World, fake: FakeDiscord) -> None:
    river = world.member()
    await river.dm("I want to kill myself")
    relay = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    await relay.drain()
    [post] = [s for s in fake.sent if s.channel_id == STAFF_CHANNEL_ID]
    ref = re.search(r"U-[A-Z2-9]{4}", post.content).group(0)  # type: ignore[union-attr]
    [button] = post.buttons
    assert button["label"] == "I'm on it" and button["custom_id"] == f"fd:ack:{ref}"
    boss = world.member(STAFF_ID, "Boss")
    await boss.press_custom_id(button["custom_id"], on=post)
    assert f"{ref} is yours" in boss.last.text
    await relay.drain()
    taken = [s.content for s in fake.sent if s.channel_id == STAFF_CHANNEL_ID][-1]
    assert re.fullmatch(rf"{ref}: taken by <@{STAFF_ID}> at \d\d:\d\d UTC\.", taken)
    assert post.payload["edited_timestamp"] is not None  # the notice itself now says who took it
    assert post.content.endswith("\n" + taken) and post.buttons == []


async def test_escalations_ping_only_the_on_call_role(app: Runtime, world: World, fake: FakeDiscord) -> None:
    fake.oncall = {ROLE}
    notice = Notice("staff", "escalation", "{oncall} URGENT U-7Q2M is not taken: {member} @everyone",
                    "discord:42", urgent=True, ref="U-7Q2M")
    assert render_notice(notice, oncall(f"role:{ROLE}")).startswith(f"<@&{ROLE}> URGENT U-7Q2M")
    assert "@\u200beveryone" in render_notice(notice, oncall(f"role:{ROLE}"))
    assert render_notice(notice).startswith("on-call staff URGENT")
    notifier = DiscordNotifier(world.client, STAFF_CHANNEL_ID, f"role:{ROLE}")
    await notifier.deliver(OutboxItem(1, notice, 0, datetime(2026, 12, 1, tzinfo=UTC)))
    [post] = [s for s in fake.sent if s.channel_id == STAFF_CHANNEL_ID]
    allowed = post.body["allowed_mentions"]
    assert allowed["parse"] == [] and [int(r) for r in allowed["roles"]] == [ROLE]
    assert not allowed.get("users")


async def test_a_roster_names_members_with_real_discord_mentions(world: World, fake: FakeDiscord) -> None:
    river = world.member()
    await river.dm("Florida")
    await river.dm("i want to join the trauma group")
    await river.press(": Fridays")
    await staff_command(world, "roster trauma-ptsd-fri-1200")
    boss = world.member(STAFF_ID, "Boss")
    roster = "\n".join(s.content for s in boss.seen if "Roster of" in (s.content or ""))
    assert f": discord <@{river.id}>" in roster  # a mention staff can click, not escaped text
