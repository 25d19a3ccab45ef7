"""JSON-lines mode end to end, through the real `frontdoor` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_jsonl(lines: list[str], db_url: str, *extra: str) -> list[dict[str, Any]]:
    frontdoor = Path(sys.executable).with_name("frontdoor")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run([str(frontdoor), "chat", "--jsonl", "--db", db_url, *extra],
                            input="\n".join(lines) + "\n", capture_output=True, text=True,
                            timeout=120, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_whole_booking_through_the_cli(db_url: str) -> None:
    out = run_jsonl([
        json.dumps({"user": "u1", "text": "hi"}),
        json.dumps({"user": "u1", "text": "I live in NJ"}),
        json.dumps({"user": "u1", "action": "fd:groups"}),
        "this is not json",
        json.dumps({"text": "no user"}),
        json.dumps({"user": "u1", "action": "fd:sessions:trauma_ptsd"}),
    ], db_url)
    assert len(out) == 6
    assert out[0]["intent"] == "greeting" and out[0]["staff"] == []
    assert set(out[0]) == {"replies", "intent", "staff"}
    assert all(set(b) == {"label", "action"} for r in out[0]["replies"] for b in r["buttons"])
    assert "Got it: New Jersey." in out[1]["replies"][0]["text"]
    assert "error" in out[3] and "JSON" in out[3]["error"]
    assert "user" in out[4]["error"]
    book = next(b["action"] for r in out[5]["replies"] for b in r["buttons"] if b["action"].startswith("fd:book:"))
    more = run_jsonl([
        json.dumps({"user": "u1", "action": book, "event_id": "E1"}),
        json.dumps({"user": "u1", "action": book, "event_id": "E1"}),
        json.dumps({"user": "u2", "text": "Florida"}),
        json.dumps({"user": "u2", "action": book}),
        json.dumps({"user": "u3", "text": "Florida"}),
        json.dumps({"user": "u3", "action": book}),
        json.dumps({"user": "u1", "action": "fd:cancelyes:" + "FD-NOPE"}),
        json.dumps({"user": "u1", "text": "gibberish zzqx"}),
    ], db_url)
    assert "You're booked" in more[0]["replies"][0]["text"]
    assert len(more[0]["staff"]) == 1 and "New booking" in more[0]["staff"][0]
    assert "@u1" in more[0]["staff"][0]
    assert more[1] == {"replies": [], "intent": None, "staff": [], "duplicate": True}
    assert "You're booked" in more[3]["replies"][0]["text"]  # the trauma group holds two
    assert "waitlist" in more[5]["replies"][0]["text"]
    assert more[7]["intent"] is None


def test_crisis_notice_reaches_staff_who_can_list_flags(db_url: str) -> None:
    out = run_jsonl([
        json.dumps({"user": "a", "text": "NJ"}),
        json.dumps({"user": "a", "text": "I want to die"}),
        json.dumps({"user": "boss", "text": "staff flags"}),
    ], db_url, "--staff", "boss")
    assert out[1]["intent"] == "crisis"
    assert any("URGENT" in s for s in out[1]["staff"])
    assert out[2]["intent"] == "staff_flags" and "M-" in out[2]["replies"][-1]["text"]
