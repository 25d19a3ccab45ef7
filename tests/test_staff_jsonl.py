"""Staff commands through the real `frontdoor chat --jsonl` process: files, references, ack."""

from __future__ import annotations

import csv
import io
import json
import re

from tests.test_jsonl_cli import run_jsonl


def test_export_ack_and_groups_through_the_cli(db_url: str) -> None:
    out = run_jsonl([
        json.dumps({"user": "a", "text": "NJ"}),
        json.dumps({"user": "a", "text": "book the trauma group"}),
        json.dumps({"user": "boss", "text": "staff groups"}),
        json.dumps({"user": "boss", "text": "staff export trauma-ptsd-fri-1200"}),
        json.dumps({"user": "a", "text": "I want to die"}),
    ], db_url, "--staff", "boss")
    assert "trauma-ptsd-fri-1200: Trauma and PTSD group" in out[2]["replies"][-1]["text"]
    [file] = out[3]["replies"][-1]["files"]
    assert file["mime"] == "text/csv" and file["name"].startswith("trauma-ptsd-fri-1200-")
    assert next(csv.reader(io.StringIO(file["text"]))) == ["reference", "status", "platform", "mention",
                                                           "booked_at"]
    [urgent] = [s for s in out[4]["staff"] if s.startswith("URGENT")]
    ref = re.search(r"U-[A-Z2-9]{4}", urgent).group(0)  # type: ignore[union-attr]
    more = run_jsonl([json.dumps({"user": "boss", "text": f"staff ack {ref}"}),
                      json.dumps({"user": "boss", "text": f"staff ack {ref}"})], db_url, "--staff", "boss")
    assert f"{ref} is yours" in more[0]["replies"][-1]["text"]
    [taken] = more[0]["staff"]
    assert re.fullmatch(ref + r": taken by @boss at \d\d:\d\d UTC\.", taken)
    assert "already taken by you" in more[1]["replies"][-1]["text"]


def test_non_staff_get_the_fallback_for_staff_commands(db_url: str) -> None:
    out = run_jsonl([json.dumps({"user": "x", "text": "blorp"}),
                     json.dumps({"user": "x", "text": "blorp"}),
                     json.dumps({"user": "x", "text": "staff export trauma-ptsd-fri-1200"})], db_url)
    assert out[2]["replies"] == out[1]["replies"] and out[2]["intent"] is None
    assert "files" not in out[2]["replies"][-1]
