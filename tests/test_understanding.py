"""The intent classifier: held-out accuracy, topic extraction and awkward input."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import DIALOGUE_INTENTS, KnowledgeBase, load_knowledge
from bot.language.intents import IntentClassifier
from bot.language.normalise import words
from tests.conftest import PLACES

HELDOUT = Path(__file__).parent / "data" / "understanding_heldout.yaml"
MIN_ACCURACY = 0.93  # 95.2% after wave 3 (was 92.1%); a regression floor: this set was tuned on in wave 1


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def clf(kb: KnowledgeBase) -> IntentClassifier:
    return IntentClassifier(kb, PLACES)


@pytest.fixture(scope="module")
def heldout() -> list[dict[str, Any]]:
    items = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    assert isinstance(items, list)
    return items


# ------------------------------------------------------------------ the held-out set


def test_heldout_set_is_big_varied_and_valid(kb: KnowledgeBase, heldout: list[dict[str, Any]]) -> None:
    assert len(heldout) >= 150
    for item in heldout:
        assert set(item) <= {"text", "intent", "topic"}, item
        assert isinstance(item["text"], str) and item["text"], item
        assert item["intent"] is None or item["intent"] in kb.intents, item
        assert item.get("topic") is None or item["topic"] in kb.topics, item
    per_intent = Counter(item["intent"] for item in heldout)
    assert not set(kb.intents) - set(per_intent), "every intent needs held-out phrasings"
    assert per_intent[None] >= 10, "and there must be off-topic phrasings"
    assert sum(1 for item in heldout if item.get("topic")) >= 30


def test_heldout_phrasings_are_not_training_examples(
    kb: KnowledgeBase, heldout: list[dict[str, Any]]
) -> None:
    training = {tuple(words(ex)) for intent in kb.intents.values() for ex in intent.examples}
    copies = [item["text"] for item in heldout if tuple(words(item["text"])) in training]
    assert not copies
    texts = [tuple(words(item["text"])) for item in heldout]
    assert len(texts) == len(set(texts)), "held-out phrasings repeat"


def test_heldout_accuracy(clf: IntentClassifier, heldout: list[dict[str, Any]]) -> None:
    misses = []
    for item in heldout:
        got = clf.understand(item["text"]).intent
        if got != item["intent"]:
            misses.append(f"{item['text']!r}: expected {item['intent']}, got {got}")
    n = len(heldout)
    acc = 1 - len(misses) / n
    print(f"\nunderstanding accuracy {acc:.1%} on {n} held-out phrasings")
    for miss in misses:
        print("  miss:", miss)
    assert acc >= MIN_ACCURACY


def test_heldout_topic_extraction(clf: IntentClassifier, heldout: list[dict[str, Any]]) -> None:
    named = [item for item in heldout if item.get("topic")]
    right = sum(clf.understand(item["text"]).topic == item["topic"] for item in named)
    spurious = [
        item["text"] for item in heldout if not item.get("topic") and clf.understand(item["text"]).topic
    ]
    print(f"\ntopic accuracy {right / len(named):.1%} on {len(named)} phrasings naming a topic; "
          f"{len(spurious)} spurious topics in {len(heldout) - len(named)} others")
    assert right / len(named) >= 0.9
    assert len(spurious) <= 0.05 * (len(heldout) - len(named)), spurious


# --------------------------------------------------------------------- focused cases


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello", "greeting"),
        ("Hey there!", "greeting"),
        ("hiiii", "greeting"),
        ("thank you!", "thanks"),
        ("thx", "thanks"),
        ("I want to talk to a human", "handoff"),
        ("can i speak to staff", "handoff"),
        ("yes", "yes"),
        ("yep", "yes"),
        ("ok", "yes"),
        ("no", "no"),
        ("nope", "no"),
        ("nah", "no"),
        ("not really", "no"),
        ("bye", "goodbye"),
        ("how much dose it cost", "pricing"),
        ("can i bok a seat", "book"),
        ("i want to join the anxiety group", "book"),
        ("which groups have seats", "list_groups"),
        ("what groups do you offer", "groups_overview"),
        ("I live in Ohio", "set_residence"),
        ("delete my data", "delete_data"),
        ("what data do you have on me", "export_data"),
        ("grief group", "topic_info"),
        ("anxiety", "topic_info"),
        ("is this an emergency service", "about_bot"),
    ],
)
def test_common_messages(clf: IntentClassifier, text: str, intent: str) -> None:
    assert clf.understand(text).intent == intent


@pytest.mark.parametrize("text", ["", "   ", "?!...", "🙂🙂🙂", "\u200b\u200b", "\x00"])
def test_nothing_to_understand(clf: IntentClassifier, text: str) -> None:
    result = clf.understand(text)
    assert result.intent is None and result.confidence == 0.0 and result.topic is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ＨＥＬＬＯ", "greeting"),  # full-width letters
        ("he\u200bllo", "greeting"),  # zero-width space inside a word
        ("héllo", "greeting"),  # accent
        ("Thank you 🙏🏽", "thanks"),  # emoji with a skin-tone modifier
        ("HOW MUCH DOES IT COST???", "pricing"),
        ("how much does it cost\n\n\tper week", "pricing"),
        ("I’m in NJ", "set_residence"),  # typographic apostrophe
        ("👍", "yes"),
    ],
)
def test_odd_unicode(clf: IntentClassifier, text: str, intent: str) -> None:
    assert clf.understand(text).intent == intent


@pytest.mark.parametrize(
    "text", ["привет, как дела", "مرحبا", "\ud800 lone surrogate", "a\u0301\u0301\u0301"]
)
def test_foreign_or_broken_text_does_not_crash(clf: IntentClassifier, text: str) -> None:
    result = clf.understand(text)
    assert 0.0 <= result.confidence <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "x" * 10_000,
        "how much does it cost " * 500,
        "🙂" * 10_000,
        "a b " * 5_000,
        " ".join(f"word{i}" for i in range(2_000)),
    ],
)
def test_very_long_input_is_truncated_not_fatal(clf: IntentClassifier, text: str) -> None:
    start = time.perf_counter()
    result = clf.understand(text)
    assert time.perf_counter() - start < 2.0  # a guard against blow-ups, not a benchmark
    assert 0.0 <= result.confidence <= 1.0


def test_long_message_is_read_from_its_start(clf: IntentClassifier) -> None:
    assert clf.understand("how much does it cost " * 500).intent == "pricing"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("never mind, what do groups cost?", "pricing"),
        ("hi! how much is it?", "pricing"),
        ("thanks, and do you take insurance?", "insurance"),
        ("yes - sign me up", "book"),
        ("no. I moved to Ohio", "set_residence"),
        ("no, thanks", "no"),
        ("yes, that works", "yes"),
        ("ok bye", "goodbye"),
    ],
)
def test_a_request_beats_a_social_clause(clf: IntentClassifier, text: str, intent: str) -> None:
    assert clf.understand(text).intent == intent


# ------------------------------------------------------- a user tester's report
# Messages a tester saw misunderstood. The training examples were tuned on these, so
# they are regression tests here, not held-out items (those are reworded).


@pytest.mark.parametrize(
    ("text", "intent", "topic"),
    [
        # about the groups, not about MY data
        ("what do you know about the groups", "groups_overview", None),
        ("just want to know about groups", "groups_overview", None),
        ("I'm not suicidal, just want to know about groups", "groups_overview", None),
        ("what do you know about me", "export_data", None),
        ("what do you know", "help", None),
        # typed booking names the group
        ("book anxiety", "book", "anxiety"),
        ("anxiety group please", "book", "anxiety"),
        ("i want anxiety group", "book", "anxiety"),
        ("book trauma", "book", "trauma_ptsd"),
        ("book trauma and ptsd", "book", "trauma_ptsd"),
        ("I want the PTSD group", "book", "trauma_ptsd"),
        ("can I get a spot in OCD", "book", "ocd"),
        ("register for relationship issues group", "book", "relationships"),
        ("sign me up for the grief group", "book", "grief_loss"),
        ("put me back on the waitlist for trauma", "book", "trauma_ptsd"),
        ("tell me about the anxiety group", "topic_info", "anxiety"),
        ("groups", "list_groups", None),
        # privacy, prices and cancelling, how sessions work
        ("do you share my info with my insurance or employer", "privacy", None),
        ("can I cancel anytime? refund?", "pricing", None),
        ("is it on zoom? do I need a camera", "camera", None),  # issue 8: its own answer now
        ("will I have to talk in front of people?", "how_sessions_work", None),
        ("I'm nervous about joining a group", "joining_nerves", "anxiety"),
        ("i'm worried about my exams", "topic_info", "anxiety"),
        ("I need help with my anger", "topic_info", "anger_management"),
        ("I lost my mom last month", "topic_info", "grief_loss"),
        ("what's the difference between DBT and the DBT skills group", "dbt_difference", "dbt_skills"),
    ],
)
def test_tester_reported_messages(clf: IntentClassifier, text: str, intent: str, topic: str | None) -> None:
    result = clf.understand(text)
    assert (result.intent, result.topic) == (intent, topic)


@pytest.mark.parametrize(
    "text",
    ["actually no, keep it", "keep it", "nope keep it", "leave it", "don't cancel", "i don't want to cancel",
     "no dont cancel my seat", "i want to keep my spot", "forget it", "that is not correct"],
)
def test_answers_to_cancel_your_seat_that_mean_no(clf: IntentClassifier, text: str) -> None:
    # While "Cancel your seat?" (or "Delete your data?") waits for an answer, a
    # "cancel" or "delete_data" reading would go ahead: these must read as "no".
    assert clf.understand(text).intent == "no"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("my dad passed away", "grief_loss"),
        ("lost my husband in june", "grief_loss"),
        ("my mother died last year", "grief_loss"),
        ("my phone died", None),  # "died" alone is not a grief word
        ("i lost my job", None),
        ("i lost my keys", None),
        ("my partner and i fight a lot", "relationships"),
    ],
)
def test_grief_words_name_a_person(clf: IntentClassifier, text: str, topic: str | None) -> None:
    assert clf.understand(text).topic == topic


def test_many_clauses_stay_cheap(clf: IntentClassifier) -> None:
    start = time.perf_counter()
    clf.understand("ok, " * 2_500)
    clf.understand("a, " * 3_000)
    assert time.perf_counter() - start < 2.0  # a guard against blow-ups, not a benchmark


def test_gibberish_and_off_topic_are_not_understood(clf: IntentClassifier) -> None:
    for text in ("asdfgh", "qwertyuiop", "who won the game", "what is the capital of france"):
        assert clf.understand(text).intent is None, text


def test_confidence_and_threshold(kb: KnowledgeBase, clf: IntentClassifier) -> None:
    sure = clf.understand("how much does it cost")
    assert sure.intent == "pricing" and 0.5 < sure.confidence <= 1.0
    strict = IntentClassifier(kb, PLACES, threshold=1.0)
    assert strict.understand("how much is the weekly cost for me").intent is None
    with pytest.raises(ValueError):
        IntentClassifier(kb, PLACES, threshold=1.5)


def test_understanding_is_deterministic(kb: KnowledgeBase, clf: IntentClassifier) -> None:
    other = IntentClassifier(kb, PLACES)
    for text in ("hi", "how much dose it cost", "i live in texas", "greif group"):
        assert clf.understand(text) == other.understand(text) == clf.understand(text)


def test_every_intent_recognises_its_own_examples(kb: KnowledgeBase, clf: IntentClassifier) -> None:
    wrong = [
        (ex, intent.id, clf.understand(ex).intent)
        for intent in kb.intents.values()
        for ex in intent.examples
        if clf.understand(ex).intent != intent.id
    ]
    total = sum(len(i.examples) for i in kb.intents.values())
    assert len(wrong) <= 0.03 * total, wrong


def test_topic_info_is_a_dialogue_intent() -> None:
    assert "topic_info" in DIALOGUE_INTENTS


# ------------------------------------------------------------------------ topics


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Anger management", "anger_management"),
        ("i get so angry", "anger_management"),
        ("Anxiety", "anxiety"),
        ("social anxiety", "anxiety"),
        ("Borderline personality", "borderline_personality"),
        ("BPD", "borderline_personality"),
        ("Chronic illness", "chronic_illness"),
        ("i live with chronic pain", "chronic_illness"),
        ("Depression", "depression"),
        ("feeling low mood", "depression"),
        ("Dialectical behavior therapy", "dbt"),
        ("Grief and loss", "grief_loss"),
        ("mourning my dad", "grief_loss"),
        ("Obsessive compulsive disorder", "ocd"),
        ("intrusive thoughts", "ocd"),
        ("Relationship issues", "relationships"),
        ("my marriage", "relationships"),
        ("Trauma and PTSD", "trauma_ptsd"),
        ("abuse history", "trauma_ptsd"),
        ("DBT skills group", "dbt_skills"),
        # typos
        ("anxeity", "anxiety"),
        ("greif group", "grief_loss"),
        ("deppression", "depression"),
        ("bereavment", "grief_loss"),
        # no topic
        ("how much does it cost", None),
        ("i lost my login", None),
    ],
)
def test_topic_extraction(clf: IntentClassifier, text: str, topic: str | None) -> None:
    assert clf.understand(text).topic == topic


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # "dbt" alone names the skills group: it is open to everyone, so nobody is
        # steered to a group their state rules out; the therapy group needs "therapy"
        # or "dialectical".
        ("dbt", "dbt_skills"),
        ("DBT group", "dbt_skills"),
        ("dbt skills", "dbt_skills"),
        ("the skills group", "dbt_skills"),
        ("dbt therapy", "dbt"),
        ("the dbt therapy group", "dbt"),
        ("dialectical behaviour therapy", "dbt"),
        ("dialectical", "dbt"),
    ],
)
def test_dbt_on_its_own_means_the_skills_group(clf: IntentClassifier, text: str, topic: str) -> None:
    assert clf.understand(text).topic == topic


def test_first_topic_named_wins(clf: IntentClassifier) -> None:
    assert clf.understand("anxiety or maybe depression").topic == "anxiety"


@pytest.mark.parametrize(("text", "codes"), [
    ("i split my time between nj and pa", ("NJ", "PA")),
    ("ny or ma depending on the month", ("NY", "MA")),
])
def test_a_lowercase_word_code_paired_with_a_state_code_is_read(text: str, codes: tuple[str, ...]) -> None:
    """"between nj and pa": "pa" is a state when paired with one, so both get a button."""
    from bot.language.residence import read_places
    assert tuple(r.code for r in read_places(text, PLACES).candidates) == codes


def test_a_lowercase_word_code_alone_stays_a_word() -> None:
    from bot.language.residence import read_places
    assert tuple(r.code for r in read_places("nj and me", PLACES).candidates) == ("NJ",)
