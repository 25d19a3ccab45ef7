"""Fixes from the new-member tester of 3 Dec 2026 (off-script turns, checked through the core)."""

from __future__ import annotations

import pytest

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from tests.chat import Chat
from tests.conftest import services_for
from tests.fakes import FakeClock, FakeStore


def _residence(store: FakeStore, user: str = "u1") -> str | None:
    member = store.data.members.get(f"console:{user}")
    return None if member is None else member.residence_code


@pytest.mark.parametrize("text", ["i'm flying to new york tomorrow", "heading to florida tonight",
                                  "driving to nj for a visit"])
async def test_travel_in_answer_to_the_state_question_is_asked_about_not_stored(
        chat: Chat, store: FakeStore, text: str) -> None:
    """"i'm flying to new york tomorrow" was stored as New York (licensing wrongly granted)."""
    await chat.act(actions.encode("groups"))
    assert "Which US state" in chat.text
    await chat.say(text)
    assert _residence(store) is None
    assert "Where will you be when the sessions happen?" in chat.text
    assert "Somewhere else" in chat.labels


async def test_a_correction_of_the_state_just_given_is_stored(chat: Chat, store: FakeStore) -> None:
    """"actually wait i meant new jersey" after "ohio" was taken as hesitation; Ohio stayed."""
    await chat.act(actions.encode("groups"))
    await chat.say("ohio")
    assert _residence(store) == "OH"
    await chat.say("actually wait i meant new jersey, i just typed wrong")
    assert _residence(store) == "NJ"
    assert "Got it: New Jersey" in chat.text


@pytest.mark.parametrize("text", ["i meant to ask about the weather in florida",
                                  "i mean, is it safe to visit italy",
                                  "i mean florida is nice this time of year",
                                  "i meant new york pizza is the best"])
async def test_i_meant_before_something_else_is_not_a_residence(chat: Chat, store: FakeStore, text: str) -> None:
    await chat.say(text)
    assert _residence(store) is None


async def test_what_can_i_join_from_an_ineligible_state_leads_with_the_dbt_group(
        chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("groups"))
    await chat.say("i live in texas")
    outcome = await chat.say("what can i join")
    assert outcome.intent == "groups_overview"
    first = outcome.replies[0].text
    assert first.startswith("From Texas, you can join the DBT skills group")
    assert "See DBT skills sessions" in chat.labels


async def test_what_can_i_join_from_an_eligible_state_is_the_overview(chat: Chat) -> None:
    await chat.say("NJ")
    outcome = await chat.say("what groups are there")
    assert outcome.intent == "groups_overview"
    assert not outcome.replies[0].text.startswith("From ")


async def test_text_not_understood_at_the_age_question_asks_it_again(store: FakeStore, clock: FakeClock) -> None:
    """"the 6pm one" at "are you 18 or older?" got the generic menu and the booking was dropped."""
    chat = Chat(Core(store, clock, services_for(CoreConfig(), age_gate=True)))
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    assert "are you 18 or older?" in chat.text
    await chat.say("the 6pm one")
    assert "are you 18 or older?" in chat.text and {"Yes", "No"} <= set(chat.labels)
    await chat.say("yes")
    assert "You're booked into Anxiety group" in chat.text


@pytest.mark.parametrize("text", ["vivo en florida", "soy de nueva jersey", "estoy en nueva york ahora"])
async def test_where_i_live_said_in_spanish_gets_the_spanish_reply(chat: Chat, text: str) -> None:
    """"vivo en florida" got the English fallback (one Spanish word besides the place)."""
    outcome = await chat.say(text)
    assert outcome.intent == "spanish"
    assert "Talk to a person" in chat.labels


@pytest.mark.parametrize("text", ["soy sauce recipe", "estoy"])
async def test_a_spanish_looking_start_alone_is_not_spanish(chat: Chat, text: str) -> None:
    outcome = await chat.say(text)
    assert outcome.intent != "spanish"


@pytest.mark.parametrize("text", ["@everyone <!channel> hi", "<@U0123ABC> hello", "@here hey there"])
async def test_platform_mentions_are_not_words_the_member_said(chat: Chat, text: str) -> None:
    """"@everyone <!channel> hi" was answered as an eligibility question."""
    outcome = await chat.say(text)
    assert outcome.intent == "greeting"


def test_an_email_address_keeps_its_words() -> None:
    from bot.language.normalise import words
    assert words("mail me at sam@example.org") == ["mail", "me", "at", "sam", "example", "org"]


async def test_a_check_in_between_the_age_question_and_a_yes_books_nothing(
        store: FakeStore, clock: FakeClock) -> None:
    """The age question, then "i feel hopeless" and "no its just a hard day": the question was off
    the screen, yet the next "yes" answered it and booked a seat (tester bug 6)."""
    chat = Chat(Core(store, clock, services_for(CoreConfig(), age_gate=True)))
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    clock.advance(seconds=5)
    await chat.act(actions.encode("book", anxiety.id))
    assert "are you 18 or older?" in chat.text
    clock.advance(seconds=5)
    await chat.say("i feel hopeless")
    assert "harming yourself" in chat.text
    clock.advance(seconds=5)
    await chat.say("no its just a hard day")
    clock.advance(seconds=5)
    outcome = await chat.say("yes")
    assert outcome.intent != "age_confirmed"
    assert not store.data.bookings
    assert store.data.members["console:u1"].adult is None
    clock.advance(seconds=5)
    await chat.act(actions.encode("book", anxiety.id))  # the booking asks again, visibly
    assert "are you 18 or older?" in chat.text
    await chat.say("yes")
    assert "You're booked into Anxiety group" in chat.text


async def test_a_check_in_before_the_age_question_leaves_it_answerable(store: FakeStore, clock: FakeClock) -> None:
    chat = Chat(Core(store, clock, services_for(CoreConfig(), age_gate=True)))
    await chat.say("i feel hopeless")
    clock.advance(seconds=5)
    await chat.say("no its just a hard day")
    clock.advance(seconds=5)
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    clock.advance(seconds=5)
    await chat.act(actions.encode("book", anxiety.id))
    clock.advance(seconds=5)
    await chat.say("yes")
    assert "You're booked into Anxiety group" in chat.text


@pytest.mark.parametrize("text", ["imgonnaendit", "i want to d i e", "i want to k i l l myself",
                                  "im gonna end it tonight"])
async def test_spelled_out_and_run_together_risk_reaches_the_crisis_reply(chat: Chat, text: str) -> None:
    """"imgonnaendit" and "i want to d i e" got the generic fallback (tester, safety bug 1)."""
    outcome = await chat.say(text)
    assert outcome.intent == "crisis"
    assert "988" in chat.text and "741741" in chat.text


@pytest.mark.parametrize("text", ["a b c d", "spell it b o o k", "i got an a in maths"])
async def test_single_letters_alone_are_not_a_risk(chat: Chat, text: str) -> None:
    outcome = await chat.say(text)
    assert outcome.intent != "crisis"


@pytest.mark.parametrize(("text", "new"), [("im moving to ohio next month", "Ohio"),
                                           ("we're relocating to texas in the spring", "Texas")])
async def test_a_move_still_ahead_keeps_todays_state_and_says_how_to_change_it(
        chat: Chat, store: FakeStore, text: str, new: str) -> None:
    """"im moving to ohio next month" from a New York member got the generic fallback (tester bug 22)."""
    await chat.say("I live in New York")
    await chat.say(text)
    assert _residence(store) == "NY"
    assert "I'll keep New York for now" in chat.text and f'"I live in {new}"' in chat.text
    assert "DBT skills group will be" in chat.text  # what the move will change


async def test_someone_elses_move_changes_nothing(chat: Chat, store: FakeStore) -> None:
    await chat.say("I live in New York")
    outcome = await chat.say("my sister is moving to ohio")
    assert _residence(store) == "NY" and outcome.intent is None


async def test_a_move_ahead_with_no_state_known_asks_where_they_live_now(chat: Chat, store: FakeStore) -> None:
    await chat.say("moving to florida next month")
    assert _residence(store) is None
    assert "where you live now that counts" in chat.text and "Which US state" in chat.text


@pytest.mark.parametrize("text", ["moving companies in new york", "moving to new york next year, where should i live"])
async def test_moving_words_in_other_sentences_are_not_a_move(chat: Chat, store: FakeStore, text: str) -> None:
    await chat.say("I live in New Jersey")
    outcome = await chat.say(text)
    assert outcome.intent is None and _residence(store) == "NJ"


async def _two_booked(chat: Chat, store: FakeStore) -> None:
    await chat.say("NJ")
    for topic in ("anxiety", "grief_loss"):
        group = next(g for g in store.data.groups.values() if g.topic == topic)
        await chat.act(actions.encode("book", group.id))
    assert len(store.data.bookings) == 2


@pytest.mark.parametrize("text", ["cancel the grief one", "i want to cancel grief", "cancel my wednesday booking", "cancel my booking on wednesday"])
async def test_cancel_naming_one_of_several_bookings_asks_about_that_one(
        chat: Chat, store: FakeStore, text: str) -> None:
    """"cancel the depression one" with two bookings showed the list again, three times (tester bug 11)."""
    await _two_booked(chat, store)
    await chat.say(text)
    assert chat.text.startswith("Cancel your seat in Grief and loss group")
    assert "Yes, cancel it" in chat.labels
    assert len(store.data.bookings) == 2  # nothing cancelled before the yes
    await chat.press("Yes, cancel it")
    remaining = list(store.data.bookings.values())
    assert [store.data.groups[b.group_id].topic for b in remaining] == ["anxiety"]


async def test_cancel_naming_no_booking_shows_the_list(chat: Chat, store: FakeStore) -> None:
    await _two_booked(chat, store)
    await chat.say("cancel my booking")
    assert "Your bookings:" in chat.text and "Yes, cancel it" not in chat.labels


async def test_what_time_is_one_group_for_me_lists_that_group_after_the_zone_question(chat: Chat) -> None:
    """"what time is the anxiety group for me", then "berlin", listed every group (tester bug 14)."""
    await chat.say("what time is the anxiety group for me")
    assert "Which time zone" in chat.text
    await chat.say("berlin")
    assert "Anxiety group" in chat.text
    assert "Grief and loss group" not in chat.text and "DBT skills group" not in chat.text


async def test_what_time_is_one_group_for_me_with_the_zone_known(chat: Chat) -> None:
    await chat.say("NJ")
    await chat.say("what time is the grief group for me")
    assert "Grief and loss group" in chat.text and "Anxiety group" not in chat.text


async def test_sessions_shown_at_the_booking_limit_say_so_up_front(chat: Chat, store: FakeStore) -> None:
    """At the limit of 2 places the refusal came only after "Book" was tapped (tester bug 20)."""
    await _two_booked(chat, store)
    await chat.act(actions.encode("sessions", "dbt_skills"))
    assert "You already hold 2 places" in chat.text and "My bookings" in chat.labels


async def test_sessions_shown_below_the_limit_say_nothing_of_it(chat: Chat) -> None:
    await chat.say("NJ")
    await chat.act(actions.encode("sessions", "dbt_skills"))
    assert "You already hold" not in chat.text


async def test_a_question_asked_with_distress_is_answered_after_the_hard_day_reply(chat: Chat) -> None:
    """"i can't cope with work stress, do you have a group for that?": the check-in came first and
    the question was never taken up again (tester bug 12)."""
    outcome = await chat.say("i cant cope, is there a group for anxiety?")
    assert outcome.intent == "distress_checkin" and "harming yourself" in chat.text
    outcome = await chat.say("no its just a hard day")
    assert outcome.intent == "hard_day"
    assert "Hard days are real" in outcome.replies[0].text
    assert outcome.replies[-1].text.startswith("And about what you asked:\nAnxiety:")
    assert "See Anxiety sessions" in chat.labels


async def test_the_hard_day_button_also_comes_back_to_the_question(chat: Chat) -> None:
    await chat.say("everything is falling apart, how much does it cost")
    outcome = await chat.act(actions.encode("hardday"))
    assert outcome.intent == "hard_day" and len(outcome.replies) == 2
    assert outcome.replies[1].text.startswith("And about what you asked:")


async def test_distress_with_no_question_gets_only_the_support(chat: Chat) -> None:
    await chat.say("i feel hopeless")
    outcome = await chat.say("no")
    assert outcome.intent == "hard_day" and len(outcome.replies) == 1


async def test_yes_to_the_check_in_still_gets_the_crisis_reply_not_the_question(chat: Chat) -> None:
    await chat.say("i cant cope, is there a group for anxiety?")
    outcome = await chat.say("yes")
    assert outcome.intent == "crisis" and "988" in chat.text and "And about what you asked" not in chat.text


async def test_a_member_in_the_groups_zone_is_not_told_the_same_time_twice(chat: Chat) -> None:
    """"Thursdays 12:00 PM ET: Thursdays 12:00 PM ET for you" (tester bug 23)."""
    await chat.say("NJ")
    await chat.say("what time is the grief group for me")
    assert "the same time for you" in chat.text
    assert " ET for you" not in chat.text


@pytest.mark.parametrize("text", ["i have anxeity can i join", "can i join a group"])
async def test_can_i_join_is_a_request_to_join(chat: Chat, text: str) -> None:
    """"i have anxeity can i join" got the answer about joining part-way through (tester bug 13)."""
    outcome = await chat.say(text)
    assert outcome.intent == "book"


async def test_can_i_join_late_is_still_the_part_way_question(chat: Chat) -> None:
    outcome = await chat.say("can i join late")
    assert outcome.intent == "join_midway"


@pytest.mark.parametrize("text", ["🔪🩸", "💊💊💊", "🪢"])
async def test_harm_emoji_alone_get_the_check_in(chat: Chat, text: str) -> None:
    """"🔪🩸" from a member got the generic fallback (tester, safety bug 3)."""
    outcome = await chat.say(text)
    assert outcome.intent == "distress_checkin" and "harming yourself" in chat.text


@pytest.mark.parametrize("text", ["cut the cake 🔪", "🔪😂", "i need a 🔪 for the pizza"])
async def test_harm_emoji_beside_words_or_laughter_are_nothing(chat: Chat, text: str) -> None:
    outcome = await chat.say(text)
    assert outcome.intent != "distress_checkin"
