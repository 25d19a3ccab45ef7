"""Transcripts for a tester's findings on issue 8: nothing with consequences happens on a guess.

Hesitation books nothing; a place in someone else's sentence is not the member's state; the
age answer is given once, to the question; a reference that isn't theirs cancels nothing; a
clear yes with more words is still a yes. The real core over fake ports, with the exact lines.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore


def _member(store: FakeStore, user: str = "u1"):  # type: ignore[no-untyped-def]
    return store.data.members.get(f"console:{user}")


def _booked(store: FakeStore) -> list[int]:
    return sorted(b.group_id for b in store.data.bookings.values())


@pytest.fixture
def depression(store: FakeStore) -> int:
    return store.add_group(topic="depression", title="Depression group", weekday=2, capacity=5).id


@pytest.fixture
def second_anxiety(store: FakeStore) -> int:
    return store.add_group(topic="anxiety", title="Anxiety group", weekday=3, start_time=time(12, 0),
                           start_date=date(2027, 1, 7), facilitator="Priya Raman, PhD", capacity=8).id


def _gated(store: FakeStore, clock: FakeClock) -> Chat:
    return Chat(Core(store, clock, services_for(CoreConfig(), age_gate=True)))


def _anxiety(store: FakeStore) -> int:
    return min(g.id for g in store.data.groups.values() if g.topic == "anxiety")


# ------------------------------------------------------------ 1. hesitation acts on nothing

async def test_let_me_think_then_yes_books_nothing(chat: Chat, store: FakeStore, depression: int) -> None:
    await chat.say("I live in New York")
    await chat.say("book the depression group")
    assert "Depression" in chat.text
    await chat.say("let me think about it")
    assert not store.data.bookings
    assert "take your time" in chat.text.lower() and "nothing is booked" in chat.text.lower()
    await chat.say("yes")
    assert not store.data.bookings  # a yes to no question: asked, not acted on
    assert "Shall I book" in chat.text
    await chat.press("Book")
    assert _booked(store) == [depression]


@pytest.mark.parametrize("text", ["hmm not sure", "maybe later", "not sure", "let me think", "i dont know"])
async def test_hesitation_after_the_age_yes_books_nothing(store: FakeStore, clock: FakeClock,
                                                          depression: int, text: str) -> None:
    chat = _gated(store, clock)
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.press("Yes")
    assert store.data.members["console:u1"].adult is True
    await chat.say("book the depression group")
    await chat.say(text)
    assert _booked(store) == [_anxiety(store)]
    assert "nothing is booked" in chat.text.lower()


async def test_hesitation_during_a_switch_moves_nothing(chat: Chat, store: FakeStore, second_anxiety: int) -> None:
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.say("can i switch")
    assert "Move to" in chat.text
    await chat.say("hmm not sure")
    assert _booked(store) == [_anxiety(store)]
    assert "nothing is moved" in chat.text.lower() or "kept your seat" in chat.text.lower()


async def test_another_group_named_during_a_switch_moves_nothing(chat: Chat, store: FakeStore,
                                                                 second_anxiety: int, depression: int) -> None:
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.say("can i switch")
    await chat.say("book depression")
    assert _booked(store) == [_anxiety(store)]


@pytest.mark.parametrize("text", ["that one", "book it", "the wednesday one", "wednesday"])
async def test_an_explicit_pick_of_the_one_session_books_it(chat: Chat, store: FakeStore,
                                                            depression: int, text: str) -> None:
    await chat.say("I live in New York")
    await chat.say("book the depression group")
    await chat.say(text)
    assert _booked(store) == [depression]


async def test_an_explicit_pick_during_a_switch_moves(chat: Chat, store: FakeStore, second_anxiety: int) -> None:
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.say("can i switch")
    await chat.say("the thursday one")
    assert _booked(store) == [second_anxiety]


# ------------------------------------------- 2. a place in another sentence is not an answer

@pytest.mark.parametrize("text", [
    "whats the weather like in denver today",
    "is it safe to visit Italy",
    "my sister lives in florida, i'm not sure where i'll be",
])
async def test_a_place_in_another_sentence_does_not_answer_the_state_question(
        chat: Chat, store: FakeStore, text: str) -> None:
    await chat.act(actions.encode("groups"))
    assert "Which US state" in chat.text
    await chat.say(text)
    assert _member(store).residence_code is None
    assert "which US state" in chat.text  # asked again
    await chat.say("New Jersey")
    assert _member(store).residence_code == "NJ"


@pytest.mark.parametrize(("text", "code"), [("Ohio I guess", "OH"), ("I live in Ohio", "OH"), ("Ohio", "OH"),
                                            ("florida", "FL")])
async def test_the_members_own_answer_still_counts(chat: Chat, store: FakeStore, text: str, code: str) -> None:
    await chat.act(actions.encode("groups"))
    await chat.say(text)
    assert _member(store).residence_code == code


# ------------------------------------------------------------ 3. the age answer, given once

async def _under_age(store: FakeStore, clock: FakeClock) -> Chat:
    chat = _gated(store, clock)
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.press("No")
    assert store.data.members["console:u1"].adult is False
    return chat


async def test_the_old_yes_button_does_not_reverse_an_under_age_answer(store: FakeStore, clock: FakeClock) -> None:
    chat = await _under_age(store, clock)
    await chat.act(actions.encode("ageyes"))
    assert store.data.members["console:u1"].adult is False
    assert "Talk to a person" in chat.labels
    await chat.act(actions.encode("book", _anxiety(store)))
    assert not store.data.bookings


async def test_a_typed_adult_age_does_not_reverse_an_under_age_answer(store: FakeStore, clock: FakeClock) -> None:
    chat = await _under_age(store, clock)
    await chat.say("actually i lied im 18")
    assert store.data.members["console:u1"].adult is False
    assert "Talk to a person" in chat.labels


async def test_an_age_button_with_no_question_stores_nothing(store: FakeStore, clock: FakeClock) -> None:
    chat = _gated(store, clock)
    await chat.act(actions.encode("ageyes"))
    member = _member(store)
    assert member is None or member.adult is None
    await chat.act(actions.encode("ageno"))
    member = _member(store)
    assert member is None or member.adult is None


async def test_a_typed_adult_age_out_of_the_blue_stores_nothing(store: FakeStore, clock: FakeClock) -> None:
    chat = _gated(store, clock)
    await chat.say("im 18")
    member = _member(store)
    assert member is None or member.adult is None


# ------------------------------------------------- 4. a reference that isn't the member's

async def test_a_named_reference_that_is_not_theirs_cancels_nothing(chat: Chat, store: FakeStore) -> None:
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.say("cancel my booking FD-ABCDEF")
    assert "I can't find booking FD-ABCDEF" in chat.text
    assert "Your bookings" in chat.text and "Yes, cancel it" not in chat.labels
    assert chat.last is not None and not any(a.startswith("fd:cancelyes") for a in chat.actions)


async def test_a_named_reference_of_theirs_asks_to_cancel_it(chat: Chat, store: FakeStore) -> None:
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    ref = next(iter(store.data.bookings.values())).ref
    await chat.say(f"cancel my booking {ref.lower()}")
    assert "Cancel your seat in Anxiety group" in chat.text


# ------------------------------------------------ 5. a clear yes with more words is a yes

@pytest.mark.parametrize("text", ["yes delete it", "yes please delete it", "yes, delete my data"])
async def test_a_clear_yes_with_more_words_deletes(chat: Chat, store: FakeStore, text: str) -> None:
    await chat.say("I live in New York")
    await chat.say("delete my data")
    await chat.say(text)
    assert "I've deleted your data" in chat.text and _member(store) is None


@pytest.mark.parametrize("text", ["yes but don't delete", "yes dont delete it", "no delete it"])
async def test_a_yes_with_a_but_or_a_no_deletes_nothing(chat: Chat, store: FakeStore, text: str) -> None:
    await chat.say("I live in New York")
    await chat.say("delete my data")
    await chat.say(text)
    assert _member(store) is not None and "deleted your data" not in chat.text


async def test_yes_please_at_the_waitlist_offer_joins_it(chat: Chat, store: FakeStore) -> None:
    full = store.add_group(topic="anxiety", title="Anxiety group", weekday=3, capacity=1, taken=1).id
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.say("can i switch to thursday")
    assert "is full right now" in chat.text
    await chat.say("yes please")
    waiting = [b for b in store.data.bookings.values() if b.group_id == full]
    assert waiting and waiting[0].status == "waitlisted"
    assert any(b.group_id == _anxiety(store) and b.status == "confirmed" for b in store.data.bookings.values())


async def test_no_at_the_waitlist_offer_changes_nothing(chat: Chat, store: FakeStore) -> None:
    full = store.add_group(topic="anxiety", title="Anxiety group", weekday=3, capacity=1, taken=1).id
    await chat.say("I live in New York")
    await chat.act(actions.encode("book", _anxiety(store)))
    await chat.say("can i switch to thursday")
    await chat.say("no thanks")
    assert not any(b.group_id == full for b in store.data.bookings.values())


async def test_a_travel_question_at_the_still_there_check_stores_nothing(
        chat: Chat, store: FakeStore, clock: FakeClock) -> None:
    await chat.say("I live in New York")
    clock.advance(days=400)
    await chat.act(actions.encode("book", _anxiety(store)))
    assert "are you still in New York" in chat.text
    await chat.say("is it safe to visit Italy")
    assert _member(store).residence_code == "NY" and not store.data.bookings
    assert "are you still in New York" in chat.text


# ------------------------------------------------ 6. follow-ups when two sessions are shown

async def _two_shown(chat: Chat) -> None:
    await chat.say("I live in New York")
    await chat.act(actions.encode("sessions", "anxiety"))
    assert chat.text.count("\n- ") == 2


@pytest.mark.parametrize("text", ["that one", "this one", "book that one", "the later one"])
async def test_that_one_of_two_asks_which(chat: Chat, store: FakeStore, second_anxiety: int, text: str) -> None:
    await _two_shown(chat)
    await chat.say(text)
    assert not store.data.bookings
    assert "Which one do you mean?" in chat.text
    assert "one-to-one" not in chat.text
    await chat.press("Thursdays")
    assert _booked(store) == [second_anxiety]


@pytest.mark.parametrize(("text", "pick"), [("2", 1), ("the first", 0), ("the second one", 1), ("1", 0),
                                            ("the thursday one", 1), ("with priya", 1)])
async def test_a_position_or_name_of_two_books_that_one(chat: Chat, store: FakeStore, second_anxiety: int,
                                                        text: str, pick: int) -> None:
    await _two_shown(chat)
    await chat.say(text)
    assert _booked(store) == [[_anxiety(store), second_anxiety][pick]]


async def test_earlier_and_later_by_time_on_the_same_day(chat: Chat, store: FakeStore) -> None:
    late = store.add_group(topic="anxiety", title="Anxiety group", weekday=1, start_time=time(20, 0),
                           facilitator="Priya Raman, PhD", capacity=8).id
    await _two_shown(chat)
    await chat.say("the later one")
    assert _booked(store) == [late]


async def test_the_earlier_one_by_time_on_the_same_day(chat: Chat, store: FakeStore) -> None:
    store.add_group(topic="anxiety", title="Anxiety group", weekday=1, start_time=time(20, 0),
                    facilitator="Priya Raman, PhD", capacity=8)
    await _two_shown(chat)
    await chat.say("the earlier one")
    assert _booked(store) == [_anxiety(store)]


async def test_a_question_with_a_hesitation_is_answered_and_books_nothing(
        chat: Chat, store: FakeStore, depression: int) -> None:
    await chat.say("I live in New York")
    await chat.say("book the depression group")
    await chat.say("hmm how much does it cost")
    assert not store.data.bookings and "take your time" not in chat.text.lower()
    assert chat.last is not None and chat.last.intent == "pricing"
