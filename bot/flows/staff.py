"""Staff commands: a table of verbs, allowed only to configured staff ids (checked on every call).

Text commands are the same on every adapter (``staff help``, ``staff groups``, ...). Anyone
else typing one gets exactly what any text the bot does not understand gets. Answers are
for staff eyes only: adapters send them to the staff member's DM (or ephemerally), and a
roster or export asked for in a public channel is refused there and sent by DM. Every
staff action writes an audit row: what, when, the hashed staff id, a reference, no text.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from bot import staff_notices
from bot.domain import Member
from bot.flows import menu, staff_groups, staff_requests
from bot.flows.staff_common import Command, audit, normalise_member_ref
from bot.messages import Reply
from bot.turn import Turn

VERBS = ("help", "groups", "roster", "capacity", "close", "open", "cancel", "move", "remove",
         "export", "queue", "done", "ack", "flags", "clear")
_SHAPED = re.compile(r"^\s*staff\s*$|^\s*staff\s+(?:" + "|".join(VERBS) + r")\b", re.IGNORECASE)
_ANY = re.compile(r"^\s*staff\b(?!['\u2019])", re.IGNORECASE)

HELP = """Staff commands (answers come only to you):
- staff groups: every group's key, schedule, seats taken/capacity, waitlist, open or closed
- staff roster KEY: who is in a group (booking reference and mention)
- staff capacity KEY N: change a capacity (raising it promotes the waitlist)
- staff close KEY / staff open KEY: stop or restart new bookings
- staff cancel KEY YYYY-MM-DD [reason]: cancel one session and tell its members
- staff move FD-XXXXXX KEY [force]: move a booking to another group (force: past the licence check)
- staff remove FD-XXXXXX [reason]: cancel a booking and tell the member
- staff export KEY: the roster as a CSV file
- staff queue: open "talk to a person" requests
- staff done H-XXXX: mark a request done
- staff ack U-XXXX: take an urgent notice ("I'm on it")
- staff flags: members with a risk flag
- staff clear M-xxxxxxxxxx: clear a member's risk flag after you have reached them"""


def is_command(text: str, *, for_staff: bool = False) -> bool:
    """A staff command for staff (any 'staff ...' text); only command-shaped text for others."""
    return (_ANY if for_staff else _SHAPED).match(text) is not None


def parse(text: str) -> Command:
    words = text.split()
    verb = words[1].lower() if len(words) > 1 else "help"
    return Command(verb=verb, args=words[2:], text=text)


async def handle(turn: Turn, text: str) -> None:
    command = parse(text)
    handler = COMMANDS.get(command.verb)
    if handler is None:
        command = Command("help", [], text)
        handler = show_help
    turn.intent = f"staff_{command.verb}"
    await handler(turn, command)


async def on_button(turn: Turn, verb: str, ref: str) -> None:
    """The "I'm on it" and "Done" buttons under staff notices."""
    if not turn.deps.config.is_staff(turn.member.platform, turn.member.user_id):
        menu.expired_option(turn)
        return
    turn.intent = f"staff_{verb}"
    if verb == "ack":
        await staff_requests.ack(turn, Command("ack", [ref], ""))
    else:
        await staff_requests.done(turn, Command("done", [ref], ""))


async def show_help(turn: Turn, command: Command) -> None:
    turn.say(HELP)


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


async def flags(turn: Turn, command: Command) -> None:
    flagged = await turn.uow.members.flagged()
    if not flagged:
        turn.say("No member has a risk flag.")
        return
    lines = [flag_line(m) for m in flagged]
    turn.replies.append(Reply("Members with a risk flag (clear one with \"staff clear M-...\" "
                              "once you have reached them):\n" + "\n".join(lines),
                              mentions=tuple((member_token(m), m.key) for m in flagged)))


async def clear(turn: Turn, command: Command) -> None:
    if not command.args:
        turn.say("Which member? For example: staff clear M-3f9a1c2b7d (see \"staff flags\").")
        return
    ref = normalise_member_ref(command.args[0])
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
    await audit(turn, "risk_flag_cleared", ref)
    taken = await _take_urgent_notices(turn, ref)
    note = (f" {', '.join(taken)} {'is' if len(taken) == 1 else 'are'} now marked as taken by you, "
            "so nobody will be reminded about it again." if taken else "")
    turn.say(f"Risk flag cleared for {ref}.{note}")


async def _take_urgent_notices(turn: Turn, member_ref: str) -> list[str]:
    """Staff who clear a flag have reached the member: their open urgent notices are taken."""
    member = turn.member if member_ref == turn.member.ref else await turn.uow.members.by_ref(member_ref)
    if member is None:
        return []
    taken = await turn.uow.requests.ack_open_for_member(member.key, turn.member.key, turn.now)
    for urgent_ref in taken:
        request = await turn.uow.requests.get(urgent_ref)
        if request is not None:
            await turn.notify(staff_notices.taken(request, turn.member.key, turn.now))
            await audit(turn, "urgent_acknowledged", urgent_ref)
    return taken


COMMANDS: dict[str, Callable[[Turn, Command], Awaitable[None]]] = {
    "help": show_help,
    "groups": staff_groups.groups,
    "roster": staff_groups.roster,
    "capacity": staff_groups.capacity,
    "close": staff_groups.close,
    "open": staff_groups.reopen,
    "cancel": staff_groups.cancel_session,
    "move": staff_groups.move,
    "remove": staff_groups.remove,
    "export": staff_groups.export,
    "queue": staff_requests.queue,
    "done": staff_requests.done,
    "ack": staff_requests.ack,
    "flags": flags,
    "clear": clear,
}
