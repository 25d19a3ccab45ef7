"""Staff on Slack: slash commands with arguments, the CSV upload to a DM, the "I'm on it" button."""

from __future__ import annotations

import re

from adapters.slack.render import notice_message, notice_text
from bot.domain import Notice
from tests.slack.harness import STAFF_CHANNEL, STAFF_USER, SlackHarness
from tests.slack.test_dm_conversation import book_anxiety

MEMBER = "U0MEMBER1"


async def test_a_staff_export_by_slash_command_is_a_file_in_the_staff_dm(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack)
    answer = await slack.command(STAFF_USER, "staff export anxiety-tue-1800")
    assert answer.status == 200 and "direct message" in answer.text
    [(title, content)] = slack.fake.uploaded(f"D{STAFF_USER}")
    assert title.startswith("anxiety-tue-1800-") and title.endswith(".csv")
    assert content.splitlines()[0] == "reference,status,platform,mention,booked_at"
    assert content.splitlines()[1].startswith(f"{ref},confirmed,slack,<@{MEMBER}>,")
    assert slack.fake.uploaded(STAFF_CHANNEL) == []
    assert [t for t, _ in slack.fake.uploaded() if t.endswith(".csv")] == [title]  # (+ the member's .ics)
    assert "attached as anxiety-tue-1800-" in slack.dm_text(STAFF_USER)


async def test_slash_command_arguments_reach_the_staff_commands(slack: SlackHarness) -> None:
    await slack.command(STAFF_USER, "staff capacity anxiety-tue-1800 12")
    assert "anxiety-tue-1800 capacity changed from 10 to 12 (0 taken)." in slack.dm_text(STAFF_USER)
    await slack.command(MEMBER, "staff roster anxiety-tue-1800")
    assert "Roster" not in slack.dm_text(MEMBER) and slack.fake.uploaded() == []


async def test_the_im_on_it_button_takes_an_urgent_notice(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "I want to kill myself")
    [notice] = await slack.staff_notices(1)
    ref = re.search(r"U-[A-Z2-9]{4}", notice).group(0)  # type: ignore[union-attr]
    [post] = slack.fake.posts(STAFF_CHANNEL)
    [button] = slack.buttons(post["blocks"])
    assert button["text"]["text"] == "I'm on it" and button["value"] == f"fd:ack:{ref}"
    answer = await slack.press_action(STAFF_USER, button["action_id"], button["value"])
    assert answer.status == 200
    assert f"{ref} is yours" in slack.dm_text(STAFF_USER)
    taken = await slack.staff_notices(2)
    assert re.fullmatch(rf"{ref}: taken by <@{STAFF_USER}> at \d\d:\d\d UTC\.", taken[1])
    await slack.fake.wait_for(lambda: bool(slack.fake.called("chat.update")))
    [update] = slack.fake.called("chat.update")
    assert update.params["channel"] == STAFF_CHANNEL and update.params["ts"] == post_ts(slack)
    assert not slack.buttons(update.params["blocks"])  # no button left to press
    assert update.params["blocks"][-1]["elements"][0]["text"] == taken[1]
    await slack.press_action(MEMBER, button["action_id"], button["value"])
    assert "expired" in slack.dm_text(MEMBER)


def post_ts(slack: SlackHarness) -> str:
    """The ts Slack gave the urgent notice (the staff-channel post with buttons)."""
    [call] = [c for c in slack.fake.called("chat.postMessage")
              if c.params["channel"] == STAFF_CHANNEL and "blocks" in c.params]
    assert call.answer is not None
    return str(call.answer["ts"])


def test_the_on_call_mention_is_the_only_group_mention() -> None:
    notice = Notice("staff", "escalation", "{oncall} URGENT U-7Q2M is not taken: {member} <!here>",
                    "slack:U0MEMBER1", urgent=True, ref="U-7Q2M")
    assert notice_text(notice, "S0ONCALL") == ("<!subteam^S0ONCALL> URGENT U-7Q2M is not taken: "
                                               "<@U0MEMBER1> &lt;!here&gt;")
    assert notice_text(notice, "U0BOSS") .startswith("<@U0BOSS> ")
    assert notice_text(notice).startswith("on-call staff ")
    message = notice_message(notice, "S0ONCALL")
    assert [e["value"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]] == \
        ["fd:ack:U-7Q2M"]


async def test_a_roster_names_members_with_real_slack_mentions(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack)
    await slack.command(STAFF_USER, "staff roster anxiety-tue-1800")
    roster = slack.dm_text(STAFF_USER)
    assert f"- {ref} confirmed: slack <@{MEMBER}>" in roster  # a mention staff can click
    assert "&lt;@" not in roster
