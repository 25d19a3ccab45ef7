"""Issue 9 through the real `frontdoor chat --jsonl` process: check-in buttons, age gate."""

from __future__ import annotations

import json

import pytest

from tests.test_cli import run
from tests.test_jsonl_cli import run_jsonl


def test_check_in_buttons_and_yes_in_json_lines(db_url: str) -> None:
    out = run_jsonl([
        json.dumps({"user": "u1", "text": "i feel hopeless"}),
        json.dumps({"user": "u1", "action": "fd:riskyes"}),
        json.dumps({"user": "u2", "text": "everything is falling apart"}),
        json.dumps({"user": "u2", "text": "no, just a bad day"}),
    ], db_url)
    assert out[0]["intent"] == "distress_checkin"
    assert [b["label"] for b in out[0]["replies"][0]["buttons"]] == ["Yes, I am", "No, it's just a hard day"]
    assert out[1]["intent"] == "crisis" and "988" in out[1]["replies"][0]["text"]
    assert any(s.startswith("URGENT") for s in out[1]["staff"])
    assert out[3]["intent"] == "hard_day" and out[3]["staff"] == []


def test_age_gate_before_the_first_booking_only(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIN_AGE", "18")
    out = run_jsonl([
        json.dumps({"user": "u1", "text": "I live in NJ"}),
        json.dumps({"user": "u1", "action": "fd:sessions:anxiety"}),
    ], db_url)
    book = next(b["action"] for r in out[1]["replies"] for b in r["buttons"] if b["action"].startswith("fd:book:"))
    out = run_jsonl([
        json.dumps({"user": "u1", "action": book}),
        json.dumps({"user": "u1", "action": "fd:ageyes"}),
        json.dumps({"user": "u1", "action": "fd:sessions:dbt_skills"}),
    ], db_url)
    assert "are you 18 or older?" in out[0]["replies"][-1]["text"]
    assert [b["label"] for b in out[0]["replies"][-1]["buttons"]] == ["Yes", "No"]
    assert "You're booked" in out[1]["replies"][-1]["text"]
    assert not any("18" in s or "age" in s.lower() for s in out[1]["staff"])
    dbt = next(b["action"] for r in out[2]["replies"] for b in r["buttons"] if b["action"].startswith("fd:book:"))
    again = run_jsonl([json.dumps({"user": "u1", "action": dbt})], db_url)
    assert "older" not in again[0]["replies"][-1]["text"]
    assert "You're booked" in again[0]["replies"][-1]["text"]


def test_interactive_console_numbers_the_check_in_buttons(db_url: str) -> None:
    result = run(["chat", "--db", db_url, "--user", "kim"], stdin="i feel hopeless\n1\n/quit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] Yes, I am" in out and "[2] No, it's just a hard day" in out
    assert "988" in out and "[staff channel] URGENT" in out
