"""Concepts: the words members use for the same idea, so an unseen synonym still counts.

The classifier learns from a few dozen examples an intent; a member who says "fee"
where every example says "cost" would share no word with them. Each concept below is
one idea of the domain (money, the video call, the group's leader, ...) with the words
and short phrases that name it. Words are compared by their Snowball stem, so "charged",
"charges" and "charging" are one word. The classifier adds the concept as one more
feature to the examples and to the message alike: an example that says "cost" and a
message that says "fee" then share ``#money``. Concepts carry no intent: which intent
an idea points to is still learnt from the examples.

Keep each concept to one idea, and a word in at most one concept (the test checks).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

#: concept -> words and phrases (plain words; stemmed when the table is built).
CONCEPTS: Final[dict[str, str]] = {
    "money": "cost costs price prices pricing priced fee fees expensive cheap cheaper afford "
             "affordable dollars dollar bucks spend rate rates tuition budget charge money",
    "pay_method": "pay paying paid payment payments card credit debit paypal venmo zelle cashapp "
                  "apple_pay google_pay cash check cheque hsa fsa invoice invoices billed billing "
                  "bill bills autopay",
    "insurance": "insurance insurer insured covered coverage cover network copay deductible aetna "
                 "cigna bcbs medicaid medicare humana kaiser anthem optum tricare reimburse "
                 "reimbursement superbill",
    "refund": "refund refunds refunded refundable money_back",
    "video": "zoom video online virtual virtually remote remotely internet webinar skype "
             "facetime browser link app computer laptop tablet in_person office location",
    "camera": "camera cameras cam webcam face audio mic microphone",
    "secret": "confidential confidentiality secret secrets anonymous anonymity gossip repeat "
              "leave_the_room outside_the_group find_out",
    "nerves": "nervous scared afraid shy awkward intimidating intimidated freeze nerves "
              "uncomfortable embarrassed introvert introverted terrified freak freaks freaking dread dreading "
             "terrifies terrifying scares scary",
    "duration": "long minutes minute hour hours duration length lasts",
    "size": "members participants size big capacity crowd",
    "cycle": "weeks cycle program programme course total overall end ends ending finish",
    "leader": "lead leads leader leaders facilitator facilitators facilitate host hosts runs "
              "running instructor clinician",
    "age": "age aged old minor minors adult adults teen teens teenager teenagers underage "
           "years_old year_old",
    "companion": "partner wife husband spouse boyfriend girlfriend bf gf fiance fiancee "
                 "bring accompany together plus_one",
    "absence": "miss missed missing skip skipped absent vacation sick",
    "midway": "already started midway halfway middle begun late",
    "weekday": "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays "
               "wednesdays thursdays fridays saturdays sundays weekday weekdays weekend "
               "morning afternoon evening night",
    "schedule": "schedule schedules times slots slot timetable calendar",
    "enrol": "book sign_up signup register enroll enrol reserve spot seat put_me_down add_me",
    "drop": "cancel cancellation drop quit withdraw unenroll unbook unregister deregister back_out leave",
    "swap": "switch change move swap transfer different another instead",
    "remind": "remind reminder reminders notification notifications notify alert alerts",
    "human": "human person real staff someone somebody agent representative team",
    "machine": "bot robot ai automated machine chatbot",
    "data": "data information info details records profile",
    "erase": "delete erase wipe forget",
    "copy": "export copy download",
    "works": "works effective effectiveness proof proven evidence results "
             "success improve improvement better",
    "goal": "goal goals aim aims objective objectives target focus",
    "first": "first initial intro introduction beginning expect",
    "solo": "individual one_on_one 1on1 solo alone private_therapy own_therapist",
    "safe": "safe safety crisis upset breakdown triggered",
}


def stem(word: str) -> str:
    """The Snowball English stem of one lowercase word (placeholders are kept as they are)."""
    return _stem(word)


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word) if word.isalpha() else word


def _table() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    singles: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for concept, entries in CONCEPTS.items():
        for entry in entries.split():
            parts = tuple(stem(p) for p in entry.split("_"))
            if len(parts) == 1:
                singles.setdefault(parts[0], concept)
            else:
                phrases.setdefault(parts, concept)
    return singles, phrases


SINGLES, PHRASES = _table()
LONGEST = max(len(p) for p in PHRASES)
#: Every stem a concept names: words of the domain even when no example uses them.
CONCEPT_STEMS: Final = frozenset(SINGLES) | frozenset(s for p in PHRASES for s in p)


def concepts(stems: list[str]) -> list[str]:
    """The concept features (``#money``) a message's stems name, in order, repeats kept."""
    found: list[str] = []
    i = 0
    while i < len(stems):
        for size in range(min(LONGEST, len(stems) - i), 1, -1):
            concept = PHRASES.get(tuple(stems[i : i + size]))
            if concept is not None:
                found.append(f"#{concept}")
                i += size
                break
        else:
            concept = SINGLES.get(stems[i])
            if concept is not None:
                found.append(f"#{concept}")
            i += 1
    return found
