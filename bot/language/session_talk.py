"""Reading what a booked member says about their sessions: "stop reminders", "reminders on",
"add to my calendar", "I can't come on Tuesday", "skip next week".

Deliberately narrow (anchored phrases, no guessing): a question about missing a session
("what if I can't make it?") is not a request to skip one, and is left to the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["skip", "reminders_off", "reminders_on", "calendar"]
WEEKDAY_WORDS = {"monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
                 "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
                 "sunday": 6, "sun": 6}


@dataclass(frozen=True, slots=True)
class SessionTalk:
    kind: Kind
    weekday: int | None = None   # "on Tuesday"
    next_week: bool = False      # "next week" (else: the coming session)


_R = "reminders?|reminder messages?|notifications?"
_OFF = re.compile(rf"^(please )?(stop|pause|mute|disable|turn off|switch off|cancel|no more|unsubscribe( me)? from)"
                  rf"( (the|my|all|your|sending( me)?))* ({_R})( please)?$|^({_R}) off( please)?$"
                  rf"|^(please )?(do not|dont|don't) (send|remind)( me)?( any)?( more)?( ({_R}))?( please)?$")
_ON = re.compile(rf"^(please )?(turn on|switch on|start|resume|restart|enable|send me)( (the|my|your))? ({_R})"
                 rf"( (again|back on|on))?( please)?$|^({_R}) (back )?on( again)?( please)?$"
                 rf"|^(please )?remind me again$")
_CAL = re.compile(r"\b(add|put|save|get)\b.{0,30}\b(to|in|into|on)\b.{0,10}\bcalendar\b"
                  r"|\b(ics|ical|calendar (file|invite|invitation|event))\b|^(send|give) me .{0,20}calendar")
_CANT = re.compile(r"\b(can ?not|cant|can't|won't|wont|will not|unable to|not able to|couldn't|"
                   r"not going to be able to|gonna miss|going to miss|will miss|have to miss|need to miss|"
                   r"i'll miss|ill miss)\b")
_ATTEND = re.compile(r"\b(come|make it|attend|join|be there|go|miss|do)\b")
_SKIP = re.compile(r"\b(skip|miss|sit out)\b")
_WHEN = re.compile(r"\b(this week|next week|today|tonight|tomorrow|this session|next session|"
                   r"this one|the next one|monday|tuesday|tues|wednesday|thursday|thurs|friday|"
                   r"saturday|sunday|this time)\b")
_QUESTION = re.compile(r"^(what|how|is|are|do|does|can i|could i|if|will i|would|should)\b|what if|\?$")


def _clean(text: str) -> str:
    text = text.lower().replace("’", "'").strip()
    text = re.sub(r"[!.,]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def read(text: str) -> SessionTalk | None:
    said = _clean(text)
    if not said or len(said) > 160:
        return None
    if _OFF.search(said):
        return SessionTalk("reminders_off")
    if _ON.search(said):
        return SessionTalk("reminders_on")
    if _CAL.search(said) and not re.search(r"\b(remove|delete|take)\b", said):
        return SessionTalk("calendar")
    if _QUESTION.search(said):
        return None
    when = _WHEN.search(said)
    if when is None:
        return None
    if not ((_CANT.search(said) and _ATTEND.search(said)) or re.match(r"^(please )?(skip|miss|sit out)\b", said)
            or re.search(r"\b(i'd like|i want|i need|let me|i'm going|im going|i have) to (skip|miss)\b", said)):
        return None
    weekday = next((WEEKDAY_WORDS[w] for w in re.findall(r"[a-z]+", said) if w in WEEKDAY_WORDS
                    and len(w) > 3), None)
    return SessionTalk("skip", weekday=weekday, next_week="next week" in said)
