"""Reminders through `frontdoor chat --jsonl --clock` across the change to summer time (Sun 14 Mar
2027 in New York): each arrives once at its offset before the local session time, on the clock
line whose instant reaches it; none for a session staff cancelled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.jsonl_process import JsonlProcess

START = datetime(2027, 3, 8, 12, tzinfo=UTC)  # the seeded trauma group meets Fridays 12:00 New York


def test_reminders_keep_local_time_across_the_change_and_skip_a_cancelled_week(db_url: str) -> None:
    proc = JsonlProcess(db_url, "--clock", "2027-03-08T12:00:00Z", "--staff", "boss")
    arrived: list[tuple[datetime, dict[str, Any]]] = []
    try:
        for _ in range(3):  # the first place lookup builds an index: slow on a busy machine
            if "trouble reaching" not in proc.send({"user": "m", "text": "I live in NJ"})["replies"][0]["text"]:
                break
        book = next(b["action"] for r in proc.send({"user": "m", "action": "fd:sessions:trauma_ptsd"})["replies"]
                    for b in r["buttons"] if b["action"].startswith("fd:book:"))
        assert "You're booked" in proc.send({"user": "m", "action": book})["replies"][0]["text"]
        cancelled = proc.send({"user": "boss", "text": "staff cancel trauma-ptsd-fri-1200 2027-03-26"})
        assert "Cancelled" in cancelled["replies"][-1]["text"]
        at = START
        while at < datetime(2027, 3, 27, 12, tzinfo=UTC):
            at += timedelta(hours=1)
            answer = proc.send({"clock": at.isoformat().replace("+00:00", "Z")})
            arrived += [(at, m) for m in answer["members"] if m["text"].startswith("Reminder:")]
        assert proc.close() == 0
    finally:
        if proc.proc.poll() is None:
            proc.kill()
    assert [(when, "tomorrow" in m["text"]) for when, m in arrived] == [
        (datetime(2027, 3, 11, 17, tzinfo=UTC), True),   # Thu 12:00 EST, a day before
        (datetime(2027, 3, 12, 16, tzinfo=UTC), False),  # Fri 11:00 EST
        (datetime(2027, 3, 18, 16, tzinfo=UTC), True),   # Thu 12:00 EDT: an hour earlier in UTC
        (datetime(2027, 3, 19, 15, tzinfo=UTC), False),  # Fri 11:00 EDT
    ]  # nothing for Fri 26 Mar, which staff cancelled
    assert all("12:00 PM ET" in m["text"] and m["user"] == "m" for _, m in arrived)
