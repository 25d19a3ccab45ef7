"""Transcripts: crisis first, a store that went away, bad input, rate limits."""

from __future__ import annotations

from bot import actions
from bot.core import Core
from bot.dialogue_state import AfterCrisis, DialogueState
from bot.messages import Inbound, MemberKey
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore


async def test_crisis_interrupts_a_booking_and_tells_staff(chat: Chat, store: FakeStore) -> None:
    await chat.act(actions.encode("groups"))
    assert "Which US state" in chat.text
    await chat.say("honestly i just want to kill myself")
    assert chat.last.intent == "crisis" and chat.last.crisis
    text = chat.text
    assert "988" in text and "741741" in text and "911" in text
    assert all("fd:book" not in a and "fd:groups" not in a for a in chat.actions)
    member = store.data.members["console:u1"]
    assert member.at_risk and member.dialogue == DialogueState(AfterCrisis())  # the booking flow is gone
    [notice] = [s.item.notice for s in store.data.outbox.values()]
    assert notice.urgent and notice.kind == "crisis"
    assert "kill" not in notice.text


async def test_crisis_reply_goes_out_when_the_store_is_down(chat: Chat, store: FakeStore) -> None:
    store.unavailable = True
    await chat.say("I don't want to be alive anymore")
    assert chat.last.crisis and "988" in chat.text
    store.unavailable = False
    assert await chat.core.retry_unsaved() == 1
    assert [s.item.notice.kind for s in store.data.outbox.values()] == ["crisis"]


async def test_figurative_speech_is_not_a_crisis(chat: Chat) -> None:
    await chat.say("this traffic is killing me, anyway what groups do you have?")
    assert not chat.last.crisis
    assert "988" not in chat.text


async def test_risk_flag_leads_every_reply_until_staff_clear_it(core: Core, store: FakeStore) -> None:
    member = Chat(core, "m1")
    await member.say("I keep thinking about ending my life")
    await member.say("never mind, what do groups cost?")
    assert member.last.replies[0].text.startswith("If you need help now")
    assert "$35" in member.text
    ref = store.data.members["console:m1"].ref
    outsider = Chat(core, "m2")
    await outsider.say(f"staff clear {ref}")
    assert "cleared" not in outsider.text
    assert store.data.members["console:m1"].at_risk
    staff = Chat(core, "staff1")
    await staff.say("staff flags")
    assert ref in staff.text
    await staff.say(f"staff clear {ref}")
    assert "Risk flag cleared" in staff.text
    await member.say("what do groups cost?")
    assert not member.last.replies[0].text.startswith("If you need help now")


async def test_store_down_still_answers_questions_and_apologises_for_bookings(
        chat: Chat, store: FakeStore) -> None:
    store.unavailable = True
    await chat.say("how much does it cost")
    assert "$35" in chat.text
    await chat.act(actions.encode("groups"))
    assert "trouble reaching our booking system" in chat.text


async def test_empty_and_whitespace_get_a_kind_answer(chat: Chat) -> None:
    for text in ("", "   ", "\u200b\u200b", "\x00\x01"):
        await chat.say(text)
        assert "didn't catch anything" in chat.text
        assert chat.labels


async def test_huge_text_is_capped_and_said_so(chat: Chat) -> None:
    await chat.say("price " * 5000)
    assert "only read the first 2000 characters" in chat.text


async def test_odd_unicode_and_control_characters(chat: Chat) -> None:
    for text in ("ＨＥＬＬＯ", "h\u0301i", "👋👋", "\U0001F600 how much?", "hi\x1b[31m", "\ud800"):
        outcome = await chat.say(text)
        assert outcome.replies


async def test_unknown_stale_and_forged_actions(chat: Chat) -> None:
    for action in ("nope", "fd:", "fd:book:999", "fd:book:abc", "fd:explode", "fd:ask:nonexistent",
                   "fd:cancel:FD-NOPE", "fd:stillyes", "fd:deleteyes", "x" * 500, "fd:menu:extra"):
        await chat.act(action)
        assert "expired" in chat.text.lower(), action


async def test_rate_limit_is_kind_and_never_blocks_crisis(chat: Chat, clock: FakeClock) -> None:
    for _ in range(20):
        await chat.say("hello")
    await chat.say("hello")
    assert chat.last.intent == "rate_limited" and "faster than I can keep up" in chat.text
    await chat.say("i want to end my life")
    assert chat.last.crisis
    clock.advance(minutes=1, seconds=1)
    await chat.say("hello")
    assert chat.last.intent == "greeting"


async def test_two_quick_messages_do_not_interleave(core: Core, store: FakeStore) -> None:
    import asyncio
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    member = MemberKey("console", "quick")
    await core.handle(Inbound(member, text="NJ"))
    results = await asyncio.gather(*(core.handle(Inbound(member, action=actions.encode("book", anxiety.id)))
                                     for _ in range(5)))
    assert sum("You're booked" in r.replies[0].text for r in results) == 1
    assert store.data.groups[anxiety.id].taken == 1


async def test_staff_commands_look_unknown_to_everyone_else(core: Core) -> None:
    outsider = Chat(core, "curious")
    await outsider.say("hi")
    await outsider.say("staff flags")
    staff_reply = (outsider.last.intent, outsider.text)
    await outsider.say("zorp blat")
    assert staff_reply == (outsider.last.intent, outsider.text) == (None, outsider.text)
    assert "risk flag" not in staff_reply[1].lower()


async def test_reference_only_notices_carry_no_topic(store: FakeStore, clock: FakeClock) -> None:
    from bot.config import CoreConfig
    from tests.conftest import services_for
    core = Core(store, clock, services_for(CoreConfig(notices_reference_only=True)))
    chat = Chat(core)
    await chat.say("NJ")
    anxiety = next(g for g in store.data.groups.values() if g.topic == "anxiety")
    await chat.act(actions.encode("book", anxiety.id))
    [text] = store.staff_texts()
    assert "Anxiety" not in text and f"group #{anxiety.id}" in text and "New booking FD-" in text


async def test_danger_at_home_also_gets_the_domestic_violence_hotline(chat: Chat) -> None:
    await chat.say("my husband hits me and I'm scared to go home")
    assert chat.last.crisis
    assert "1-800-799-7233" in chat.text and "988" in chat.text
    await chat.say("I want to kill myself")
    assert "1-800-799-7233" not in chat.text


async def test_crisis_reply_survives_any_store_failure_and_flag_is_set_later(
        chat: Chat, store: FakeStore) -> None:
    store.fail_with = RuntimeError("role does not exist")  # not a connection error as such
    await chat.say("I want to kill myself")
    assert chat.last.crisis and "988" in chat.text
    store.fail_with = None
    assert await chat.core.retry_unsaved() == 1
    assert store.data.members["console:u1"].at_risk
    assert [s.item.notice.kind for s in store.data.outbox.values()] == ["crisis"]


async def test_kept_crisis_notice_is_written_once_by_concurrent_turns(core: Core, store: FakeStore) -> None:
    import asyncio
    store.unavailable = True
    await Chat(core, "atrisk").say("I want to end my life")
    store.unavailable = False
    others = [Chat(core, f"other{n}") for n in range(4)]
    results = await asyncio.gather(*(o.say("how much does it cost") for o in others))
    assert all("$35" in r.replies[-1].text for r in results)
    assert [s.item.notice.kind for s in store.data.outbox.values()] == ["crisis"]
    assert store.data.members["console:atrisk"].at_risk


async def test_risk_at_the_end_of_a_long_message_is_caught(chat: Chat) -> None:
    await chat.say("so my week has been long. " * 90 + "honestly I've been thinking about killing myself.")
    assert chat.last.crisis and "988" in chat.text
