"""Distress check-ins kept in memory, so a typed "yes" or "no" answers one without the store.

The check-in ("are you thinking about harming yourself?") is sent before any store
access, and its answer must work with the store down too: the buttons carry their own
meaning, and a typed answer within ``WINDOW`` is taken here (read by
``bot.language.answers.checkin_answer``: anything unclear that leans towards yes, and plain
uncertainty, counts as yes, the safer level).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from bot.checkin_question import AskedQuestion
from bot.language.answers import CheckinAnswer, checkin_answer

WINDOW: Final = timedelta(minutes=30)
MAX_REMEMBERED: Final = 10_000


class CheckIns:
    def __init__(self) -> None:
        self._sent: dict[str, tuple[datetime, bool, AskedQuestion | None]] = {}

    def sent(self, member_key: str, now: datetime, *, spanish: bool = False,
             question: AskedQuestion | None = None) -> None:
        """A check-in went out; ``question``: what the same message also asked (no text kept)."""
        self._sent.pop(member_key, None)
        self._sent[member_key] = (now, spanish, question)
        while len(self._sent) > MAX_REMEMBERED:
            self._sent.pop(next(iter(self._sent)))

    def question(self, member_key: str, now: datetime) -> AskedQuestion | None:
        """What the message that got the recent check-in also asked, if anything."""
        sent = self._sent.get(member_key)
        return sent[2] if sent is not None and now - sent[0] <= WINDOW else None

    def forget(self, member_key: str) -> None:
        self._sent.pop(member_key, None)

    def pending(self, member_key: str, now: datetime) -> bool:
        """A check-in went out within ``WINDOW`` and has not been answered."""
        sent = self._sent.get(member_key)
        return sent is not None and now - sent[0] <= WINDOW

    def answer(self, member_key: str, now: datetime, text: str) -> tuple[CheckinAnswer | None, bool]:
        """The typed answer to a recent check-in (which is then answered) or None (the check-in
        stays: the caller forgets it once the member has clearly moved on), and whether that
        check-in was in Spanish."""
        sent = self._sent.get(member_key)
        if sent is None or now - sent[0] > WINDOW:
            self._sent.pop(member_key, None)
            return None, False
        answered = checkin_answer(text)
        if answered is not None:
            self._sent.pop(member_key, None)
        return answered, sent[1]
