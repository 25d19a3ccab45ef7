"""Staff commands, allowed only to configured staff ids (checked on every call)."""

from __future__ import annotations

import re

from bot.domain import Member
from bot.messages import Reply
from bot.turn import Turn

COMMAND = re.compile(r"^\s*staff\s+(?P<verb>flags|clear|help)\b\s*(?P<arg>\S*)", re.IGNORECASE)
HELP = ("Staff commands:\n- staff flags: members with a risk flag\n"
        "- staff clear M-xxxxxxxxxx: clear a member's risk flag after you have reached them")


_CATEGORY_WORDS = {"suicide": "suicide", "self_harm": "self-harm", "overdose": "overdose",
                   "harm_to_others": "harm to others", "abuse": "abuse or danger at home"}


def flag_line(member: Member) -> str:
    """One flagged member for staff: who (platform user), when, which category; never the text."""
    when = (f"flagged {member.risk_flagged_at:%d %b %Y %H:%M} UTC" if member.risk_flagged_at
            else f"flagged (time not recorded), first contact {member.created_at:%d %b %Y}")
    category = _CATEGORY_WORDS.get(member.risk_category or "", "not recorded")
    return f"- {member.ref}: {member_token(member)}, {when}, category {category}"


def member_token(member: Member) -> str:
    """How a flagged member is named; Slack and Discord show it as a mention."""
    return f"{member.platform} user {member.user_id}"


def is_command(text: str) -> bool:
    return COMMAND.match(text) is not None


def _ref(raw: str) -> str:
    """Member references are 'M-' and lower-case hex; accept any case staff type."""
    return "M-" + raw[2:].lower() if raw[:2].upper() == "M-" else raw


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
        lines = [flag_line(m) for m in flagged]
        turn.replies.append(Reply("Members with a risk flag (clear one with \"staff clear M-...\" "
                                  "once you have reached them):\n" + "\n".join(lines),
                                  mentions=tuple((member_token(m), m.key) for m in flagged)))
        return
    if verb == "clear" and arg:
        ref = _ref(arg)
        if ref == turn.member.ref and turn.member.at_risk:
            turn.member.at_risk = False
            turn.member.risk_flagged_at = turn.member.risk_category = None
            cleared = True
        else:
            cleared = await turn.uow.members.clear_risk(ref)
        if not cleared:
            exists = await turn.uow.members.by_ref(ref) is not None
            turn.say(f"{ref} has no risk flag." if exists else f"No member with reference {ref}.")
            return
        await turn.uow.audit.record("risk_flag_cleared", turn.now)
        turn.say(f"Risk flag cleared for {ref}.")
        return
    turn.say(HELP)


