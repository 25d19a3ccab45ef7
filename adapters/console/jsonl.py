"""JSON-lines mode: every input line, whatever its bytes, gets exactly one JSON object back, flushed.

Input is read as bytes, one line at a time and at most ``MAX_LINE_BYTES`` a line, so an
invalid UTF-8 byte, a NUL, a blank line or a line of junk each get ``{"error": ...}``
and the stream goes on. After every line the due work runs (``due_gate``: after a member's
line only when one read of the store shows something due, or a second has passed):
staff notices and member messages it delivers are written in that line's ``"staff"``
and ``"members"``, and only once the line is written are they marked sent (at least
once: a crash in between means a redelivery later, never a loss). With ``--clock`` a
manual clock stands still until a ``{"clock": "<ISO instant>"}`` line moves it forward.
"""

from __future__ import annotations

import asyncio
import json
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from adapters.clock import ClockError, ManualClock, format_instant, parse_instant
from adapters.console import pipe_reader
from adapters.console.due_gate import DueGate
from adapters.console.notifier import ConsoleNotifier
from adapters.console.pipe_reader import PipeLineReader
from adapters.wiring import Runtime
from bot.domain import Notice
from bot.messages import Inbound, MemberKey, Outcome, Reply

MAX_LINE = 100_000                   # characters of one input line
MAX_LINE_BYTES = MAX_LINE * 4 + 2    # UTF-8 takes at most 4 bytes a character, plus CR LF
MAX_USER_ID = 150
_BAD_CATEGORIES = {"Cc", "Cs"}  # control characters (NUL among them), lone surrogates


class TooLong:
    """A line longer than ``MAX_LINE_BYTES`` (read and thrown away up to its end)."""


TOO_LONG = TooLong()


@dataclass(frozen=True, slots=True)
class ClockLine:
    """``{"clock": "<instant>"}``: move the manual clock and run what has fallen due."""

    at: datetime


class LineReader:
    """The lines of a binary stream, each at most ``limit`` bytes; None at the end."""

    def __init__(self, stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> None:
        self._stream = stream
        self._limit = limit

    def read(self) -> bytes | TooLong | None:
        line = self._stream.readline(self._limit + 1)
        if not line:
            return None
        if len(line) > self._limit and not line.endswith(b"\n"):
            while True:  # skip to the end of this line, keeping memory bounded
                rest = self._stream.readline(65536)
                if not rest or rest.endswith(b"\n"):
                    break
            return TOO_LONG
        return line


def decode_line(raw: bytes) -> str:
    """The line as text, without its line end; ``UnicodeDecodeError`` if it is not UTF-8."""
    text = raw.decode("utf-8")
    return text.removesuffix("\n").removesuffix("\r").removeprefix("\ufeff")


def _bad_text(value: str) -> bool:
    return any(unicodedata.category(ch) in _BAD_CATEGORIES for ch in value)


def _printable(value: str) -> str:
    """``value`` without control characters or lone surrogates (for an optional display name)."""
    return "".join(ch for ch in value if unicodedata.category(ch) not in _BAD_CATEGORIES)


def parse_line(line: str) -> Inbound | ClockLine | str:
    """What a line stands for, or the reason it cannot be read."""
    if len(line) > MAX_LINE:
        return f"line too long (over {MAX_LINE} characters)"
    if not line.strip():
        return "empty line"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return f"not valid JSON: {error.msg} at column {error.colno}"
    except RecursionError:
        return "not valid JSON here: nested too deeply"
    if not isinstance(data, dict):
        return "expected a JSON object"
    if "clock" in data:
        try:
            return ClockLine(parse_instant(data["clock"]))
        except ClockError as error:
            return f"\"clock\": {error}"
    user = data.get("user")
    if isinstance(user, int) and not isinstance(user, bool):
        user = str(user)
    if not isinstance(user, str) or not user.strip():
        return "missing \"user\" (a non-empty string)"
    user = user.strip()
    if _bad_text(user):
        return "\"user\" must not contain control characters or invalid Unicode"
    if len(user) > MAX_USER_ID:
        return f"\"user\" is too long (at most {MAX_USER_ID} characters)"
    for key in ("text", "action", "name", "event_id"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            return f"\"{key}\" must be a string"
    if data.get("text") is None and data.get("action") is None:
        return "give \"text\" or \"action\""
    name = data.get("name")
    return Inbound(member=MemberKey("console", user), text=data.get("text"),
                   action=data.get("action"), event_id=data.get("event_id"),
                   display_name=_printable(name) if name else None)


def reply_json(reply: Reply) -> dict[str, Any]:
    data: dict[str, Any] = {"text": reply.text,
                            "buttons": [{"label": b.label, "action": b.action} for b in reply.buttons]}
    if reply.files:
        data["files"] = [{"name": f.name, "mime": f.mime, "text": f.text} for f in reply.files]
    return data


def member_json(member_key: str, text: str, notice: Notice | None = None) -> dict[str, Any]:
    """A message delivered to a member outside their own reply (with its buttons and files)."""
    reply = Reply(text, notice.buttons, files=notice.files) if notice is not None else Reply(text)
    return {"user": MemberKey.parse(member_key).user_id, **reply_json(reply)}


def outcome_json(outcome: Outcome, staff: list[str]) -> dict[str, Any]:
    if outcome.duplicate:
        return {"replies": [], "intent": None, "staff": staff, "duplicate": True}
    return {"replies": [reply_json(r) for r in outcome.replies], "intent": outcome.intent,
            "staff": staff}


def encode_result(result: dict[str, Any]) -> bytes:
    """One output line, always valid UTF-8 (escaped if some text is not encodable)."""
    try:
        return (json.dumps(result, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate somewhere: \u-escape everything
        return (json.dumps(result) + "\n").encode("ascii")


class Session:
    """One JSON-lines session over an app: its relay, its scheduler, its (optional) manual clock."""

    def __init__(self, app: Runtime, clock: ManualClock | None = None) -> None:
        self.app = app
        self.clock = clock
        self.notifier = ConsoleNotifier()
        self.relay = app.relay(self.notifier, "console", base_backoff=0.5, settle_later=True)
        self.scheduler = app.scheduler(self.relay)
        self.due = DueGate(app, self.scheduler, "console")

    async def answer(self, raw: bytes | TooLong) -> dict[str, Any]:
        """The output object for one input line (deliveries collected, not yet settled)."""
        if isinstance(raw, TooLong):
            return {"error": f"line too long (over {MAX_LINE} characters)"}
        try:
            line = decode_line(raw)
        except UnicodeDecodeError as error:
            return {"error": f"not valid UTF-8: byte 0x{raw[error.start]:02x} at position {error.start}"}
        parsed = parse_line(line)
        if isinstance(parsed, str):
            return {"error": parsed}
        if isinstance(parsed, ClockLine):
            return await self._clock_line(parsed)
        outcome = await self.app.core.handle(parsed)
        await self.due.run_due(self.app.clock.now())
        result = outcome_json(outcome, self.notifier.take_staff())
        return self._with_members(result)

    async def _clock_line(self, line: ClockLine) -> dict[str, Any]:
        if self.clock is None:
            return {"error": "\"clock\" needs a manual clock: start with --clock <ISO instant>"}
        try:
            now = self.clock.move_to(line.at)
        except ClockError as error:
            return {"error": f"\"clock\": {error}"}
        await self.due.run_due(now, always=True)
        result: dict[str, Any] = {"clock": format_instant(now), "staff": self.notifier.take_staff()}
        return self._with_members(result, always=True)

    def _with_members(self, result: dict[str, Any], *, always: bool = False) -> dict[str, Any]:
        members = [member_json(key, text, notice)
                   for key, text, notice in self.notifier.take_member_messages()]
        if members or always:
            result["members"] = members
        return result

    async def settle(self) -> None:
        """After a line is written: mark what it carried as sent."""
        try:
            await self.relay.settle()
        except Exception:  # the store went away: the rows come back once their lease ends
            pass

    def salvage(self, error: BaseException) -> dict[str, Any]:
        """An internal error's line, still carrying whatever was delivered for it."""
        result: dict[str, Any] = {"error": f"internal error: {type(error).__name__}"}
        staff = self.notifier.take_staff()
        if staff:
            result["staff"] = staff
        return self._with_members(result)


async def run(app: Runtime, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None, *,
              clock: ManualClock | None = None) -> None:
    source = stdin if stdin is not None else sys.stdin.buffer
    reader = LineReader(source)
    piped = PipeLineReader(source, MAX_LINE_BYTES, TOO_LONG) if pipe_reader.usable(source) else None
    out = stdout if stdout is not None else sys.stdout.buffer
    session = Session(app, clock)
    loop = asyncio.get_running_loop()
    while True:
        raw = await piped.read() if piped is not None else await loop.run_in_executor(None, reader.read)
        if raw is None:
            break
        try:
            result = await session.answer(raw)
        except Exception as error:  # never stop the stream for one bad line
            result = session.salvage(error)
        out.write(encode_result(result))
        out.flush()
        await session.settle()
    if piped is not None:
        piped.close()
