"""Issue 9 on Slack: the distress check-in's buttons, and where they lead."""

from __future__ import annotations

from tests.slack.harness import STAFF_USER, SlackHarness

MEMBER = "U0SAFE1"
OTHER = "U0SAFE2"


async def test_check_in_buttons_render_and_yes_reaches_the_crisis_reply(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "i feel hopeless")
    assert "harming yourself" in slack.dm_text(MEMBER)
    yes = slack.find_button(MEMBER, "Yes, I am")
    no = slack.find_button(MEMBER, "just a hard day")
    assert (yes["value"], no["value"]) == ("fd:riskyes", "fd:hardday")
    assert yes.get("style") == "danger"
    await slack.press(MEMBER, "Yes, I am")
    reply = slack.dm_text(MEMBER)
    assert "988" in reply and "741741" in reply
    [notice] = await slack.staff_notices(1)
    assert notice.startswith("URGENT") and f"<@{MEMBER}>" in notice and "hopeless" not in notice


async def test_hard_day_button_offers_groups_and_a_person(slack: SlackHarness) -> None:
    await slack.dm(OTHER, "everything is falling apart")
    await slack.press(OTHER, "just a hard day")
    assert "Hard days are real" in slack.dm_text(OTHER)
    assert slack.find_button(OTHER, "Depression group")["value"] == "fd:sessions:depression"
    assert slack.find_button(OTHER, "Talk to a person")["value"] == "fd:handoff"


async def test_spanish_crisis_reply_on_slack(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "me quiero morir")
    reply = slack.dm_text(MEMBER)
    assert "marque 2" in reply and "AYUDA" in reply
    assert slack.find_button(MEMBER, "Hablar con una persona")["value"] == "fd:handoff"


async def test_staff_flags_show_a_slack_mention_when_and_category(slack: SlackHarness) -> None:
    await slack.dm(MEMBER, "I took all my pills an hour ago")
    await slack.dm(STAFF_USER, "staff flags")
    listing = slack.dm_text(STAFF_USER)
    assert f"<@{MEMBER}>" in listing and "category overdose" in listing and "flagged " in listing
    assert "pills" not in listing
