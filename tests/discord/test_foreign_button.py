"""A button whose custom_id is not ours (an older version's, or a foreign one) is still answered."""

from __future__ import annotations

from tests.discord.world import DiscordMember

DEFERRED_UPDATE = 6


async def test_a_button_without_the_fd_prefix_is_acknowledged_politely(river: DiscordMember) -> None:
    await river.dm("hi")
    turn = await river.press_custom_id("book_anxiety_tuesday", on=river.seen[-1])
    assert [c.body for c in turn.callbacks] == [{"type": DEFERRED_UPDATE}]  # no "interaction failed"
    assert "that option has expired" in turn.text.lower()
    assert "Book a seat" in turn.labels


async def test_an_empty_or_overlong_custom_id_is_answered_too(river: DiscordMember) -> None:
    await river.dm("hi")
    turn = await river.press_custom_id("x" * 100, on=river.seen[-1])
    assert turn.callbacks and "that option has expired" in turn.text.lower()
