"""The adapter's translation rules on their own: escaping, Slack markup, payloads, Block Kit."""

from __future__ import annotations

import json

import pytest

from adapters.slack import inbound
from adapters.slack.escape import escape, to_plain, unescape
from adapters.slack.render import (
    DELETED_MEMBER,
    SECTION_LIMIT,
    button_rows,
    chunks,
    home_view,
    notice_text,
    reply_message,
)
from bot.domain import Notice
from bot.messages import Button, Inbound, MemberKey, Reply
from tests.slack.harness import payload

BOT = "UBOT"


@pytest.mark.parametrize(("plain", "slack"), [
    ("a & b", "a &amp; b"),
    ("<!channel> hi", "&lt;!channel&gt; hi"),
    ("<@U999>", "&lt;@U999&gt;"),
    ("<https://evil.example|click>", "&lt;https://evil.example|click&gt;"),
    ("&lt; already", "&amp;lt; already"),
])
def test_escape_makes_markup_inert_and_round_trips(plain: str, slack: str) -> None:
    assert escape(plain) == slack
    assert unescape(escape(plain)) == plain


@pytest.mark.parametrize(("slack", "plain"), [
    ("<@UBOT> book a seat", "book a seat"),
    ("hi <@UBOT|frontdoor>", "hi"),
    ("<!channel> <!here> <!everyone>", "@channel @here @everyone"),
    ("ask <@U123> and <@U456|sam>", "ask @U123 and @sam"),
    ("see <#C123|general>", "see #general"),
    ("<https://example.org|our site> or <https://example.org>", "our site or https://example.org"),
    ("<!subteam^S1|@staff> <!date^1392734382^{date}|Feb 18>", "@staff Feb 18"),
    ("I typed &lt;!channel&gt; &amp; more", "I typed <!channel> & more"),
    ("&amp;lt;", "&lt;"),
])
def test_slack_markup_reads_as_plain_text(slack: str, plain: str) -> None:
    assert to_plain(slack, drop_user=BOT) == plain


def test_direct_messages_from_people_only() -> None:
    body = payload("message_im")
    message = inbound.direct_message(body, BOT)
    assert message == Inbound(MemberKey("slack", "U0MEMBER1"), text="hi", event_id="slack:Ev0IM000001")
    for name in ("own_message_im", "other_bot_message_im", "message_changed_im"):
        assert inbound.direct_message(payload(name), BOT) is None, name
    channel_message = payload("message_im")
    channel_message["event"]["channel_type"] = "channel"
    assert inbound.direct_message(channel_message, BOT) is None
    from_bot_user = payload("message_im")
    from_bot_user["event"]["user"] = BOT
    assert inbound.direct_message(from_bot_user, BOT) is None
    file_with_caption = payload("message_im")
    file_with_caption["event"]["subtype"] = "file_share"
    assert inbound.direct_message(file_with_caption, BOT) is not None
    for bad_user in (None, "", "u lower", "U" * 60, 12):
        odd = payload("message_im")
        odd["event"]["user"] = bad_user
        assert inbound.direct_message(odd, BOT) is None


def test_mentions_are_public_and_strip_the_bot() -> None:
    body = payload("app_mention")
    assert inbound.mention(body, BOT) == Inbound(MemberKey("slack", "U0MEMBER1"), text="hi",
                                                 event_id="slack:Ev0MENTION1", channel="public")
    body["event"]["text"] = "<@UBOT>"
    bare = inbound.mention(body, BOT)
    assert bare is not None and bare.action == "fd:menu" and bare.text is None


def test_buttons_carry_the_core_action_and_a_trigger_event_id() -> None:
    body = payload("block_actions")
    press = inbound.button(body)
    assert press == Inbound(MemberKey("slack", "U0MEMBER1"), action="fd:groups",
                            event_id="slack:1764150030.1234567890.abcdef0123456789abcdef0123456789")
    body["actions"][0]["action_id"] = "fd:groups#2"  # a repeated button in one row
    assert inbound.button(body) == press
    body["actions"] = []
    assert inbound.button(body) is None


@pytest.mark.parametrize(("typed", "action", "text"), [
    ("book", "fd:groups", None), ("BOOK ", "fd:groups", None), ("help", "fd:menu", None),
    ("", "fd:menu", None), ("what does it cost", None, "what does it cost"),
])
def test_slash_command_shortcuts(typed: str, action: str | None, text: str | None) -> None:
    body = payload("slash_command") | {"text": typed}
    message = inbound.command(body)
    assert message is not None and (message.action, message.text) == (action, text)
    assert message.event_id == "slack:" + body["trigger_id"]


def test_home_opened_asks_for_my_bookings_only_on_the_home_tab() -> None:
    body = payload("app_home_opened")
    assert inbound.home_opened(body) == Inbound(MemberKey("slack", "U0MEMBER1"), action="fd:mine",
                                                event_id="slack:Ev0HOME0001")
    body["event"]["tab"] = "messages"
    assert inbound.home_opened(body) is None


def test_a_reply_becomes_sections_and_rows_of_at_most_five_buttons() -> None:
    buttons = tuple(Button(f"Option {i}", f"fd:ask:q{i}", "primary" if i == 0 else None) for i in range(12))
    message = reply_message(Reply("Pick one <!here> & go", buttons))
    assert message.text == "Pick one &lt;!here&gt; &amp; go"
    section, *rows = message.blocks
    assert section["text"] == {"type": "mrkdwn", "text": message.text, "verbatim": True}
    assert [len(r["elements"]) for r in rows] == [5, 5, 2]
    first = rows[0]["elements"][0]
    assert first == {"type": "button", "action_id": "fd:ask:q0", "value": "fd:ask:q0", "style": "primary",
                     "text": {"type": "plain_text", "text": "Option 0", "emoji": True}}
    assert "style" not in rows[0]["elements"][1]


def test_action_ids_stay_unique_within_a_row() -> None:
    [row] = button_rows([Button("Book", "fd:groups"), Button("Also book", "fd:groups")])
    assert [e["action_id"] for e in row["elements"]] == ["fd:groups", "fd:groups#2"]
    assert [e["value"] for e in row["elements"]] == ["fd:groups", "fd:groups"]


def test_long_text_is_split_into_sections_within_slacks_limit() -> None:
    text = "\n".join(f"line {i} & <more>" for i in range(600))
    pieces = chunks(text)
    assert len(pieces) > 1 and "\n".join(pieces) == text
    assert all(len(escape(p)) <= SECTION_LIMIT for p in pieces)
    assert all(len(escape(p)) <= SECTION_LIMIT for p in chunks("&" * 10_000))
    blocks = reply_message(Reply(text)).blocks
    assert all(len(b["text"]["text"]) <= SECTION_LIMIT for b in blocks)


def test_home_view_holds_the_intro_and_the_replies() -> None:
    view = home_view("About <me>", [Reply("Your bookings:\n- X", (Button("Cancel X", "fd:cancel:FD-AAAAAA"),))])
    assert view["type"] == "home"
    dumped = json.dumps(view)
    assert "About &lt;me&gt;" in dumped and "fd:cancel:FD-AAAAAA" in dumped


def test_notices_mention_the_member_and_escape_the_rest() -> None:
    booked = Notice("staff", "booking", "New booking FD-AAAAAA: R&D <group>. Member: {member}", "slack:U0MEMBER1")
    assert notice_text(booked) == "New booking FD-AAAAAA: R&amp;D &lt;group&gt;. Member: <@U0MEMBER1>"
    gone = Notice("staff", "cancellation", "Cancelled FD-AAAAAA. Member: {member}", None, platform="slack")
    assert notice_text(gone) == f"Cancelled FD-AAAAAA. Member: {DELETED_MEMBER}"
    forged = Notice("staff", "booking", "Member: {member}", "slack:U1><!channel")
    assert "<!channel" not in notice_text(forged)
