"""The core's front: one inbound message in, an outcome out, safety first.

Order of work for every message: clean the text; assess the whole of it for risk, once
(no database; the previous turn's context from memory): at risk -> the crisis reply,
someone else at risk -> how to help them, distress -> a check-in, an answer to a
check-in, all before the store and never waiting for a turn slot; rate-limit; wait for
one of ``max_turns`` slots (a burst must not start a burst of store transactions); then,
serialised per member and in one transaction, deduplicate the platform event, load the
member, step the dialogue (a risk-adjacent message gets one gentle line of resources
first), write everything, commit. ``handle`` is the one safety net: it never raises, and
its apology is the only one.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime

from bot import actions, checkin_question, dialogue
from bot.actions import Action, Verb
from bot.checkin_question import AskedQuestion
from bot.checkins import CheckIns
from bot.dialogue_state import NOTHING, AfterCrisis, DialogueState
from bot.domain import Member, Notice
from bot.flows import booking, menu
from bot.language.crisis import looks_spanish, mentions_military, named_place
from bot.language.crisis.context import after_crisis_follow_up
from bot.language.crisis.net import SURE_READING, about_living, feeling_low
from bot.members import load_or_create, new_member, stored_or_new
from bot.messages import Inbound, MemberKey, Outcome, Reply
from bot.pending import PendingCrises, mark_at_risk
from bot.ports import (
    Clock,
    StoreConflict,
    StoreUnavailable,
    UnitOfWork,
    UnitOfWorkFactory,
)
from bot.ratelimit import RateLimiter
from bot.recent_risk import RecentRisk
from bot.language.residence import OUTSIDE_US_CODE
from bot.language.urgency import says_urgent, urgent_only
from bot.safety import (
    RiskAssessment,
    RiskCategory,
    adjacent_line,
    checkin_reply,
    crisis_reply,
    hard_day_reply,
    resources_line,
    someone_else_reply,
)
from bot.dependencies import Dependencies
from bot.textinput import clean
from bot.turn import Turn
from bot.urgent_notices import one_per_member

log = logging.getLogger("frontdoor.core")

SLOW_DOWN = ("You're sending messages faster than I can keep up with. Please give me a "
             "moment and try again in a minute. If you need help right now, call or text 988.")
EMPTY = "I didn't catch anything there. Type a question, or pick one of these:"
TRUNCATED = "That was a long message, so I only read the first {limit} characters."
STORE_DOWN = ("I'm having trouble reaching our booking system right now, so I can't do that "
              "this minute. Please try again shortly. If you need help now, call or text 988.")
EXPIRED = "We were in the middle of something earlier, but that has timed out. Let's carry on from here."
INTERNAL_ERROR = ("Sorry, something went wrong on my side. Please try again in a moment. "
                  "If you need help now, call or text 988.")
MAX_ATTEMPTS = 3


class Core:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, deps: Dependencies) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._deps = deps
        self._config = deps.config
        self._limiter = RateLimiter(self._config.rate_limit_per_minute)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._refs = deps.refs
        if self._config.max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        self._slots = asyncio.Semaphore(self._config.max_turns)  # turns that use the store at once
        self._pending = PendingCrises(deps.refs)
        self._checkins = CheckIns()
        self._recent = RecentRisk()  # the last risky turn per member, for context (no store)

    @property
    def deps(self) -> Dependencies:
        return self._deps

    async def handle(self, inbound: Inbound) -> Outcome:
        """Answer one inbound message; never raises (a bug gets an apology, and a log line)."""
        started = time.perf_counter()
        ref = self._refs(inbound.member.key)  # made once a turn, carried on the outcome
        try:
            outcome = await self._handle(inbound, ref)
        except Exception as error:  # noqa: BLE001 - the member must always get an answer
            # Frames only: an exception's message could carry what the member typed.
            log.error("turn failed member=%s error=%s\n%s", ref,
                      type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
            outcome = Outcome((Reply(INTERNAL_ERROR),), intent=None)
        log.info("turn member=%s intent=%s replies=%d duplicate=%s crisis=%s ms=%.1f",
                 ref, outcome.intent, len(outcome.replies),
                 outcome.duplicate, outcome.crisis, (time.perf_counter() - started) * 1000)
        return replace(outcome, member_ref=ref)

    async def _handle(self, inbound: Inbound, ref: str) -> Outcome:
        cleaned = clean(inbound.text, self._config.max_text)
        now = self._clock.now()
        key = inbound.member.key
        lead: str | None = None
        action = actions.decode(inbound.action) if inbound.action is not None else None
        if inbound.action is None and cleaned.text:
            # The whole message is checked for risk (the adapters cap it at 100,000
            # characters), not just the part we read further.
            whole = clean(inbound.text, len(inbound.text or "")).text if cleaned.truncated else cleaned.text
            risk = self._deps.detector.assess(whole)
            risk = self._in_context(key, now, whole, risk)
            if risk.at_risk:
                self._checkins.forget(key)
                return await self._crisis(inbound, ref, risk.category, whole)
            if risk.level == "someone_else":  # someone else at risk now: how to help them
                if await self._seen_before(inbound, ref, now):
                    return Outcome((), None, duplicate=True)
                place = named_place(self._deps.detector.readings(whole))
                return Outcome((someone_else_reply(place),), intent="someone_else_at_risk")
            def spanish() -> bool:  # only for the replies that depend on it, not on every message
                return looks_spanish(self._deps.detector.readings(whole))

            if risk.level == "distress":
                if await self._seen_before(inbound, ref, now):
                    return Outcome((), None, duplicate=True)
                in_spanish = spanish()
                question = None if in_spanish else checkin_question.asked(self._deps, cleaned.text)
                self._checkins.sent(key, now, spanish=in_spanish, question=question)
                return Outcome((checkin_reply(spanish=in_spanish),), intent="distress_checkin")
            asked = self._checkins.question(key, now)
            answered, asked_in_spanish = self._checkins.answer(key, now, cleaned.text)
            if answered is None and self._checkins.pending(key, now) and not self._still_waiting(cleaned.text):
                self._checkins.forget(key)  # the member has moved on to something else
            if answered == "yes":
                return await self._crisis(inbound, ref, "suicide", whole, spanish=asked_in_spanish)
            if answered in ("no", "hedged"):
                return await self._hard_day(inbound, ref, now, spanish=asked_in_spanish or spanish(),
                                            question=asked, hedged=answered == "hedged")
            if risk.level == "adjacent":
                lead = adjacent_line(spanish=spanish())
            elif risk.level in (None, "none") and self._net_asks(whole):
                # the net under the phrase lists: ask directly rather than guess or not follow
                if await self._seen_before(inbound, ref, now):
                    return Outcome((), None, duplicate=True)
                in_spanish = spanish()
                self._checkins.sent(key, now, spanish=in_spanish)
                self._recent.note(key, "risk", now)
                return Outcome((checkin_reply(spanish=in_spanish),), intent="distress_checkin")
        elif action is not None and action.verb == Verb.RISKYES:  # before any store access, like crisis text
            self._checkins.forget(key)
            return await self._crisis(inbound, ref, "suicide", "", spanish=action.arg == "es")
        elif action is not None and action.verb == Verb.HARDDAY:
            asked = self._checkins.question(key, now)
            self._checkins.forget(key)
            return await self._hard_day(inbound, ref, now, spanish=action.arg == "es", question=asked)
        if not self._limiter.allow(inbound.member.key, now):
            return Outcome((Reply(SLOW_DOWN),), intent="rate_limited")
        if inbound.action is None and not cleaned.text:
            return Outcome((Reply(EMPTY, tuple(menu.main_menu())),), intent=None)
        async with self._slots:
            return await self._store_turn(inbound, ref, action, cleaned.text, cleaned.truncated, lead)

    async def _store_turn(self, inbound: Inbound, ref: str, action: Action | None, text: str,
                          truncated: bool, lead: str | None) -> Outcome:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                async with self._member_lock(inbound.member.key):
                    async with asyncio.timeout(self._config.store_timeout_seconds):
                        outcome = await self._turn(inbound, action, text, lead)
            except StoreConflict:
                log.warning("turn conflict member=%s attempt=%d", ref, attempt)
                continue
            except (StoreUnavailable, TimeoutError):
                log.error("store unavailable member=%s", ref)
                return self._without_store(text, inbound.action, lead)
            if truncated:
                note = Reply(TRUNCATED.format(limit=self._config.max_text))
                outcome = Outcome((note, *outcome.replies), outcome.intent)
            return outcome
        return self._without_store(text, inbound.action, lead)

    def _still_waiting(self, text: str) -> bool:
        """A message that leaves a pending check-in open: "hello?", "are you there", nothing
        the bot reads. Its answer ("yes" after ten "hello?"s) is still read before the rate
        limit (#22); a real question or request moves on, and a later "yes" is not taken
        as yes to the check-in."""
        understood = self._deps.understand(text)
        return understood.intent in (None, "greeting", "help") and understood.topic is None

    def _net_asks(self, text: str) -> bool:
        """The net under the phrase lists: words about living that the bot cannot read surely,
        or a low feeling in a message it reads nothing else in (the memo makes this the same
        reading the turn uses)."""
        living, low = about_living(text), feeling_low(text)
        if not (living or low):
            return False
        understood = self._deps.understand(text)
        if living:
            return understood.intent is None or understood.confidence < SURE_READING
        return understood.intent is None and understood.topic is None

    def _in_context(self, key: str, now: datetime, text: str, risk: RiskAssessment) -> RiskAssessment:
        """The level with the previous turn in view (memory only, no store).

        After a loss or a risky message in the last 30 minutes, a follow-up such as
        "sometimes I think about joining him" or "I have a plan" is at risk; right after an
        at-risk message, so are means, timing, an overdose taken, a goodbye or "you don't
        care" (``after_crisis_follow_up``).
        """
        detector = self._deps.detector
        recent = self._recent.recent(key, now)
        if not risk.at_risk and recent is not None and detector.follow_up(text):
            risk = RiskAssessment(at_risk=True, category="suicide")
        if not risk.at_risk and recent in ("crisis", "risk"):
            # right after a crisis reply: "i already took them", "tonight", "goodbye" (#5);
            # after a check-in, the overdose ones only ("i have the pills right here")
            category = after_crisis_follow_up(detector.readings(text))
            if category == "overdose" or (category is not None and recent == "crisis"):
                risk = RiskAssessment(at_risk=True, category=category)
        if risk.at_risk:
            self._recent.note(key, "crisis", now)
        elif risk.level == "distress" or (risk.level == "adjacent" and risk.category):
            self._recent.note(key, "risk", now)
        elif detector.mentions_loss(text):
            self._recent.note(key, "loss", now)
        return risk

    async def bookings_view(self, member: MemberKey) -> Outcome:
        """The member's bookings with cancel buttons, read-only (for a Home tab).

        Creates no member, uses up no first-contact notice and counts against no rate limit.
        """
        ref = self._refs(member.key)
        try:
            async with self._slots, asyncio.timeout(self._config.store_timeout_seconds):
                async with self._uow_factory() as uow:
                    now = self._clock.now()
                    stored = await uow.members.get(member.key) or new_member(member, now, self._refs)
                    turn = Turn(uow, stored, now, self._deps)
                    await booking.my_bookings(turn)
                    await uow.rollback()
        except (StoreUnavailable, StoreConflict, TimeoutError):
            return Outcome((Reply(STORE_DOWN),), intent=None, member_ref=ref)
        except Exception as error:  # noqa: BLE001 - the Home tab is never left blank
            log.error("bookings view failed member=%s error=%s", ref, type(error).__name__)
            return Outcome((Reply(INTERNAL_ERROR),), intent=None, member_ref=ref)
        return Outcome(tuple(turn.replies), intent="my_bookings", member_ref=ref)

    @asynccontextmanager
    async def _member_lock(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        async with lock:
            yield

    async def _claim(self, uow: UnitOfWork, inbound: Inbound, now: datetime) -> Member | None:
        """Record the event and lock (or create) the member; None for a duplicate event."""
        if not inbound.event_id:
            return await load_or_create(uow, inbound.member, now, self._refs)
        fresh, member = await uow.members.lock_for_event(inbound.member.key, inbound.event_id, now)
        if not fresh:
            return None
        return await stored_or_new(uow, member, inbound.member, now, self._refs)

    async def _turn(self, inbound: Inbound, action: Action | None, text: str,
                    lead: str | None = None) -> Outcome:
        now = self._clock.now()
        with self._pending.batch() as kept:
            async with self._uow_factory() as uow:
                member = await self._claim(uow, inbound, now)
                if member is None:
                    return Outcome((), None, duplicate=True)
                before = replace(member)  # the dialogue state is frozen: a shallow copy is a snapshot
                turn = Turn(uow, member, now, self._deps, channel=inbound.channel,
                            urgent_asked=inbound.action is None and says_urgent(text))
                first_contact = not member.notice_seen and not member.at_risk
                expired = self._expire_stale_flow(member, now) and inbound.action is None
                if self._interrupted_by_safety(member):
                    turn.clear_flow()  # a yes/no typed now answers the check-in's talk, not our old question
                if inbound.action is not None:
                    await dialogue.on_action(turn, action)
                elif urgent_only(text):  # "it's urgent": a person, now (#12)
                    turn.intent = "handoff"
                    await menu.handoff(turn)
                else:
                    await dialogue.on_text(turn, text)
                if not turn.member_deleted:
                    self._note_abroad(member, before.residence_code, text)
                    member.notice_seen = member.notice_seen or first_contact
                    if member != before:
                        await uow.members.save(member)
                await kept.commit_with(uow, now)
        # a crisis kept while the store was down is stored with this turn: flagged from now on
        flagged = member.at_risk or any(item.member.key == member.key for item in kept.items)
        replies = list(turn.replies)
        if lead and not flagged and not turn.member_deleted:
            replies.insert(0, Reply(lead))  # risk-adjacent: one gentle line, then the answer
        if expired:
            replies.insert(0, Reply(EXPIRED))
        if first_contact and not turn.member_deleted:
            replies.insert(0, Reply(menu.CONSENT_NOTICE))
        if flagged and not turn.member_deleted and replies:
            replies[0] = replace(replies[0], text=f"{resources_line()}\n\n{replies[0].text}")
        return Outcome(tuple(replies), turn.intent)

    def _note_abroad(self, member: Member, was: str | None, text: str) -> None:
        """A residence outside the US stored this turn: keep which country the member's words
        named ("i live in toronto": Canada), so a later crisis reply gives its numbers (#24)."""
        if member.residence_code == was:
            return
        place = (named_place(self._deps.detector.readings(text))
                 if member.residence_code == OUTSIDE_US_CODE and text else None)
        member.abroad_place = place if place != "abroad" else None

    def _interrupted_by_safety(self, member: Member) -> bool:
        """A question of ours (the age gate, a yes/no) was waiting when a check-in or a crisis
        reply came in between (those turns do not touch the store): it is no longer on the
        member's screen, so a later "yes" must not answer it (and book a seat)."""
        noted = self._recent.noted_at(member.key)
        updated = member.dialogue_updated_at
        return (member.dialogue.waiting is not None and noted is not None and updated is not None
                and noted > updated)

    def _expire_stale_flow(self, member: Member, now: datetime) -> bool:
        updated = member.dialogue_updated_at
        waiting = member.dialogue.waiting
        if waiting is None or updated is None:
            return False
        if now - updated < self._config.flow_timeout:
            return False
        quiet = isinstance(waiting, AfterCrisis)  # nothing to tell the member
        member.dialogue = NOTHING
        return not quiet

    async def _crisis(self, inbound: Inbound, ref: str, category: RiskCategory | None,
                      text: str, *, spanish: bool = False) -> Outcome:
        """Reply with crisis resources at once; flag the member and tell staff if the store allows.

        The reply fits the member: Spanish for a Spanish message, the Veterans Crisis Line
        when the message mentions military service, and (when the store answers in time)
        local resources first for a member whose stored residence is outside the US.
        """
        self._recent.note(inbound.member.key, "crisis", self._clock.now())  # for the follow-ups (#5)
        readings = self._deps.detector.readings(text) if text else ()
        place = named_place(readings)
        fitted = {"spanish": spanish or looks_spanish(readings), "veteran": mentions_military(readings)}
        notice = self._deps.notices.crisis(inbound.member.key, ref, inbound.member.platform)
        now = self._clock.now()
        try:
            async with asyncio.timeout(self._config.crisis_store_timeout_seconds):
                member = await self._flag(inbound, notice, category)
        except Exception as error:  # whatever the store did, the member gets the resources
            log.error("crisis flag for member=%s not stored (%s); kept for retry", ref,
                      type(error).__name__)
            self._pending.add(inbound.member, notice, category, now)
            return Outcome((crisis_reply(category, place=place, **fitted),), intent="crisis", crisis=True)
        if member is None:
            return Outcome((), None, duplicate=True)
        outside_us = member.residence_code == OUTSIDE_US_CODE
        stored = member.abroad_place if outside_us else None  # the country of a stored residence
        return Outcome((crisis_reply(category, outside_us=outside_us, place=place or stored, **fitted),),
                       intent="crisis", crisis=True)

    async def _flag(self, inbound: Inbound, notice: Notice, category: RiskCategory | None) -> Member | None:
        """Flag the member, clear their flow, queue the urgent notice; None for a duplicate."""
        now = self._clock.now()
        with self._pending.batch() as kept:
            async with self._uow_factory() as uow:
                member = await self._claim(uow, inbound, now)
                if member is None:
                    return None
                mark_at_risk(member, category, now)
                member.dialogue = DialogueState(AfterCrisis())
                member.dialogue_updated_at = now
                await uow.members.save(member)
                await uow.outbox.add(await one_per_member(uow, notice, now), now)
                await kept.commit_with(uow, now)
        return member

    async def _hard_day(self, inbound: Inbound, ref: str, now: datetime, *, spanish: bool = False,
                        question: AskedQuestion | None = None, hedged: bool = False) -> Outcome:
        """Support, groups that fit and a person; then the question the member had asked, if any.

        ``hedged``: "not right now", "not really": the same support, led by a line that the
        thoughts coming back is a reason to reach out, with "Yes, I am" to say so (#6)."""
        if await self._seen_before(inbound, ref, now):
            return Outcome((), None, duplicate=True)
        then = checkin_question.answer(self._deps, question) if question is not None and not spanish else None
        return Outcome((hard_day_reply(spanish=spanish, hedged=hedged), *((then,) if then else ())),
                       intent="hard_day_hedged" if hedged else "hard_day")

    async def _seen_before(self, inbound: Inbound, ref: str, now: datetime) -> bool:
        """Best effort, for replies that never wait for the store: a repeated platform event."""
        if not inbound.event_id:
            return False
        try:
            async with asyncio.timeout(self._config.crisis_store_timeout_seconds):
                async with self._uow_factory() as uow:
                    fresh = await uow.events.record(inbound.event_id, now)
                    await uow.commit()
        except Exception as error:  # the store is down: answer anyway
            log.warning("event not recorded member=%s (%s)", ref, type(error).__name__)
            return False
        return not fresh

    async def retry_unsaved(self) -> int:
        """Try again to store crisis flags and notices kept while the store was down."""
        if not len(self._pending):
            return 0
        try:
            with self._pending.batch() as kept:
                async with self._uow_factory() as uow:
                    await kept.commit_with(uow, self._clock.now())
        except Exception as error:
            log.error("kept crisis notices still not stored (%s)", type(error).__name__)
            return 0
        return len(kept.items)

    def _without_store(self, text: str, action: str | None, lead: str | None = None) -> Outcome:
        """What we can still say with the store down: knowledge answers, else an apology."""
        first = (Reply(lead),) if lead else ()
        if action is None and text:
            understood = self._deps.classifier.understand(text)
            if understood.intent:
                answer = self._deps.answer(understood.intent)
                if answer:
                    return Outcome((*first, Reply(answer)), understood.intent)
        return Outcome((*first, Reply(STORE_DOWN)), intent=None)
