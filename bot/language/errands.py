"""Errands: requests to do something in the member's own life with one of our verbs.

The bot books seats, reminds members of their sessions and puts them in touch with
staff. Members also ask assistants to do things in their own life with the same verbs:
"remind me to call mom", "can you call my sister", "text my boyfriend". Those are out of
scope however close their words are to ours. This module recognises two frames over the
shared normaliser's words:

* a reminder to *do* something ("remind me to ...", "set a reminder to ..."), unless
  what they want reminding of is one of ours (a session, a group, a booking);
* a call or message to someone else ("call my sister", "text john"): the bot calls and
  messages nobody, and a member who wants a person says "call me" or "a person".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

#: Verbs of getting in touch with someone.
CONTACT_VERBS: Final = frozenset("call phone ring text message email dm ping facetime".split())
#: Who a member may ask to be put in touch with: those are ours (a handoff).
OURS_TO_CONTACT: Final = frozenset(
    "me us someone somebody anyone anybody staff team person human therapist therapists "
    "facilitator counselor support back".split())
#: What a reminder of ours is about.
OURS_TO_REMIND: Final = frozenset(
    "session sessions group groups booking bookings seat spot class meeting therapy appointment".split())
_LEAD: Final = frozenset("can could would will you please pls just".split())


def is_errand(words: Sequence[str]) -> bool:
    """True for "remind me to call mom" and "can you call my sister"; False for ours."""
    said = list(words)
    while said and said[0] in _LEAD:
        said = said[1:]
    if not said:
        return False
    if "remind" in said or "reminder" in said:
        at = said.index("remind") if "remind" in said else said.index("reminder")
        rest = said[at + 1 :]
        if "to" in rest[:3] and not OURS_TO_REMIND & set(rest):
            return True
    if said[0] in CONTACT_VERBS and len(said) > 1:
        target = said[2] if said[1] in ("my", "a", "the") and len(said) > 2 else said[1]
        return target not in OURS_TO_CONTACT
    return False
