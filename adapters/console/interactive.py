"""Interactive console: type to talk, type a number to press a button."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from adapters.console.notifier import ConsoleNotifier
from adapters.wiring import Runtime
from bot.messages import Button, Inbound, MemberKey, Outcome

QUIT = {"/quit", "/exit", "quit", "exit"}


def render(outcome: Outcome) -> tuple[str, list[Button]]:
    """Text for the terminal, with buttons numbered across the whole turn."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in outcome.replies:
        lines.append(reply.text)
        for file in reply.files:
            lines.append(f"--- file {file.name} ({file.mime}) ---")
            lines.extend(file.text.rstrip("\n").split("\n"))
            lines.append("--- end of file ---")
        for button in reply.buttons:
            buttons.append(button)
            lines.append(f"  [{len(buttons)}] {button.label}")
    return "\n".join(lines), buttons


async def run(app: Runtime, user: str = "me", stdin: TextIO = sys.stdin,
              stdout: TextIO = sys.stdout) -> None:
    notifier = ConsoleNotifier()
    relay = app.relay(notifier, "console", base_backoff=0.5, settle_later=True)
    member = MemberKey("console", user)
    loop = asyncio.get_running_loop()
    buttons: list[Button] = []
    stdout.write("frontdoor console. Type a message, a number to press a button, or /quit.\n")
    stdout.write("(Staff notices appear as [staff channel] lines.)\n\n")
    turn = 0
    while True:
        stdout.write("you> ")
        stdout.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line or line.strip().lower() in QUIT:
            stdout.write("\nBye.\n")
            return
        text = line.rstrip("\n")
        turn += 1
        choice = text.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(buttons):
            inbound = Inbound(member, action=buttons[int(choice) - 1].action, event_id=None)
        else:
            inbound = Inbound(member, text=text)
        outcome = await app.core.handle(inbound)
        body, buttons = render(outcome)
        stdout.write("\n" + "\n".join("bot> " + part if i == 0 else "     " + part
                                      for i, part in enumerate(body.split("\n"))) + "\n")
        await app.deliver_now(relay)
        for notice in notifier.take_staff():
            stdout.write(f"[staff channel] {notice}\n")
        for key, messages in notifier.take_all_member_messages().items():
            for message in messages:
                stdout.write(f"[message to {MemberKey.parse(key).user_id}] {message}\n")
        stdout.write("\n")
        stdout.flush()
        try:
            await relay.settle()  # shown first, then marked sent
        except Exception:  # the store went away: the notices come back once their lease ends
            pass
