"""Direct messages end to end: signed events in, Block Kit replies out, through the real bolt app."""

from __future__ import annotations

import asyncio
import json
import re

from sqlalchemy import text

from tests.slack.harness import (
    STAFF_CHANNEL,
    STAFF_USER,
    SlackHarness,
    event_body,
    payload,
)

MEMBER = "U0MEMBER1"
OTHER = "U0MEMBER2"


async def booking_count(slack: SlackHarness, member: str = MEMBER) -> int:
    assert slack.door.app is not None
    async with slack.door.app.engine.connect() as conn:
        result = await conn.execute(text("SELECT count(*) FROM bookings WHERE member_key = :key"),
                                    {"key": f"slack:{member}"})
        return int(result.scalar_one())


async def book_anxiety(slack: SlackHarness, member: str = MEMBER) -> str:
    """hi -> Book a seat -> state -> topic -> Book; returns the booking reference."""
    await slack.dm(member, "hi")
    assert "automated" in slack.dm_text(member, 2) and "What would you like to do?" in slack.dm_text(member)
    await slack.press(member, "Book a seat")
    assert "Which US state" in slack.dm_text(member)
    await slack.dm(member, "I live in New Jersey")
    assert "Got it: New Jersey." in slack.dm_text(member, 2)
    await slack.press(member, "Anxiety")
    assert "Anxiety meets weekly online" in slack.dm_text(member)
    await slack.press(member, "Book: Tuesdays")
    confirmation = slack.dm_text(member)
    assert "You're booked into Anxiety group" in confirmation
    found = re.search(r"FD-[A-Z0-9]{6}", confirmation)
    assert found is not None
    return found.group(0)


async def test_a_whole_booking_through_dm_buttons(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack)
    assert await booking_count(slack) == 1
    await slack.press(MEMBER, "My bookings")
    assert "Your bookings:" in slack.dm_text(MEMBER) and ref in slack.dm_text(MEMBER)
    await slack.press(MEMBER, "Cancel Anxiety group")
    assert "Cancel your seat in Anxiety group" in slack.dm_text(MEMBER)
    await slack.press(MEMBER, "Yes, cancel it")
    assert f"Done: your seat in Anxiety group ({ref}) is cancelled." in slack.dm_text(MEMBER)
    assert await booking_count(slack) == 0
    notices = await slack.staff_notices(2)
    assert any(n.startswith(f"Cancelled booking {ref}") for n in notices)


async def test_replies_are_block_kit_with_a_text_fallback_and_core_action_ids(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "hello")
    greeting = slack.dm_posts(MEMBER)[-1]
    assert greeting["text"].startswith("Hello! I can tell you about our therapy groups")
    assert greeting["blocks"][0] == {"type": "section", "text": {
        "type": "mrkdwn", "text": greeting["text"], "verbatim": True}}
    rows = [b for b in greeting["blocks"] if b["type"] == "actions"]
    assert [len(r["elements"]) for r in rows] == [5, 1]  # six buttons: rows of at most five
    buttons = slack.buttons(greeting["blocks"])
    assert buttons[0]["text"]["text"] == "Book a seat" and buttons[0]["style"] == "primary"
    assert all(b["action_id"] == b["value"] and b["value"].startswith("fd:") for b in buttons)
    assert all(post["unfurl_links"] is False for post in slack.dm_posts(MEMBER))


async def test_every_turn_acks_with_200_and_replies_in_the_members_own_dm(slack: SlackHarness) -> None:
    answer = await slack.dm(MEMBER, "what are your prices?")
    assert answer.status == 200
    assert {p["channel"] for p in slack.fake.posts()} == {f"D{MEMBER}"}
    assert "$35" in slack.dm_text(MEMBER)


async def test_the_same_event_delivered_four_times_books_once_and_replies_once(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "I'm in Florida")
    await slack.press_action(MEMBER, "fd:groups")
    await slack.press(MEMBER, "Anxiety")
    book = slack.find_button(MEMBER, "Book: Tuesdays")
    press = slack.action_body(MEMBER, book["action_id"], book["value"])
    posts_before = len(slack.dm_posts(MEMBER))
    answers = await asyncio.gather(*(slack.send_form({"payload": json.dumps(press)})
                                     for _ in range(4)))
    await slack.settle()
    assert [a.status for a in answers] == [200, 200, 200, 200]
    assert await booking_count(slack) == 1
    new_posts = slack.dm_posts(MEMBER)[posts_before:]
    assert len(new_posts) == 1 and "You're booked" in new_posts[0]["text"]
    assert len(await slack.staff_notices(1)) == 1

    event = event_body("message_im", user=MEMBER, text="my bookings", channel=f"D{MEMBER}")
    posts_before = len(slack.dm_posts(MEMBER))
    answers = [await slack.send_json(event, retry=attempt or None) for attempt in range(4)]
    await slack.settle()
    assert [a.status for a in answers] == [200, 200, 200, 200]
    assert len(slack.dm_posts(MEMBER)) == posts_before + 1


async def test_crisis_reply_goes_out_in_dm_and_staff_are_told(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "I want to kill myself")
    reply = slack.dm_text(MEMBER)
    assert "988" in reply and "741741" in reply
    assert slack.find_button(MEMBER, "Talk to a person")["value"] == "fd:handoff"
    [notice] = await slack.staff_notices(1)
    assert re.match(r"URGENT U-[A-Z2-9]{4}: a member may be at risk", notice) and f"<@{MEMBER}>" in notice
    assert "kill" not in notice


async def test_member_text_never_reaches_slack_unescaped(slack: SlackHarness) -> None:
    # A staff command echoes its argument: the one place the core repeats what was typed.
    await slack.dm(STAFF_USER, "staff clear <!channel><@U999>&lt;!here&gt;&amp;")
    echoed = slack.dm_text(STAFF_USER)
    assert echoed == "No member with reference @channel@U999&lt;!here&gt;&amp;."
    # Slack delivered `<!channel>` (a typed @channel) and the literal text `<!here>` (escaped);
    # both reach the core as plain text and leave escaped.
    for hostile in ("<!channel>", "<!here>", "<@U999>", "<!everyone>"):
        await slack.dm(MEMBER, f"{hostile} tell me about prices & groups <https://evil.example|click>")
    for call in slack.fake.calls:
        dumped = json.dumps(call.params)
        for raw in ("<!channel>", "<!here>", "<@U999>", "<!everyone>", "<https://evil"):
            assert raw not in dumped, (call.method, raw)


async def test_the_bots_own_messages_other_bots_and_edits_are_ignored(slack: SlackHarness) -> None:
    before = len(slack.fake.calls)
    for name in ("own_message_im", "other_bot_message_im", "message_changed_im"):
        answer = await slack.send_json(payload(name))
        assert answer.status == 200
    await slack.settle()
    await asyncio.sleep(0.1)
    assert slack.fake.calls[before:] == []


async def test_a_forged_cancel_of_another_members_booking_changes_nothing(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack, MEMBER)
    await slack.press_action(OTHER, f"fd:cancel:{ref}")
    assert "that option has expired" in slack.dm_text(OTHER)
    await slack.press_action(OTHER, f"fd:cancelyes:{ref}")
    assert "already cancelled or no longer exists" in slack.dm_text(OTHER)
    assert await booking_count(slack, MEMBER) == 1
    assert not any("Cancelled" in n for n in slack.fake.texts(STAFF_CHANNEL))
    assert slack.fake.posts(f"D{MEMBER}")[-1]["text"].startswith("You're booked")


async def test_stale_and_unknown_buttons_are_answered_politely(slack: SlackHarness) -> None:
    for action in ("fd:nonsense", "fd:book:999999", "fd:" + "x" * 120, "fd:sessions:<!channel>"):
        answer = await slack.press_action(MEMBER, action)
        assert answer.status == 200
        assert "that option has expired" in slack.dm_text(MEMBER)
