"""Wave-3 understanding: general mechanisms, each with a case that failed before it.

- Stems and the concept lexicon: an unseen synonym or inflection shares the idea.
- The asking clause of a message that also tells (a loss, a job) is what gets answered.
- Negative evidence: a short request about a thing the bot is not about ("delete my
  linkedin", "join the army") and assistant errands ("remind me to call mom") are out of
  scope; "call me" is still a request for a person.
- The tester's gaps: cities stated as a residence, a place said for the sessions, "how
  many weeks is it", "the later one" / "that one" after choices, ``choices.pick`` and
  "sure"/"it"/"book", and time zones for members abroad.
"""

from __future__ import annotations

from datetime import time

import pytest

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.language.zones import zone_in_text
from bot.language import choices
from bot.language.concepts import CONCEPTS, stem
from bot.language.residence import read_places
from tests.chat import Chat
from tests.conftest import PLACES, services_for
from tests.fakes import FakeClock, FakeStore


@pytest.fixture(scope="module")
def classifier():  # type: ignore[no-untyped-def]
    return services_for(CoreConfig()).classifier


def test_a_word_belongs_to_one_concept() -> None:
    seen: dict[str, str] = {}
    for concept, entries in CONCEPTS.items():
        for entry in entries.split():
            key = " ".join(stem(p) for p in entry.split("_"))
            assert seen.setdefault(key, concept) == concept, (entry, seen[key], concept)


@pytest.mark.parametrize(("text", "intent"), [
    ("which states do you serve", "eligibility"),  # "serve" is in no example; nothing else comes near
    ("what gets taught in dbt skills", "dbt_skills_group"),
])
def test_unseen_words_of_the_domain_are_understood(classifier, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("my aunt died by suicide in october, how much is the grief group", "pricing"),
    ("i lost my son to suicide two years ago, who runs the grief group", "facilitators"),
    ("i used to self harm in high school, is the group confidential", "confidentiality"),
    ("i attempted when i was 19 but i'm stable now, how long are the sessions", "session_length"),
    ("my friend killed himself in college, is the grief group online", "how_sessions_work"),
])
def test_the_asking_clause_is_answered_not_the_loss(classifier, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent == intent


def test_a_real_word_is_never_corrected_into_an_out_of_scope_word(classifier) -> None:  # type: ignore[no-untyped-def]
    words, _ = classifier.prepare("i'm stable now and sorts of groups")
    assert "table" not in words and "sports" not in words


@pytest.mark.parametrize("text", [
    "delete my linkedin", "how do i join the army", "sign me up for the marathon", "move my flight to thursday",
    "remind me to call mom", "can you call my sister", "text my boyfriend that im running late",
    "convert 5 miles to km", "how long is the flight to paris", "how many people live in florida",
    "export my contacts to excel",
])
def test_our_verbs_in_another_sense_are_out_of_scope(classifier, text: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent is None


@pytest.mark.parametrize(("text", "intent"), [
    ("can someone call me", "handoff"), ("will you remind me before the session", "reminders"),
    ("delete my data", "delete_data"), ("don't cancel", "no"),
])
def test_our_own_requests_with_those_verbs_stay_ours(classifier, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent == intent


# ------------------------------------------------------------------ conversations


@pytest.fixture
def store() -> FakeStore:
    store = FakeStore()
    store.add_group(topic="anxiety", title="Anxiety group", weekday=1, start_time=time(18, 0),
                    facilitator="Jordan Lee, LMHC", capacity=10, weeks=12)
    store.add_group(topic="grief_loss", title="Grief and loss group", weekday=2, start_time=time(12, 30),
                    facilitator="Ruth Adeyemi, LCSW", capacity=8)
    return store


@pytest.fixture
def chat(store: FakeStore) -> Chat:
    return Chat(Core(store, FakeClock(), services_for(CoreConfig())), "w3")


@pytest.mark.parametrize(("text", "code"), [
    ("I live in Chicago", "IL"), ("I live in Los Angeles", "CA"), ("I'm in Boston", "MA"),
])
async def test_a_city_stated_as_a_residence_stores_its_state(chat: Chat, store: FakeStore, text: str,
                                                            code: str) -> None:
    out = await chat.say(text)
    assert out.intent == "set_residence"
    assert store.data.members["console:w3"].residence_code == code


async def test_the_place_said_for_the_sessions_leads_the_question(chat: Chat, store: FakeStore) -> None:
    await chat.say("i'm in NYC but i'll be in texas for the sessions")
    assert store.data.members["console:w3"].residence_code is None  # two places: asked, never guessed
    states = [a for a in chat.actions if a.startswith("fd:state:")]
    assert states[:2] == ["fd:state:TX", "fd:state:NY"]
    assert read_places("for the sessions i will be in ohio, home is new jersey", PLACES).during is not None


async def test_how_many_weeks_is_the_groups_run(chat: Chat) -> None:
    out = await chat.say("how many weeks is it")
    assert out.intent == "session_length"
    assert "How long each group runs" in chat.text and "12 weeks" in chat.text
    assert "no end date on the schedule" in chat.text  # the grief group has none: nothing invented


async def _shown(chat: Chat, store: FakeStore, topic: str) -> None:
    await chat.act(actions.encode("state", "NJ"))
    store.data.members["console:w3"].adult = True
    await chat.act(actions.encode("sessions", topic))


@pytest.mark.parametrize("text", ["the later one", "the earlier one", "sure", "book"])
async def test_a_pointer_with_one_session_shown_is_asked_back(chat: Chat, store: FakeStore, text: str) -> None:
    await _shown(chat, store, "grief_loss")
    out = await chat.say(text)
    assert out.intent is None and chat.text.startswith("Shall I book you into Grief and loss group")
    assert not store.data.bookings


async def test_that_one_with_one_session_shown_books_it(chat: Chat, store: FakeStore) -> None:
    await _shown(chat, store, "grief_loss")
    out = await chat.say("that one")
    assert out.intent == "book" and len(store.data.bookings) == 1


async def test_a_question_with_one_session_shown_is_answered(chat: Chat, store: FakeStore) -> None:
    await _shown(chat, store, "grief_loss")
    out = await chat.say("is it online")
    assert out.intent == "how_sessions_work" and not store.data.bookings


class _Option:
    def __init__(self) -> None:
        self.weekday, self.start_time, self.facilitator = 1, time(18, 0), "Jordan Lee"


@pytest.mark.parametrize("text", ["sure", "it", "book", "is it online", "ok", "yes", "how long is it"])
def test_pick_takes_no_acceptance_or_question_as_a_pick(text: str) -> None:
    assert choices.pick(text, [_Option()]) == []


@pytest.mark.parametrize("text", ["that one", "book it", "this one please", "that", "the tuesday one"])
def test_pick_takes_a_pointer(text: str) -> None:
    assert choices.pick(text, [_Option()]) == [0]


@pytest.mark.parametrize(("text", "zone"), [
    ("I'm in London", "Europe/London"), ("germany", "Europe/Berlin"), ("Asia/Tokyo", "Asia/Tokyo"),
    ("GMT", "Europe/London"), ("central", "CT"), ("australia", None),  # spans zones: not guessed
])
def test_a_time_zone_abroad_is_read(text: str, zone: str | None) -> None:
    assert zone_in_text(text, PLACES) == zone


async def test_a_member_abroad_gets_session_times_in_their_zone(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("state", "OUTSIDE_US"))
    await chat.say("what time is that for me")
    assert "city or country" in chat.text
    await chat.say("I'm in London")
    assert store.data.members["console:w3"].timezone == "Europe/London"
    assert "11:00 PM GMT for you" in chat.text or "11:00 PM BST for you" in chat.text


# ------------------------------------------------------------------ risk-adjacent phrase data


@pytest.mark.parametrize("text", [
    "i'm a crisis counselor and hear about suicide all day, what platform do you use",
    "what happens in group if someone says they want to kill themselves",
])
def test_a_listener_and_a_question_about_the_group_are_risk_adjacent(text: str) -> None:
    from tests.conftest import default_detector
    assert default_detector().assess(text).level == "adjacent"


@pytest.mark.parametrize("text", [
    "i hear about suicide all day and i want to die", "what happens in group if i want to kill myself",
])
def test_the_same_shapes_about_the_member_stay_at_risk(text: str) -> None:
    from tests.conftest import default_detector
    assert default_detector().assess(text).at_risk


@pytest.mark.parametrize(("text", "intent"), [
    # naive Bayes decides among the similar intents by the words that tell them apart
    ("put me down for the bpd group", "book"), ("i want to book a session", "book"),
    ("will anyone find out what i say in group", "confidentiality"), ("is my info stored anywhere", "privacy"),
    ("is there a group for people who lost someone", "groups_overview"),
    # a staff-written example said word for word, in one clause of two questions
    ("can I cancel anytime? refund?", "pricing"),
    # joining_nerves needs a word for joining, talking or the group
    ("i'm worried about my exams", "topic_info"),
])
def test_the_words_that_tell_intents_apart_decide(classifier, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent == intent


def test_one_unicode_fold_for_every_reader() -> None:
    """The crisis readings start from the shared fold: a rule lives in one place."""
    import importlib

    from bot.language.normalise import fold, words
    crisis_normalise = importlib.import_module("bot.language.crisis.readings")
    tricky = "I\u2019m  k\u200bill\u0456ng mys\u0435lf, caf\u00e9 \U0001F44D"  # zero-width, Cyrillic look-alikes
    assert crisis_normalise._unicode_fold(tricky) == fold(tricky, emoji_words=False)
    assert words(tricky)[:4] == ["i", "am", "killing", "myself"]  # the core reads the look-alikes too
