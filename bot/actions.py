"""Action ids: the whole meaning of a button, encoded in a short string.

Every id starts with ``fd:`` and is at most 100 characters (the lowest platform
limit), so a button still works after a restart: nothing is kept in memory.
Anything that does not parse is treated as an expired option, never an error.
This module alone knows the prefix and the verbs; everything else asks it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.messages import MAX_ACTION_ID

PREFIX = "fd:"
EXPIRED = f"{PREFIX}expired"  # an id that never decodes: answered as an expired option
_ARG = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")


class Verb(StrEnum):
    """What a button does; its routing table is ``dialogue.on_action``."""

    MENU = "menu"  # show what the bot can do
    ASK = "ask"  # answer a knowledge intent: fd:ask:pricing
    TOPIC = "topic"  # describe a topic: fd:topic:anxiety
    GROUPS = "groups"  # list groups with seats
    SESSIONS = "sessions"  # list sessions of one topic: fd:sessions:anxiety
    BOOK = "book"  # book a seat: fd:book:12
    MINE = "mine"  # my bookings
    CANCEL = "cancel"  # ask to cancel a booking by ref: fd:cancel:FD7K3Q9
    CANCELYES = "cancelyes"  # confirm cancelling
    KEEP = "keep"  # keep the booking after all
    WHERE = "where"  # ask for / change state of residence
    STATE = "state"  # answer the residence question by button: fd:state:FL, fd:state:OUTSIDE_US
    NOTNOW = "notnow"  # not now: leave the residence question
    STILLYES = "stillyes"  # "still in Florida?" -> yes
    STILLNO = "stillno"  # -> no, ask again
    HANDOFF = "handoff"  # talk to a person
    PRIVACY = "privacy"  # read the privacy notice
    EXPORT = "export"  # export my data
    DELETE = "delete"  # ask to delete my data
    DELETEYES = "deleteyes"  # confirm deletion
    DELETENO = "deleteno"  # keep my data
    MOVEASK = "moveask"  # which session to move this booking to: fd:moveask:FD7K3Q9
    MOVE = "move"  # move a booking to another session: fd:move:FD7K3Q9-12
    WAITMOVE = "waitmove"  # join a full session's waitlist, keeping the current seat: fd:waitmove:12
    TZ = "tz"  # the member's time zone: fd:tz:PT (fd:tz:ask to choose again)
    RISKYES = "riskyes"  # distress check-in: "Yes, I am" thinking about harming myself -> crisis path
    HARDDAY = "hardday"  # distress check-in: "No, it's just a hard day"
    AGEYES = "ageyes"  # age gate: old enough
    AGENO = "ageno"  # age gate: under the minimum age
    ACK = "ack"  # staff: "I'm on it" for an urgent notice: fd:ack:U-7Q2M
    DONE = "done"  # staff: a "talk to a person" request is done: fd:done:H-4KX9
    SKIP = "skip"  # can't make it this week: fd:skip:FD-7K3Q9X-20270112
    CALENDAR = "calendar"  # send my calendar file(s)
    REMINDOFF = "remindoff"  # stop reminders
    REMINDON = "remindon"  # reminders on again
    NEXTCYCLE = "nextcycle"  # hold a waitlist place for a group's next cycle: fd:nextcycle:12


#: The verbs whose id carries an argument (``fd:book:12``); the others take none.
TAKES_ARG: frozenset[Verb] = frozenset({
    Verb.ASK, Verb.TOPIC, Verb.SESSIONS, Verb.BOOK, Verb.CANCEL, Verb.CANCELYES, Verb.STATE,
    Verb.MOVEASK, Verb.MOVE, Verb.WAITMOVE, Verb.TZ, Verb.ACK, Verb.DONE, Verb.SKIP, Verb.NEXTCYCLE})
#: The verbs that may carry an argument or not: the check-in's buttons, ``fd:riskyes`` or, for a
#: check-in asked in Spanish, ``fd:riskyes:es`` (the language of the reply that follows).
OPTIONAL_ARG: frozenset[Verb] = frozenset({Verb.RISKYES, Verb.HARDDAY})


@dataclass(frozen=True, slots=True)
class Action:
    verb: Verb
    arg: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "verb", Verb(self.verb))  # "book" is Verb.BOOK; unknown raises

    def encode(self) -> str:
        return encode(self.verb, self.arg)


def _verb(name: str) -> Verb | None:
    try:
        return Verb(name)
    except ValueError:
        return None


def encode(verb: Verb | str, arg: str | int | None = None) -> str:
    known = _verb(verb)
    if known is None:
        raise ValueError(f"unknown action verb {verb!r}")
    takes_arg = known in TAKES_ARG
    if takes_arg != (arg is not None) and known not in OPTIONAL_ARG:
        raise ValueError(f"action {verb!r} {'needs' if takes_arg else 'takes no'} argument")
    value = f"{PREFIX}{verb}" if arg is None else f"{PREFIX}{verb}:{arg}"
    if arg is not None and not _ARG.match(str(arg)):
        raise ValueError(f"bad action argument {arg!r}")
    assert len(value) <= MAX_ACTION_ID
    return value


def verb_prefix(verb: Verb | str) -> str:
    """What every id of a verb that takes an argument starts with: ``fd:ask:``."""
    if _verb(verb) not in TAKES_ARG:
        raise ValueError(f"action {verb!r} takes no argument")
    return f"{PREFIX}{verb}:"


def decode(raw: str | None) -> Action | None:
    """The action an id stands for, or None when it is unknown, stale or forged."""
    if not raw or len(raw) > MAX_ACTION_ID or not raw.startswith(PREFIX):
        return None
    name, _, arg = raw[len(PREFIX):].partition(":")
    verb = _verb(name)
    if verb is None:
        return None
    if verb in TAKES_ARG or (verb in OPTIONAL_ARG and arg):
        return Action(verb, arg) if _ARG.match(arg) else None
    return Action(verb) if not arg and ":" not in raw[len(PREFIX):] else None
