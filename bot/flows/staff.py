"""Staff commands, allowed only to configured staff ids (checked on every call)."""

from __future__ import annotations

import re

from bot.turn import Turn

COMMAND = re.compile(r"^\s*staff\s+(?P<verb>flags|clear|help)\b\s*(?P<arg>\S*)", re.IGNORECASE)
HELP = ("Staff commands:\n- staff flags: members with a risk flag\n"
        "- staff clear M-xxxxxxxxxx: clear a member's risk flag after you have reached them")


def is_command(text: str) -> bool:
    return COMMAND.match(text) is not None


async def handle(turn: Turn, text: str) -> None:
    match = COMMAND.match(text)
    verb = match.group("verb").lower() if match else ""
    arg = match.group("arg") if match else ""
    turn.intent = f"staff_{verb or 'help'}"
    if verb == "flags":
        flagged = await turn.uow.members.flagged()
        if not flagged:
            turn.say("No member has a risk flag.")
            return
        lines = [f"- {m.ref} ({m.platform})" for m in flagged]
        turn.say("Members with a risk flag:\n" + "\n".join(lines))
        return
    if verb == "clear" and arg:
        member = await turn.uow.members.by_ref(arg)
        if member is None:
            turn.say(f"No member with reference {arg}.")
            return
        if member.key == turn.member.key:
            turn.member.at_risk = False
        else:
            member.at_risk = False
            await turn.uow.members.save(member)
        await turn.uow.audit.record("risk_flag_cleared", turn.now)
        turn.say(f"Risk flag cleared for {member.ref}.")
        return
    turn.say(HELP)
