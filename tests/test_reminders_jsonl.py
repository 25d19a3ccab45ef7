"""Reminders through `frontdoor chat --jsonl --clock`: two processes on one store (a SQLite
file, or PostgreSQL when DATABASE_URL points at it) send each reminder exactly once, as
"members" entries with their buttons; a promoted member's message carries its .ics file."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar

from tests.jsonl_process import JsonlProcess

START = "2027-01-04T12:00:00Z"  # the seeded trauma group meets Fridays 12:00 New York from 8 Jan


def button(answer: dict[str, Any], part: str) -> str:
    action: str = next(b["action"] for r in answer["replies"] for b in r["buttons"] if part in b["action"])
    return action


def test_two_processes_send_each_reminder_once(db_url: str) -> None:
    one = JsonlProcess(db_url, "--clock", START)
    two = JsonlProcess(db_url, "--clock", START)
    members: list[dict[str, Any]] = []
    try:
        for _ in range(3):  # the first place lookup builds an index: slow on a busy machine
            if "trouble reaching" not in one.send({"user": "u1", "text": "I live in NJ"})["replies"][0]["text"]:
                break
        book = button(one.send({"user": "u1", "action": "fd:sessions:trauma_ptsd"}), "fd:book:")
        booked = one.send({"user": "u1", "action": book})
        [ics] = booked["replies"][0]["files"]
        assert ics["mime"] == "text/calendar" and ics["name"].endswith(".ics")
        assert icalendar.Calendar.from_ical(ics["text"]).walk("VEVENT")
        two.send({"user": "u2", "text": "Florida"})
        two.send({"user": "u2", "action": book})
        two.send({"user": "u3", "text": "New York"})
        assert "you're number 1" in two.send({"user": "u3", "action": book})["replies"][0]["text"]
        done = one.send({"user": "u1", "action": button(one.send({"user": "u1", "text": "cancel my booking"}),
                                                        "fd:cancelyes:")})
        assert done["replies"][0]["files"][0]["text"].count("METHOD:CANCEL") == 1
        [promoted] = done["members"]
        assert promoted["user"] == "u3" and promoted["files"][0]["name"].endswith(".ics")
        at = datetime(2027, 1, 4, 12, tzinfo=UTC)
        while at < datetime(2027, 1, 8, 16, 30, tzinfo=UTC):
            at += timedelta(minutes=30)
            for proc in (one, two):
                answer = proc.send({"clock": at.isoformat().replace("+00:00", "Z")})
                assert answer["clock"].startswith(at.strftime("%Y-%m-%dT%H:%M")), answer
                members += answer["members"]
        reminders = [m for m in members if m["text"].startswith("Reminder:")]
        assert Counter((m["user"], "tomorrow" in m["text"]) for m in reminders) == {
            ("u2", True): 1, ("u2", False): 1, ("u3", True): 1, ("u3", False): 1}
        for m in reminders:
            assert [b["label"] for b in m["buttons"]] == ["Can't make it this week", "Cancel my seat"]
            assert "Fri 8 Jan, 12:00 PM ET" in m["text"]
        assert not any(m["user"] == "u1" for m in members)
        skip = reminders[0]["buttons"][0]["action"]
        user = reminders[0]["user"]
        assert "seat stays yours" in (one.send({"user": user, "action": skip})["replies"][0]["text"])
        assert "already noted" in two.send({"user": user, "action": skip})["replies"][0]["text"]
        assert one.close() == 0 and two.close() == 0
    finally:
        for proc in (one, two):
            if proc.proc.poll() is None:
                proc.kill()
