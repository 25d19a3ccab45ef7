"""Action ids: the whole meaning of a button, encoded in a short string.

Every id starts with ``fd:`` and is at most 100 characters (the lowest platform
limit), so a button still works after a restart: nothing is kept in memory.
Anything that does not parse is treated as an expired option, never an error.
This module alone knows the prefix and the verbs; everything else asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.messages import MAX_ACTION_ID

PREFIX = "fd:"
EXPIRED = f"{PREFIX}expired"  # an id that never decodes: answered as an expired option
_ARG = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")

# verb -> does it take an argument?
VERBS: dict[str, bool] = {
    "menu": False,        # show what the bot can do
    "ask": True,          # answer a knowledge intent: fd:ask:pricing
    "topic": True,        # describe a topic: fd:topic:anxiety
    "groups": False,      # list groups with seats
    "sessions": True,     # list sessions of one topic: fd:sessions:anxiety
    "book": True,         # book a seat: fd:book:12
    "mine": False,        # my bookings
    "cancel": True,       # ask to cancel a booking by ref: fd:cancel:FD7K3Q9
    "cancelyes": True,    # confirm cancelling
    "keep": False,        # keep the booking after all
    "where": False,       # ask for / change state of residence
    "state": True,        # answer the residence question by button: fd:state:FL, fd:state:OUTSIDE_US
    "notnow": False,      # not now: leave the residence question
    "stillyes": False,    # "still in Florida?" -> yes
    "stillno": False,     # -> no, ask again
    "handoff": False,     # talk to a person
    "privacy": False,     # read the privacy notice
    "export": False,      # export my data
    "delete": False,      # ask to delete my data
    "deleteyes": False,   # confirm deletion
    "deleteno": False,    # keep my data
    "moveask": True,      # which session to move this booking to: fd:moveask:FD7K3Q9
    "move": True,         # move a booking to another session: fd:move:FD7K3Q9-12
    "waitmove": True,     # join a full session's waitlist, keeping the current seat: fd:waitmove:12
    "tz": True,           # the member's time zone: fd:tz:PT (fd:tz:ask to choose again)
    "riskyes": False,     # distress check-in: "Yes, I am" thinking about harming myself -> crisis path
    "hardday": False,     # distress check-in: "No, it's just a hard day"
    "ageyes": False,      # age gate: old enough
    "ageno": False,       # age gate: under the minimum age
    "ack": True,          # staff: "I'm on it" for an urgent notice: fd:ack:U-7Q2M
    "done": True,         # staff: a "talk to a person" request is done: fd:done:H-4KX9
    "skip": True,         # can't make it this week: fd:skip:FD-7K3Q9X-20270112
    "calendar": False,    # send my calendar file(s)
    "remindoff": False,   # stop reminders
    "remindon": False,    # reminders on again
    "nextcycle": True,    # hold a waitlist place for a group's next cycle: fd:nextcycle:12
}


@dataclass(frozen=True, slots=True)
class Action:
    verb: str
    arg: str | None = None

    def encode(self) -> str:
        return encode(self.verb, self.arg)


def encode(verb: str, arg: str | int | None = None) -> str:
    if verb not in VERBS:
        raise ValueError(f"unknown action verb {verb!r}")
    if VERBS[verb] != (arg is not None):
        raise ValueError(f"action {verb!r} {'needs' if VERBS[verb] else 'takes no'} argument")
    value = f"{PREFIX}{verb}" if arg is None else f"{PREFIX}{verb}:{arg}"
    if arg is not None and not _ARG.match(str(arg)):
        raise ValueError(f"bad action argument {arg!r}")
    assert len(value) <= MAX_ACTION_ID
    return value


def verb_prefix(verb: str) -> str:
    """What every id of a verb that takes an argument starts with: ``fd:ask:``."""
    if not VERBS.get(verb):
        raise ValueError(f"action {verb!r} takes no argument")
    return f"{PREFIX}{verb}:"


def is_ours(raw: str) -> bool:
    """An id of this bot (perhaps stale or forged: ``decode`` decides), not another app's."""
    return raw.startswith(PREFIX)


def decode(raw: str | None) -> Action | None:
    """The action an id stands for, or None when it is unknown, stale or forged."""
    if not raw or len(raw) > MAX_ACTION_ID or not raw.startswith(PREFIX):
        return None
    verb, _, arg = raw[len(PREFIX):].partition(":")
    takes_arg = VERBS.get(verb)
    if takes_arg is None:
        return None
    if takes_arg:
        return Action(verb, arg) if _ARG.match(arg) else None
    return Action(verb) if not arg and ":" not in raw[len(PREFIX):] else None
