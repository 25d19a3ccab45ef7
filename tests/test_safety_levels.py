"""The three safety levels on the held-out set, and the pieces behind them.

The gates (issue 9): at-risk recall 100%; risk-adjacent: no URGENT page and the
question answered in >= 95%; distress: every line gets the check-in; benign and
figurative: at most 1% alarms (the crisis path or the check-in). The set was written
before tuning; its first score is in docs/crisis-detection.md. These figures are now a
regression floor, not an estimate.
"""

from __future__ import annotations

import random

import pytest
import yaml

from bot.config import CoreConfig
from bot.core import Core
from bot.language.crisis import (
    DEFAULT_PHRASES_PATH,
    CrisisDetector,
    RiskAssessment,
    looks_spanish,
    mentions_military,
)
from bot.language.crisis.prefilter import Prefilter
from bot.messages import Inbound, MemberKey
from bot.safety import adjacent_line, checkin_reply, crisis_reply, hard_day_reply
from tests.chat import Chat
from tests.conftest import default_detector, services_for
from tests.fakes import FakeClock, FakeStore
from tests.safety_levels import LEVELS_PATH, lines, load_levels, score


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


@pytest.fixture(scope="module")
def data() -> dict[str, dict[str, list[str]]]:
    return load_levels()


def test_held_out_set_is_big_enough_and_not_copied(data: dict[str, dict[str, list[str]]]) -> None:
    assert set(data) == {"at_risk", "risk_adjacent", "distress", "benign"}
    assert len(lines(data, "at_risk")) >= 250
    assert len(lines(data, "risk_adjacent")) >= 60
    assert len(lines(data, "distress")) >= 40
    assert len(lines(data, "benign")) >= 300
    assert {"suicide_indirect", "more_indirect", "spanish", "more_spanish", "past_and_present"} <= set(data["at_risk"])
    texts = [text for _, text in (*lines(data, "at_risk"), *lines(data, "risk_adjacent"),
                                  *lines(data, "distress"), *lines(data, "benign"))]
    assert len(texts) == len(set(texts))
    raw = yaml.safe_load(DEFAULT_PHRASES_PATH.read_text(encoding="utf-8"))
    published = {p.casefold() for body in raw["categories"].values() for p in (*body["patterns"], *body.get("examples", []))}
    for key in ("figurative", "denials", "not_flagged", "adjacent", "present", "distress"):
        published |= {p.casefold() for p in raw.get(key, [])}
    assert [t for t in texts if t.casefold() in published] == []
    old = yaml.safe_load((LEVELS_PATH.parent / "crisis_heldout.yaml").read_text(encoding="utf-8"))
    older = {t.casefold() for groups in old.values() for ts in groups.values() for t in ts}
    assert [t for t in texts if t.casefold() in older] == []


def test_gates_on_the_held_out_set(detector: CrisisDetector) -> None:
    scores = score(detector, services_for(CoreConfig()).classifier)
    print("\n" + scores.summary())
    for miss in scores.at_risk_missed:
        print("  MISSED", miss)
    for alarm in scores.benign_alarms:
        print("  alarm", alarm)
    assert scores.at_risk_missed == [], "at-risk recall must stay 100%"
    assert scores.adjacent_pages == []
    assert scores.adjacent - len(scores.adjacent_unanswered) >= 0.95 * scores.adjacent
    assert scores.distress_missed == []
    assert len(scores.benign_alarms) <= 0.01 * scores.benign


async def test_risk_adjacent_lines_through_the_core_page_nobody_and_get_answered(
        data: dict[str, dict[str, list[str]]]) -> None:
    store = FakeStore()
    store.add_group(topic="grief_loss", title="Grief and loss group", capacity=5)
    core = Core(store, FakeClock(), services_for(CoreConfig()))
    answered = 0
    adjacent = lines(data, "risk_adjacent")
    for n, (_, text) in enumerate(adjacent):
        outcome = await core.handle(Inbound(MemberKey("console", f"adj{n}"), text=text))
        assert not outcome.crisis and outcome.intent != "distress_checkin", text
        assert not any(r.urgent for r in outcome.replies)
        answered += outcome.intent is not None
    assert not any(m.at_risk for m in store.data.members.values())
    assert not [s for s in store.data.outbox.values() if s.item.notice.urgent]
    print(f"\nrisk-adjacent through the core: answered {answered}/{len(adjacent)}")
    assert answered >= 0.95 * len(adjacent)


# --------------------------------------------------------------------------- the levels, one by one


@pytest.mark.parametrize(("text", "level"), [
    ("I lost my brother to suicide last year and I'd like to join the grief group", "adjacent"),
    ("what happens if someone in the group talks about suicide?", "adjacent"),
    ("I'm a paramedic and I see overdoses at work, is there a group for stress?", "adjacent"),
    ("I have OCD with intrusive thoughts about hurting people, I would never act on them", "adjacent"),
    ("i feel hopeless", "distress"),
    ("everything is falling apart", "distress"),
    ("😭😭", "distress"),
    ("i want to kill myself", "at_risk"),
    # past loss and present intent: at risk
    ("I lost my brother to suicide last year and I want to die too", "at_risk"),
    ("my mom killed herself and I'm going to do the same tonight", "at_risk"),
    # distress outranks risk-adjacent (the safer of the two)
    ("my dad died by suicide and i feel hopeless", "distress"),
    ("how much does the anxiety group cost", "none"),
    ("this video has me crying 😂", "none"),
])
def test_levels(detector: CrisisDetector, text: str, level: str) -> None:
    assert detector.assess(text).level == level


def test_an_assessment_reads_as_it_always_did() -> None:
    assert RiskAssessment(at_risk=True, category="suicide").level == "at_risk"
    assert RiskAssessment(at_risk=False, category=None).level == "none"


def test_the_prefilter_never_hides_a_match(detector: CrisisDetector, data: dict[str, dict[str, list[str]]]) -> None:
    patterns = [p for category in detector.phrases.categories for p in category.patterns]
    prefilter = Prefilter(patterns)
    rng = random.Random(9)
    words = "i want to die kill myself cut pills he hits me not end it all tonight".split()
    samples = [text for _, text in lines(data, "at_risk")]
    samples += [" ".join(rng.choice(words) for _ in range(8)) for _ in range(300)]
    for text in samples:
        for reading in detector.readings(text):
            if any(p.search(reading) for _, p in detector._categories):
                assert prefilter.maybe(reading), reading
    assert not prefilter.maybe("yes") and not prefilter.maybe("nj")


def test_spanish_and_military_are_read_from_the_message(detector: CrisisDetector) -> None:
    assert looks_spanish(detector.readings("me quiero morir, ya no aguanto"))
    assert not looks_spanish(detector.readings("i want to die"))
    assert mentions_military(detector.readings("I'm a veteran and I want to end my life"))
    assert mentions_military(detector.readings("since i got back from deployment i want to die"))
    assert not mentions_military(detector.readings("my vet said my dog is fine"))


# --------------------------------------------------------------------------- wording


def test_crisis_reply_outside_the_us_puts_local_help_first() -> None:
    text = crisis_reply("suicide", outside_us=True).text
    assert text.index("local emergency number") < text.index("988")
    assert "findahelpline.com" in text and "112" in text


def test_crisis_reply_in_spanish() -> None:
    reply = crisis_reply("suicide", spanish=True)
    assert "marque 2" in reply.text and "AYUDA" in reply.text and "741741" in reply.text
    assert "911" in reply.text and reply.urgent
    assert reply.buttons[0].action == "fd:handoff"
    outside = crisis_reply("overdose", spanish=True, outside_us=True).text
    assert "findahelpline.com" in outside and "1-800-222-1222" in outside


def test_crisis_reply_for_veterans_and_the_default_hints() -> None:
    assert "988 and press 1" in crisis_reply("suicide", veteran=True).text
    assert "838255" in crisis_reply("suicide", veteran=True).text
    plain = crisis_reply().text
    assert "press 1" not in plain and "findahelpline.com" in plain and "marque 2" in plain
    assert len(plain) < 700


def test_check_in_asks_directly_with_two_buttons() -> None:
    reply = checkin_reply()
    assert "harming yourself" in reply.text and reply.text.rstrip().endswith("?")
    assert [(b.label, b.action) for b in reply.buttons] == [
        ("Yes, I am", "fd:riskyes"), ("No, it's just a hard day", "fd:hardday")]
    support = hard_day_reply()
    assert "988" in support.text
    assert {b.action for b in support.buttons} >= {"fd:sessions:depression", "fd:handoff"}
    assert "988" in adjacent_line() and "988" in adjacent_line(spanish=True)


async def test_typed_answers_to_the_check_in(clock: FakeClock) -> None:
    core = Core(FakeStore(), clock, services_for(CoreConfig()))
    chat = Chat(core, "typed")
    await chat.say("i can't cope with any of this")
    assert chat.last.intent == "distress_checkin"
    await chat.say("maybe")  # unclear leans to the safer level
    assert chat.last.crisis
    other = Chat(core, "typed2")
    await other.say("i feel so helpless")
    await other.say("no, just a rough day")
    assert other.last.intent == "hard_day"
