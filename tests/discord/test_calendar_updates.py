"""Discord: a staff change's calendar update reaches the member as an attachment on the DM
the relay sends, never in a channel."""

from __future__ import annotations

import re

from adapters.discord.notifier import DiscordNotifier
from adapters.wiring import Runtime
from tests.discord.fake_discord import STAFF_CHANNEL_ID, FakeDiscord
from tests.discord.test_staff import staff_command
from tests.discord.world import World


async def test_staff_move_attaches_the_updated_calendar_to_the_members_dm(app: Runtime, world: World,
                                                                         fake: FakeDiscord) -> None:
    river = world.member()
    await river.dm("Florida")
    await river.dm("i want to join the anxiety group")
    await river.press(": Tuesdays")
    ref = re.search(r"FD-[A-Z0-9]{6}", river.last.text).group(0)  # type: ignore[union-attr]
    [booked] = [f for s in fake.seen_by(river.id) for f in s.files]
    await staff_command(world, f"move {ref} anxiety-thu-1200")
    relay = app.relay(DiscordNotifier(world.client, STAFF_CHANNEL_ID), platform="discord")
    await relay.drain()
    [dm] = [s for s in fake.seen_by(river.id) if "has moved your seat" in s.content]
    [(name, content)] = dm.files
    assert name == "anxiety-thu-1200.ics" and booked[0] == "anxiety-tue-1800.ics"
    text = content.decode()
    assert "METHOD:PUBLISH" in text and f"UID:{ref}@frontdoor" in text and f"UID:{ref}@frontdoor" in booked[1].decode()
    assert "DTSTART;TZID=America/New_York:20270107T120000" in text.replace("\r\n ", "")
    assert "calendar update moves" in dm.content
    assert not [s for s in fake.public() if s.files]


async def test_add_to_my_calendar_is_an_attachment_on_the_reply(world: World, fake: FakeDiscord) -> None:
    import icalendar
    river = world.member()
    await river.dm("Florida")
    await river.dm("i want to join the anxiety group")
    await river.press(": Tuesdays")
    ref = re.search(r"FD-[A-Z0-9]{6}", river.last.text).group(0)  # type: ignore[union-attr]
    await river.dm("add to my calendar")
    assert "calendar file for Anxiety group" in river.last.text
    [(name, content)] = [f for s in fake.seen_by(river.id) for f in s.files][1:]
    assert name == "anxiety-tue-1800.ics"
    [event] = icalendar.Calendar.from_ical(content.decode()).walk("VEVENT")
    assert str(event["UID"]) == f"{ref}@frontdoor"
    assert not [s for s in fake.public() if s.files]
