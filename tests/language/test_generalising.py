"""Wave-2 fixes to understanding and safety levels, each with the failure it fixes.

- The age gate records an age only from a clear first-person statement ("I'm 15"),
  never from a question about someone else ("can a 16 year old join").
- The unknown-words gate does not reject a question for words of the clinic's own field
  (topics, clinical and family words) or for function words.
- A question after personal context is answered (clause rescue).
- Questions about how groups handle suicide or self-harm, and a clearly past attempt,
  are risk-adjacent; the same shapes with a first-person present risk stay at risk.
"""

from __future__ import annotations

import pytest

from bot.config import CoreConfig
from bot.core import Core
from bot.language.answers import stated_age
from bot.language.crisis import CrisisDetector
from tests.chat import Chat
from tests.conftest import default_detector, services_for
from tests.fakes import FakeClock, FakeStore


@pytest.mark.parametrize(("text", "age"), [
    ("im 15", 15), ("I’m 15, can I join?", 15), ("i am 16 years old", 16), ("im 17 yo", 17),
    ("i'm a 16 year old", 16), ("16 years old", 16), ("age 16", 16), ("hi im 15 and i want to join", 15),
    ("can a 16 year old join", None), ("can a 17-year-old sign up?", None),
    ("my daughter is 15, can she do a group", None), ("if i'm 17 can i join", None),
    ("what if i'm 16", None), ("i'm 30 minutes late", None), ("i'm 20 years into my career", None),
])
def test_only_a_first_person_statement_states_an_age(text: str, age: int | None) -> None:
    assert stated_age(text) == age


async def test_a_question_about_a_teenager_stores_nothing_and_is_answered() -> None:
    store = FakeStore()
    core = Core(store, FakeClock(), services_for(CoreConfig(), age_gate=True))
    chat = Chat(core, "parent")
    await chat.say("can a 17 year old join a group?")
    assert chat.last is not None and chat.last.intent == "age_requirement"
    assert store.data.members["console:parent"].adult is None


@pytest.fixture(scope="module")
def classifier():  # type: ignore[no-untyped-def]
    return services_for(CoreConfig()).classifier


@pytest.mark.parametrize(("text", "intent"), [
    ("my uncle died by suicide, do you have a group for relatives", "groups_overview"),
    ("which group would help with emotions?", "groups_overview"),  # named in the wave-2 brief
    ("how much are they?", "pricing"),
    ("i self harmed years ago but not anymore, which group would help", "groups_overview"),
])
def test_the_clinics_own_words_are_not_unknown(classifier, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("my doctor thinks a group could help with the panic attacks i keep having, what does it cost", "pricing"),
    ("i work weird shifts at the hospital and have two kids, how long is each session", "session_length"),
])
def test_a_question_after_personal_context_is_answered(classifier, text: str, intent: str) -> None:  # type: ignore[no-untyped-def]
    assert classifier.understand(text).intent == intent


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


@pytest.mark.parametrize("text", [
    "is it okay to bring up self harm in the group",
    "can members talk about suicide during sessions",
    "what does the therapist do if someone says they are suicidal",
    "what if a member mentions wanting to hurt themselves",
    "i had a suicide attempt in 2012 and i'm stable now, can i join",
    "are the facilitators prepared for when a member talks about self harm",
    "is suicide something your groups discuss",
    "as a paramedic i get sent to overdose calls all the time, do you have a group for that",
    "last spring i overdosed and spent a week in hospital, i'm doing better, what groups are there",
])
def test_questions_about_groups_and_the_clearly_past_are_risk_adjacent(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).level == "adjacent"


@pytest.mark.parametrize("text", [
    "can i talk about my suicidal thoughts in group",
    "what if i want to kill myself in group",
    "what if someone finds out i want to die",
    "what if someone is mad that i want to die",
    "what happens if someone in the group is suicidal right now",
    "i attempted suicide in 2015 and i want to try again",
    "i want to be one of the suicide cases",
    "i'm a nurse and i want to be one of the overdose patients",
    "last year i overdosed and i want to do it again",
    "are the groups ready for when i kill myself",
])
def test_the_same_shapes_with_a_present_first_person_risk_stay_at_risk(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk
