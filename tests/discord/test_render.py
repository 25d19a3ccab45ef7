"""Rendering: escaped text, no mentions, Discord's limits, buttons rebuilt from custom_id."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest

from adapters.discord.buttons import TEMPLATE, ComponentsView, FrontdoorButton
from adapters.discord.render import (
    DELETED_MEMBER,
    MAX_CONTENT,
    NO_MENTIONS,
    escape,
    mention,
    render_notice,
    render_reply,
    split,
)
from bot.domain import Notice
from bot.messages import Button, Reply
from tests.discord.conftest import STAFF_ID
from tests.discord.world import World

PINGS = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def test_member_text_pings_nobody_and_renders_as_written() -> None:
    text = "@everyone @here <@123456789012345678> <@&123456789012345678> *bold* _it_ `x` ||s||"
    rendered = escape(text)
    assert not PINGS.search(rendered)
    assert "\\*bold\\*" in rendered and "\\_it\\_" in rendered and "\\`x\\`" in rendered
    assert "\\|\\|s\\|\\|" in rendered
    # discord.py types to_dict() with every key present; it leaves out the ones not set.
    assert NO_MENTIONS.to_dict() == {"parse": []}  # type: ignore[comparison-overlap]


def test_markdown_structure_in_core_text_is_escaped() -> None:
    rendered = escape("# Heading\n> quote\n- item\n[click](https://example.com)")
    assert rendered.splitlines() == ["\\# Heading", "\\> quote", "\\- item",
                                     "\\[click](https://example.com)"]


def test_long_replies_split_at_line_ends_with_buttons_on_the_last_part() -> None:
    text = "\n".join(f"line {n} " + "x" * 90 for n in range(60))  # ~6,000 characters
    reply = Reply(text, (Button("Book a seat", "fd:groups"),))
    parts = render_reply(reply)
    assert len(parts) == 3 and all(len(p.content) <= MAX_CONTENT for p in parts)
    assert [p.view is not None for p in parts] == [False, False, True]
    assert "\n".join(p.content for p in parts) == escape(text)


def test_split_never_separates_an_escape_from_its_character() -> None:
    content = escape("*" * 1500)  # 3,000 characters of "\*"
    parts = split(content)
    assert all(not p.endswith("\\") or p.endswith("\\*") for p in parts)
    assert "".join(parts) == content and all(len(p) <= MAX_CONTENT for p in parts)


async def test_buttons_five_a_row_at_most_twenty_five() -> None:
    buttons = [Button(f"Option {n}", f"fd:ask:o{n}", "primary" if n == 0 else None)
               for n in range(25)]
    view = ComponentsView(buttons)
    rows = view.to_components()
    assert [len(r["components"]) for r in rows] == [5, 5, 5, 5, 5]
    first = rows[0]["components"][0]
    assert first["custom_id"] == "fd:ask:o0" and first["label"] == "Option 0"
    assert first["style"] == discord.ButtonStyle.primary.value
    assert rows[0]["components"][1]["style"] == discord.ButtonStyle.secondary.value
    assert not view.is_dispatchable() and view.timeout is None
    with pytest.raises(ValueError):
        ComponentsView([*buttons, Button("One too many", "fd:menu")])


async def test_danger_style_and_seven_buttons_make_two_rows() -> None:
    buttons = [Button(f"B{n}", "fd:menu", "danger") for n in range(7)]
    rows = ComponentsView(buttons).to_components()
    assert [len(r["components"]) for r in rows] == [5, 2]
    assert rows[1]["components"][0]["style"] == discord.ButtonStyle.danger.value


async def test_a_button_is_rebuilt_from_its_custom_id_alone() -> None:
    base: discord.ui.Button[Any] = discord.ui.Button(label="Yes, cancel it", style=discord.ButtonStyle.danger,
                             custom_id="fd:cancelyes:FD-7K3Q9M")
    match = TEMPLATE.fullmatch(base.custom_id or "")
    assert match is not None
    rebuilt = await FrontdoorButton.from_custom_id(None, base, match)  # type: ignore[arg-type]
    assert rebuilt.action == "fd:cancelyes:FD-7K3Q9M"
    assert rebuilt.item.label == "Yes, cancel it" and rebuilt.item.style is discord.ButtonStyle.danger


def test_the_template_takes_every_fd_id_up_to_100_characters_and_nothing_else() -> None:
    assert TEMPLATE.fullmatch("fd:" + "x" * 97)
    assert not TEMPLATE.fullmatch("fd:" + "x" * 98)
    assert TEMPLATE.fullmatch("fd:not-a-real-verb")  # the core answers it ("expired")
    assert not TEMPLATE.fullmatch("other:menu")


def test_notice_mentions_the_member_and_escapes_the_rest() -> None:
    notice = Notice("staff", "booking", "New booking FD-ABCDEF: *Anxiety* group. Member: {member}",
                    "discord:1099887766554433221")
    assert render_notice(notice) == ("New booking FD-ABCDEF: \\*Anxiety\\* group. "
                                     "Member: <@1099887766554433221>")
    gone = Notice("staff", "handoff", "Please reach out: {member}", None, platform="discord")
    assert render_notice(gone) == f"Please reach out: {DELETED_MEMBER}"
    assert mention("slack:U123") == "slack member U123"


async def test_a_member_cannot_make_the_bot_ping_everyone(world: World) -> None:
    """The staff 'clear' command echoes its argument: the echo is defused and sent mention-free."""
    staff = world.member(STAFF_ID, "Staff")
    turn = await staff.dm("staff clear @everyone")
    assert "@\u200beveryone" in turn.text and not PINGS.search(turn.text)
    assert all(s.body["allowed_mentions"] == {"parse": []} for s in turn.sent)
    member = world.member()
    turn = await member.dm("@here @everyone <@&1187654321098765499> hello")
    assert not PINGS.search(turn.text)
