"""Slack: a staff change's calendar update is uploaded into the member's own DM (files_upload_v2),
never into a channel; the member's DM message says what the file does."""

from __future__ import annotations

from tests.slack.harness import STAFF_CHANNEL, STAFF_USER, SlackHarness
from tests.slack.test_dm_conversation import book_anxiety

MEMBER = "U0MEMBER1"


async def test_staff_remove_uploads_a_cancel_into_the_members_dm(slack: SlackHarness) -> None:
    ref = await book_anxiety(slack)
    await slack.fake.wait_for(lambda: len(slack.fake.uploaded(f"D{MEMBER}")) == 1)
    [(_, booked)] = slack.fake.uploaded(f"D{MEMBER}")
    assert "METHOD:PUBLISH" in booked and f"UID:{ref}@frontdoor" in booked
    await slack.command(STAFF_USER, f"staff remove {ref}")
    await slack.fake.wait_for(lambda: len(slack.fake.uploaded(f"D{MEMBER}")) == 2)
    (title, update) = slack.fake.uploaded(f"D{MEMBER}")[1]
    assert title.endswith(".ics") and "METHOD:CANCEL" in update and f"UID:{ref}@frontdoor" in update
    await slack.fake.wait_for(lambda: "calendar update removes" in slack.dm_text(MEMBER, 3))
    assert slack.fake.uploaded(STAFF_CHANNEL) == []


async def test_add_to_my_calendar_uploads_the_file_into_the_dm(slack: SlackHarness) -> None:
    import icalendar
    ref = await book_anxiety(slack)
    await slack.dm(MEMBER, "add to my calendar")
    assert "calendar file for Anxiety group" in slack.dm_text(MEMBER)
    await slack.fake.wait_for(lambda: len(slack.fake.uploaded(f"D{MEMBER}")) == 2)
    (title, content) = slack.fake.uploaded(f"D{MEMBER}")[1]
    assert title == "anxiety-tue-1800.ics"
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]) == f"{ref}@frontdoor"
    assert slack.fake.uploaded(STAFF_CHANNEL) == []
