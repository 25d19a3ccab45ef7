"""Round 7 review (tester, 3 Dec 2026), the safety flows: bugs 5, 6, 12, 13, 14, 22, 24 and 29.

Each test failed before its fix. The numbers are those of /work/plan/notes/tester.md.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import CoreConfig
from bot.core import Core
from bot.domain import StaffRequest
from bot.urgent import UrgentEscalation
from storage.tables import members, outbox, staff_requests
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore

STAFF = CoreConfig(staff_ids=frozenset({"boss"}))


def urgent_requests(store: FakeStore, member: str = "console:u1") -> list[StaffRequest]:
    return [r for r in store.data.requests.values() if r.urgent and r.member_key == member]


def pages(store: FakeStore) -> list[str]:
    return [s.item.notice.text for s in sorted(store.data.outbox.values(), key=lambda s: s.item.id)
            if s.item.notice.kind in ("escalation", "unanswered")]


def kinds(store: FakeStore) -> list[str]:
    return [s.item.notice.kind for s in sorted(store.data.outbox.values(), key=lambda s: s.item.id)
            if s.item.notice.audience == "staff"]


# --------------------------------------------------------------------------- 5: follow-ups after a crisis

OVERDOSE_FOLLOW_UPS = ["i already took them", "i have the pills right here", "i mean it i have pills"]
OTHER_FOLLOW_UPS = ["tonight", "no one can stop me", "its too late", "goodbye", "you dont care"]


@pytest.mark.parametrize("follow_up", OVERDOSE_FOLLOW_UPS + OTHER_FOLLOW_UPS)
async def test_a_follow_up_right_after_a_crisis_gets_the_crisis_reply_again(
        store: FakeStore, chat: Chat, follow_up: str) -> None:
    await chat.say("i want to kill myself")
    outcome = await chat.say(follow_up)
    assert outcome.crisis and outcome.intent == "crisis"
    assert "988" in chat.text and "Talk to a person" in chat.labels
    assert "Book a seat" not in chat.labels and "groups are ongoing" not in chat.text
    overdose = "Poison Control" in chat.text
    assert overdose == (follow_up in OVERDOSE_FOLLOW_UPS)
    # the open urgent notice is bumped, not a second one raised (#13)
    assert len(urgent_requests(store)) == 1
    assert kinds(store) == ["crisis", "urgent_update"]


async def test_a_question_after_a_crisis_is_still_answered(chat: Chat) -> None:
    await chat.say("i want to kill myself")
    outcome = await chat.say("how much does the anxiety group cost")
    assert not outcome.crisis


async def test_the_follow_ups_alone_are_not_a_crisis(chat: Chat) -> None:
    for text in ("tonight", "goodbye", "i already took them"):
        assert not (await chat.say(text)).crisis


# --------------------------------------------------------------------------- 6: a hedged no to the check-in

@pytest.mark.parametrize("answer", ["not right now", "not at the moment", "not really", "no, not right now"])
async def test_a_hedged_no_to_the_check_in_gets_support_and_a_person(chat: Chat, answer: str) -> None:
    await chat.say("i feel so empty")
    outcome = await chat.say(answer)
    assert outcome.intent == "hard_day_hedged"
    assert "988" in chat.text and "Talk to a person" in chat.labels and "Yes, I am" in chat.labels
    assert "Here is what I can help with" not in chat.text


async def test_idk_to_the_check_in_is_never_the_menu(chat: Chat) -> None:
    await chat.say("i feel so empty")
    outcome = await chat.say("idk")
    assert outcome.crisis  # plain uncertainty counts as yes, the safer level


@pytest.mark.parametrize("answer", ["a veces", "no sé", "no se", "tal vez"])
async def test_spanish_sometimes_and_dont_know_after_the_spanish_check_in(chat: Chat, answer: str) -> None:
    await chat.say("me siento muy vacía últimamente")
    outcome = await chat.say(answer)
    assert outcome.crisis and "marque 2" in chat.text and "Sorry, I didn't" not in chat.text


async def test_a_plain_no_is_still_the_plain_hard_day(chat: Chat) -> None:
    await chat.say("i feel so empty")
    outcome = await chat.say("probably not, just a rough week")
    assert outcome.intent == "hard_day"


# --------------------------------------------------------------------------- 12: "it's urgent"

@pytest.mark.parametrize("text", ["i need to talk to someone urgently",
                                  "can i talk to a real person right now please its urgent",
                                  "it's urgent"])
async def test_an_urgent_request_for_a_person_is_raised_as_urgent(store: FakeStore, chat: Chat, text: str) -> None:
    await chat.say(text)
    assert "working day" not in chat.text and "988" in chat.text
    [request] = urgent_requests(store)
    assert request.kind == "handoff" and request.ref.startswith("U-")
    notice = next(s.item.notice for s in store.data.outbox.values() if s.item.notice.kind == "handoff")
    assert "risk flag" not in notice.text  # this member has none


async def test_a_request_that_says_it_is_not_urgent_is_a_plain_request(store: FakeStore, chat: Chat) -> None:
    await chat.say("can i talk to a person, it's not urgent")
    assert not urgent_requests(store)


# --------------------------------------------------------------------------- 13: one urgent notice per member

async def test_a_crisis_then_talk_to_a_person_is_one_urgent_notice_and_one_ack_settles_it(
        store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    member = Chat(core, "a")
    await member.say("i want to kill myself")
    await member.press("Talk to a person")
    [request] = urgent_requests(store, "console:a")
    await Chat(core, "boss").say(f"staff ack {request.ref}")
    escalation = UrgentEscalation(store)
    for _ in range(60):
        clock.advance(minutes=1)
        await escalation.run_due(clock.now())
    assert pages(store) == []


async def test_yes_i_am_twice_is_one_urgent_notice_and_one_page(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    member = Chat(core, "b")
    await member.say("i feel so empty")
    await member.press("Yes, I am")
    await member.act("fd:riskyes")
    await member.say("i want to kill myself")  # the same crisis text again
    assert len(urgent_requests(store, "console:b")) == 1
    clock.advance(minutes=11)
    await UrgentEscalation(store).run_due(clock.now())
    assert len(pages(store)) == 1


async def test_staff_ack_settles_every_open_urgent_notice_of_the_member(store: FakeStore, clock: FakeClock) -> None:
    """Two open notices for one member (made before this fix, or kept while the store was down)."""
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "a").say("i want to kill myself")
    async with store() as uow:  # a second one, as an older version would have opened
        await uow.outbox.add(core.deps.notices.crisis("console:a", "M-x", "console"), clock.now())
        await uow.commit()
    first, second = sorted(urgent_requests(store, "console:a"), key=lambda r: r.id)
    boss = Chat(core, "boss")
    await boss.say(f"staff ack {second.ref}")
    assert all(r.acked_at is not None for r in urgent_requests(store, "console:a"))
    assert first.ref in boss.text
    clock.advance(minutes=30)
    await UrgentEscalation(store).run_due(clock.now())
    assert pages(store) == []


async def test_escalation_pages_once_per_member(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "a").say("i want to kill myself")
    async with store() as uow:
        await uow.outbox.add(core.deps.notices.crisis("console:a", "M-x", "console"), clock.now())
        await uow.commit()
    clock.advance(minutes=10)
    await UrgentEscalation(store).run_due(clock.now())
    assert len(pages(store)) == 1


# --------------------------------------------------------------------------- 14: a restart or clock jump

async def test_an_overdue_escalation_pages_once_with_the_real_wait(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "m1").say("i want to kill myself")
    escalation = UrgentEscalation(store, escalate_minutes=10, max_escalations=3)
    clock.advance(minutes=45)
    await escalation.run_due(clock.now())
    for _ in range(3):
        clock.advance(minutes=1)
        await escalation.run_due(clock.now())
    [page] = pages(store)
    assert "still unanswered after 45 minutes" in page and "every reminder" not in page


async def test_a_jump_into_the_middle_pages_the_reminder_that_is_due(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    await Chat(core, "m1").say("i want to kill myself")
    escalation = UrgentEscalation(store, escalate_minutes=10, max_escalations=3)
    clock.advance(minutes=25)
    await escalation.run_due(clock.now())
    clock.advance(minutes=1)
    await escalation.run_due(clock.now())
    [page] = pages(store)
    assert "after 25 minutes (reminder 2 of 3)" in page
    clock.advance(minutes=4)
    await escalation.run_due(clock.now())
    assert "after 30 minutes (reminder 3 of 3)" in pages(store)[-1]


# --------------------------------------------------------------------------- 22: the check-in answer and the rate limit

async def test_a_typed_yes_to_the_check_in_is_read_before_the_rate_limit(chat: Chat) -> None:
    await chat.say("i feel so empty")
    for _ in range(21):
        await chat.say("hello?")
    assert chat.last.intent == "rate_limited"
    outcome = await chat.say("yes")
    assert outcome.crisis


async def test_a_real_question_moves_on_from_the_check_in(chat: Chat) -> None:
    await chat.say("i feel so empty")
    await chat.say("how much does the anxiety group cost")
    assert not (await chat.say("yes")).crisis


# --------------------------------------------------------------------------- 24: crisis reply outside the US

async def test_a_stored_toronto_residence_keeps_canadas_988(chat: Chat) -> None:
    await chat.say("i live in toronto")
    await chat.say("i want to end my life")
    assert "9-8-8" in chat.text and "112" not in chat.text


@pytest.mark.parametrize("text,must", [
    ("im in sydney and i want to kill myself", ("000", "13 11 14")),
    ("i'm in mexico city and want to die", ("911",)),
    ("i live in tokyo and i want to die", ("local emergency number", "findahelpline.com")),
    ("i live in berlin and i want to die", ("112",)),
])
async def test_the_eu_number_only_for_europe(chat: Chat, text: str, must: tuple[str, ...]) -> None:
    await chat.say(text)
    assert chat.last.crisis
    assert all(m in chat.text for m in must)
    assert ("112" in chat.text) == ("berlin" in text)


async def test_a_stored_country_abroad_on_the_real_store(sql_uow: SqlUnitOfWorkFactory, clock: FakeClock,
                                                         engine: AsyncEngine) -> None:
    core = Core(sql_uow, clock, services_for(STAFF))
    member = Chat(core, "a")
    await member.say("i live in sydney")
    async with engine.connect() as conn:
        stored = (await conn.execute(select(members.c.abroad_place))).scalars().all()
    assert stored == ["australia"]
    await member.say("i want to end my life")
    assert "13 11 14" in member.text and "112" not in member.text


# --------------------------------------------------------------------------- 29: escalation after a deletion

async def test_an_escalation_after_the_member_deleted_their_data_points_to_the_notice_and_stops(
        store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(STAFF))
    member = Chat(core, "a")
    await member.say("i want to kill myself")
    [request] = urgent_requests(store, "console:a")
    await member.say("delete my data")
    await member.say("yes")
    escalation = UrgentEscalation(store)
    for _ in range(60):
        clock.advance(minutes=1)
        await escalation.run_due(clock.now())
    [page] = pages(store)
    assert "deleted their data" in page and f"original {request.ref} notice" in page
    assert "{member}" not in page
    assert "urgent_reminders_stopped_member_deleted" in [a for a, _ in store.data.audit]


# --------------------------------------------------------------------------- 13 and 14 on the real store

async def test_one_urgent_notice_and_one_overdue_page_on_the_real_store(
        sql_uow: SqlUnitOfWorkFactory, clock: FakeClock, engine: AsyncEngine) -> None:
    core = Core(sql_uow, clock, services_for(STAFF))
    member = Chat(core, "m1")
    await member.say("i want to kill myself")
    await member.say("i already took them")
    await member.press("Talk to a person")
    escalation = UrgentEscalation(sql_uow)
    clock.advance(minutes=45)
    await escalation.run_due(clock.now())
    clock.advance(minutes=1)
    await escalation.run_due(clock.now())
    async with engine.connect() as conn:
        requests = (await conn.execute(select(staff_requests.c.ref).where(staff_requests.c.urgent))).scalars().all()
        texts = (await conn.execute(select(outbox.c.text).where(
            outbox.c.kind.in_(("escalation", "unanswered"))))).scalars().all()
    assert len(requests) == 1
    assert len(texts) == 1 and "after 45 minutes" in texts[0]


async def test_pills_named_after_a_check_in_are_the_crisis_with_the_overdose_lead(chat: Chat) -> None:
    await chat.say("i feel so empty")
    outcome = await chat.say("i have the pills right here")
    assert outcome.crisis and "Poison Control" in chat.text


@pytest.mark.parametrize("text", ["do you care about privacy", "thank you, you care"])
async def test_care_without_a_negation_is_no_follow_up(chat: Chat, text: str) -> None:
    await chat.say("i want to kill myself")
    assert not (await chat.say(text)).crisis
