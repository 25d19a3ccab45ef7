"""JSON-lines mode: one JSON object in per line, exactly one JSON object out, flushed."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any, TextIO

from adapters.console.notifier import ConsoleNotifier
from adapters.wiring import App
from bot.messages import Inbound, MemberRef, Outcome, Reply
from bot.relay import OutboxRelay

MAX_LINE = 100_000


def parse_line(line: str) -> Inbound | str:
    """The inbound message a line stands for, or the reason it cannot be read."""
    if len(line) > MAX_LINE:
        return f"line too long (over {MAX_LINE} characters)"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return f"not valid JSON: {error.msg} at column {error.colno}"
    if not isinstance(data, dict):
        return "expected a JSON object"
    user = data.get("user")
    if isinstance(user, int) and not isinstance(user, bool):
        user = str(user)
    if not isinstance(user, str) or not user.strip():
        return "missing \"user\" (a non-empty string)"
    for key in ("text", "action", "name", "event_id"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            return f"\"{key}\" must be a string"
    if data.get("text") is None and data.get("action") is None:
        return "give \"text\" or \"action\""
    return Inbound(member=MemberRef("console", user.strip()[:150]), text=data.get("text"),
                   action=data.get("action"), event_id=data.get("event_id"),
                   display_name=data.get("name"))


def reply_json(reply: Reply) -> dict[str, Any]:
    data: dict[str, Any] = {"text": reply.text,
                            "buttons": [{"label": b.label, "action": b.action} for b in reply.buttons]}
    if reply.files:
        data["files"] = [{"name": f.name, "mime": f.mime, "text": f.text} for f in reply.files]
    return data


def outcome_json(outcome: Outcome, staff: list[str], waiting: list[str]) -> dict[str, Any]:
    if outcome.duplicate:
        return {"replies": [], "intent": None, "staff": staff, "duplicate": True}
    replies = [{"text": text, "buttons": []} for text in waiting]
    replies += [reply_json(r) for r in outcome.replies]
    return {"replies": replies, "intent": outcome.intent, "staff": staff}


async def turn(app: App, relay: OutboxRelay, notifier: ConsoleNotifier, line: str) -> dict[str, Any]:
    parsed = parse_line(line)
    if isinstance(parsed, str):
        return {"error": parsed}
    outcome = await app.core.handle(parsed)
    await app.deliver_now(relay)
    waiting = notifier.take_for_member(parsed.member.key)
    return outcome_json(outcome, notifier.take_staff(), waiting)


async def run(app: App, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
    notifier = ConsoleNotifier()
    relay = app.relay(notifier, "console", base_backoff=0.5)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        if not line.strip():
            continue
        try:
            result = await turn(app, relay, notifier, line)
        except Exception as error:  # never stop the stream for one bad line
            result = {"error": f"internal error: {type(error).__name__}"}
        stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        stdout.flush()
