"""Transcripts for issue 8: never act on a misunderstanding, follow the conversation,
answer the questions members ask. The real core over fake ports."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot import actions
from bot.core import Core
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore
from tests.conftest import services_for
from bot.config import CoreConfig


def _residence(store: FakeStore, user: str = "u1") -> str | None:
    member = store.data.members.get(f"console:{user}")
    return member.residence_code if member else None


def _pages(store: FakeStore) -> int:
    return sum(s.item.notice.kind == "handoff" for s in store.data.outbox.values())


@pytest.fixture
def two_anxiety(store: FakeStore) -> FakeStore:
    """A second anxiety session: Thursdays at noon with Priya Raman."""
    store.add_group(topic="anxiety", title="Anxiety group", weekday=3, start_time=time(12, 0),
                    start_date=date(2027, 1, 7), facilitator="Priya Raman, PhD", capacity=8)
    return store


# ------------------------------------------------------------ 1. never act on a misunderstanding

@pytest.mark.parametrize("text", [
    "is it safe to visit Italy",
    "what's the weather in denver",
    "book me a flight to miami",
    "how do you say thanks in italian",
    "best pizza in brooklyn?",
    "my sister lives in ohio",
])
async def test_a_place_in_another_sentence_stores_nothing(chat: Chat, store: FakeStore, text: str) -> None:
    out = await chat.say(text)
    assert out.intent is None
    assert _residence(store) is None and _pages(store) == 0 and not store.data.bookings


async def test_outside_the_us_by_travel_question_does_not_limit_the_member(chat: Chat, store: FakeStore) -> None:
    await chat.say("is it safe to visit Italy")
    await chat.act(actions.encode("groups"))
    assert "Which US state" in chat.text  # still asked, not filed as "outside the US"


@pytest.mark.parametrize(("text", "code"), [
    ("I live in Ohio", "OH"), ("I'm based in New Jersey", "NJ"), ("my zip is 07030", "NJ"),
    ("I actually live in Georgia", "GA"),
])
async def test_own_residence_in_so_many_words_is_stored(chat: Chat, store: FakeStore, text: str, code: str) -> None:
    out = await chat.say(text)
    assert out.intent == "set_residence" and _residence(store) == code


async def test_two_places_ask_where_during_sessions(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("where"))
    await chat.say("at school in ohio, home is new jersey")
    assert _residence(store) is None
    assert "during our sessions" in chat.text
    assert {"Ohio", "New Jersey"} <= set(chat.labels)
    await chat.press("New Jersey")
    assert _residence(store) == "NJ"


async def test_a_future_move_asks_and_says_it_can_change(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("where"))
    await chat.say("in Virginia until June, then New York")
    assert _residence(store) is None
    assert "change it after the move" in chat.text
    assert {"Virginia", "New York"} <= set(chat.labels)


@pytest.mark.parametrize(("city", "code"), [("Denver", "CO"), ("Hoboken", "NJ"), ("Tampa", "FL")])
async def test_a_city_alone_resolves_to_its_state(chat: Chat, store: FakeStore, city: str, code: str) -> None:
    await chat.act(actions.encode("where"))
    await chat.say(city)
    assert _residence(store) == code


async def test_an_ambiguous_city_is_asked_with_its_states(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("where"))
    await chat.say("springfield")
    assert _residence(store) is None
    assert {"Missouri", "Massachusetts", "Illinois"} <= set(chat.labels)


async def test_a_city_with_its_zone_sets_the_members_time_zone(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("where"))
    await chat.say("Pensacola")  # Florida, but the Central-time part
    member = store.data.members["console:u1"]
    assert member.residence_code == "FL" and member.timezone == "America/Chicago"


@pytest.mark.parametrize(("text", "intent"), [
    ("someone please", "handoff"), ("a person maybe", "handoff"), ("remove everything", "delete_data"),
    ("cancel it maybe", "cancel"), ("export", "export_data"),
])
async def test_a_low_confidence_consequential_guess_is_asked_back(chat: Chat, store: FakeStore, text: str,
                                                                  intent: str) -> None:
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    before = (len(store.data.outbox), len(store.data.bookings))
    out = await chat.say(text)
    assert out.intent == intent
    assert chat.text.startswith("Did you want") and chat.labels == ["Yes", "No"]
    assert (len(store.data.outbox), len(store.data.bookings)) == before  # nothing done
    assert store.data.members["console:u1"].dialogue.waiting is None


async def test_yes_to_a_guessed_staff_page_pages_once(chat: Chat, store: FakeStore) -> None:
    await chat.say("someone please")
    assert _pages(store) == 0
    await chat.press("Yes")
    assert _pages(store) == 1


async def test_guessed_consequential_intents_are_asked_not_done(core: Core, store: FakeStore) -> None:
    from bot.flows import guesses
    assert guesses.needs_asking("handoff", 0.3) and not guesses.needs_asking("handoff", 0.9)
    assert not guesses.needs_asking("pricing", 0.3)
    chat = Chat(core)
    await chat.say("talk to a person")  # clear: done at once
    assert _pages(store) == 1


async def test_out_of_scope_gets_one_kind_reply(chat: Chat) -> None:
    out = await chat.say("set a timer for 10 minutes please")
    assert out.intent is None
    assert "what I can help with" in chat.text


# ------------------------------------------------------------ 2. follow the conversation

@pytest.mark.parametrize(("reply", "weekday"), [
    ("the thursday one", 3), ("the 6pm one", 1), ("the second one", 3), ("the one with Priya", 3),
])
async def test_a_typed_reply_picks_a_shown_session(chat: Chat, two_anxiety: FakeStore, reply: str,
                                                   weekday: int) -> None:
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("sessions", "anxiety"))
    await chat.say(reply)
    [booking] = two_anxiety.data.bookings.values()
    assert two_anxiety.data.groups[booking.group_id].weekday == weekday
    assert "You're booked" in chat.text


async def test_that_one_when_only_one_was_shown(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("sessions", "grief_loss"))
    await chat.say("that one")
    assert "You're booked into Grief and loss group" in chat.text


@pytest.mark.parametrize("text", ["what's my schedule", "when do I go?", "what did i sign up for"])
async def test_my_schedule_shows_bookings_with_the_next_date(chat: Chat, store: FakeStore, text: str) -> None:
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    out = await chat.say(text)
    assert out.intent == "my_bookings"
    assert "Anxiety group" in chat.text and "next Tue 5 Jan 2027" in chat.text


async def test_dates_carry_the_year_only_when_it_is_not_this_year(core: Core, store: FakeStore,
                                                                  clock: FakeClock) -> None:
    group = store.data.groups[1]
    assert group.next_session_text(clock.now()) == "Tue 5 Jan 2027"
    clock.advance(days=40)
    assert group.next_session_text(clock.now()) == "Tue 12 Jan"


async def test_switch_moves_the_seat_in_one_step_with_one_notice(chat: Chat, two_anxiety: FakeStore) -> None:
    store = two_anxiety
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    before = len(store.data.outbox)
    await chat.say("switch me to thursdays")  # a clear request names the session: done
    assert "you're now in Anxiety group, Thursdays 12:00 PM ET" in chat.text
    [booking] = store.data.bookings.values()
    assert store.data.groups[booking.group_id].weekday == 3
    assert store.data.groups[1].taken == 0 and store.data.groups[booking.group_id].taken == 1
    new = [s.item.notice for s in list(store.data.outbox.values())[before:]]
    assert [n.kind for n in new] == ["move"]


async def test_a_switch_releases_the_seat_to_the_waitlist(core: Core, two_anxiety: FakeStore) -> None:
    store = two_anxiety

    from dataclasses import replace
    store.data.groups[1] = replace(store.data.groups[1], capacity=1)
    first, second = Chat(core, "a"), Chat(core, "b")
    for member in (first, second):
        await member.act(actions.encode("state", "NJ"))
        await member.act(actions.encode("book", 1))
    assert "waitlist" in second.text
    await first.say("can I move to the other session")
    statuses = sorted(b.status for b in store.data.bookings.values())
    assert statuses == ["confirmed", "confirmed"]
    assert any(s.item.notice.kind == "promotion" for s in store.data.outbox.values())


async def test_switch_to_a_full_session_offers_its_waitlist_and_keeps_the_seat(
        chat: Chat, two_anxiety: FakeStore) -> None:
    from dataclasses import replace
    store = two_anxiety
    thursday = next(g for g in store.data.groups.values() if g.weekday == 3)
    store.data.groups[thursday.id] = replace(thursday, capacity=1, taken=1)
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    await chat.say("switch me to thursdays")
    assert "is full" in chat.text and "keep your seat" in chat.text
    assert store.data.groups[1].taken == 1
    await chat.press("Join its waitlist")
    statuses = sorted(b.status for b in store.data.bookings.values())
    assert statuses == ["confirmed", "waitlisted"]


async def test_a_seat_opening_for_a_waiting_switch_moves_the_member_and_frees_the_old_seat(
        core: Core, two_anxiety: FakeStore) -> None:
    """Waiting to switch keeps the old seat only until the new one opens: never two seats."""
    from dataclasses import replace
    store = two_anxiety
    store.data.groups[1] = replace(store.data.groups[1], capacity=1)
    thursday = next(g for g in store.data.groups.values() if g.weekday == 3)
    store.data.groups[thursday.id] = replace(thursday, capacity=1)
    holder, mover, waiting = Chat(core, "c"), Chat(core, "a"), Chat(core, "d")
    for member in (holder, mover, waiting):
        await member.act(actions.encode("state", "NJ"))
    await holder.act(actions.encode("book", thursday.id))
    await mover.act(actions.encode("book", 1))
    await waiting.act(actions.encode("book", 1))  # Tuesday is full: d waits for it
    await mover.say("switch me to thursdays")
    await mover.press("Join its waitlist")
    [held] = [b for b in store.data.bookings.values() if b.member_key == "console:c"]
    await holder.act(actions.encode("cancelyes", held.ref))
    mine = [b for b in store.data.bookings.values() if b.member_key == "console:a"]
    assert [(b.group_id, b.status) for b in mine] == [(thursday.id, "confirmed")]
    [theirs] = [b for b in store.data.bookings.values() if b.member_key == "console:d"]
    assert (theirs.group_id, theirs.status) == (1, "confirmed")  # the freed Tuesday seat went on
    assert store.data.groups[1].taken == 1 and store.data.groups[thursday.id].taken == 1
    told = [s.item.notice.text for s in store.data.outbox.values()
            if s.item.notice.audience == "member" and s.item.notice.member_key == "console:a"]
    assert any("moved" in text and "Tuesdays" in text for text in told)


async def test_an_unclear_switch_offers_the_sessions(chat: Chat, two_anxiety: FakeStore) -> None:
    two_anxiety.add_group(topic="anxiety", title="Anxiety group", weekday=4, start_time=time(9, 0),
                          start_date=date(2027, 1, 8), facilitator="Sam Lee", capacity=8)
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    await chat.say("can i change my session")
    assert {"Move to Thursdays 12:00 PM ET", "Move to Fridays 9:00 AM ET"} <= set(chat.labels)
    assert len(two_anxiety.data.bookings) == 1
    await chat.say("the friday one")
    [booking] = two_anxiety.data.bookings.values()
    assert two_anxiety.data.groups[booking.group_id].weekday == 4


async def test_a_question_while_cancel_waits_is_answered_and_the_question_kept(chat: Chat,
                                                                              store: FakeStore) -> None:
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    await chat.say("cancel my booking")
    await chat.say("how much does it cost?")
    assert "$35" in chat.text and "Cancel your seat" in chat.text
    assert len(store.data.bookings) == 1
    await chat.say("yes")
    assert not store.data.bookings


async def test_a_bare_ok_never_confirms_a_cancel(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("state", "NJ"))
    await chat.act(actions.encode("book", 1))
    await chat.say("cancel my booking")
    await chat.say("ok")
    assert len(store.data.bookings) == 1 and "Cancel your seat" in chat.text
    await chat.press("Yes, cancel it")
    assert not store.data.bookings


async def test_a_question_while_the_state_question_waits_is_answered_then_reasked(chat: Chat) -> None:
    await chat.act(actions.encode("groups"))
    assert "Which US state" in chat.text
    await chat.say("how much does it cost?")
    assert "$35" in chat.text
    assert "couldn't tell which state" not in chat.text
    assert "Back to my question" in chat.text
    await chat.say("NJ")
    assert "Got it: New Jersey." in chat.text and "Anxiety" in chat.text  # carries on with the list


async def test_the_state_is_never_asked_twice_once_given(chat: Chat) -> None:
    await chat.act(actions.encode("groups"))
    await chat.say("florida")
    await chat.act(actions.encode("groups"))
    await chat.act(actions.encode("sessions", "anxiety"))
    assert "Which US state" not in chat.text


async def test_a_state_given_inside_a_question_is_kept_and_not_asked_again(chat: Chat, store: FakeStore) -> None:
    await chat.say("I'm in New Jersey, how much does it cost?")
    assert "$35" in chat.text and _residence(store) == "NJ"
    await chat.act(actions.encode("groups"))
    assert "Which US state" not in chat.text


async def test_what_time_is_that_for_me_uses_the_state_zone(chat: Chat) -> None:
    await chat.say("I live in Colorado")
    await chat.act(actions.encode("sessions", "dbt_skills"))
    out = await chat.say("what time is that for me")
    assert out.intent == "local_time"
    assert "4:00 PM MT for you" in chat.text  # Saturdays 6 PM Eastern


async def test_a_zone_is_asked_once_when_the_state_spans_two(chat: Chat, store: FakeStore) -> None:
    await chat.say("I live in Florida")  # Eastern and Central
    await chat.act(actions.encode("sessions", "anxiety"))
    await chat.say("what time is that for me?")
    assert "Which time zone" in chat.text
    await chat.press("Central")
    assert store.data.members["console:u1"].timezone == "America/Chicago"
    assert "5:00 PM CT for you" in chat.text
    await chat.say("what time is that for me")
    assert "Which time zone" not in chat.text


async def test_a_typed_time_zone_answers_the_question(chat: Chat, store: FakeStore) -> None:
    await chat.say("what time is that for me")
    assert "Which time zone" in chat.text
    await chat.say("pacific")
    assert store.data.members["console:u1"].timezone == "America/Los_Angeles"
    assert "PM PT for you" in chat.text


@pytest.mark.parametrize("country", ["canada", "Canada", "I'm in Canada", "australia"])
async def test_a_country_of_several_zones_answers_the_zone_question(chat: Chat, store: FakeStore,
                                                                    country: str) -> None:
    """"canada" typed when asked for the time zone is the zone answer, never a residence:
    the bot asks which city (the country spans zones) and stores nothing."""
    await chat.say("what time is that for me")
    assert "Which time zone" in chat.text
    out = await chat.say(country)
    assert _residence(store) is None
    assert out.intent == "local_time"
    assert "city" in chat.text
    await chat.say("toronto" if "anada" in country else "sydney")
    assert _residence(store) is None
    zone = store.data.members["console:u1"].timezone
    assert zone == ("America/Toronto" if "anada" in country else "Australia/Sydney")
    assert "for you" in chat.text


# ------------------------------------------------------------ 3. the questions members ask

async def test_who_leads_comes_from_the_schedule(chat: Chat) -> None:
    out = await chat.say("who leads the groups")
    assert out.intent == "facilitators" and "Chris Novak" in chat.text and "Jordan Lee" in chat.text


async def test_group_size_and_length_come_from_the_schedule(chat: Chat) -> None:
    out = await chat.say("how many people are in each group")
    assert out.intent == "group_size" and "1 to 12 seats" in chat.text
    out = await chat.say("how long is a session")
    assert out.intent == "session_length" and "an hour" in chat.text


async def test_silent_material_is_said_honestly_with_a_person(chat: Chat) -> None:
    out = await chat.say("do i need a camera")
    assert out.intent == "camera"
    assert "haven't published" in chat.text and "Talk to a person" in chat.labels


async def test_age_comes_from_the_setting(store: FakeStore, clock: FakeClock) -> None:
    core = Core(store, clock, services_for(CoreConfig(min_age=21), age_gate=True))
    chat = Chat(core)
    out = await chat.say("how old do i need to be")
    assert out.intent == "age_requirement" and "aged 21 and over" in chat.text


async def test_individual_therapy_is_not_offered_kindly(chat: Chat) -> None:
    out = await chat.say("do you offer individual therapy")
    assert out.intent == "individual_therapy" and "only offer group therapy" in chat.text


async def test_spanish_gets_a_spanish_reply_and_a_person(chat: Chat) -> None:
    out = await chat.say("Hola, ¿cuánto cuesta la terapia de grupo?")
    assert out.intent == "spanish"
    assert "solo puedo conversar en inglés" in chat.text and "Talk to a person" in chat.labels


@pytest.mark.parametrize("text", ["delete my facebook account", "cancel my gym membership",
                                  "cancel the meeting with my landlord", "switch to dark mode"])
async def test_our_verb_with_someone_elses_object_is_out_of_scope(chat: Chat, store: FakeStore,
                                                                 text: str) -> None:
    """A short request whose object is no word of ours is not a consequential intent."""
    out = await chat.say(text)
    assert out.intent is None
    assert _residence(store) is None and _pages(store) == 0


async def test_a_residence_clause_next_to_a_question_is_no_residence_intent(chat: Chat, store: FakeStore) -> None:
    """"I'm in Georgia, am I allowed to join": the eligibility question is answered (the state is kept)."""
    out = await chat.say("i'm in georgia, am i allowed to join")
    assert out.intent == "eligibility"
