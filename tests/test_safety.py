"""Tests for bot.safety: crisis detection, the published phrase lists, and the crisis wording."""

from __future__ import annotations

import dataclasses
import pathlib
import random
import time
import unicodedata

import pytest
import yaml

from bot.messages import Button, Reply
from bot.safety import (
    CATEGORIES,
    DEFAULT_PHRASES_PATH,
    CrisisDetector,
    CrisisPhrases,
    RiskAssessment,
    crisis_reply,
    load_crisis_phrases,
    resources_line,
)

from tests.conftest import crisis_reading, default_detector

HELDOUT_PATH = pathlib.Path(__file__).parent / "data" / "crisis_heldout.yaml"


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


@pytest.fixture(scope="module")
def heldout() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = yaml.safe_load(HELDOUT_PATH.read_text(encoding="utf-8"))
    assert set(data) == {"at_risk", "risk_adjacent", "benign"}
    return data


# --------------------------------------------------------------------------- held-out evaluation


def test_heldout_recall_and_false_positive_rate(detector: CrisisDetector, heldout: dict[str, dict[str, list[str]]]) -> None:
    at_risk = [(category, text) for category, texts in heldout["at_risk"].items() for text in texts]
    benign = [(group, text) for group, texts in heldout["benign"].items() for text in texts]
    assert len(at_risk) >= 80 and len(benign) >= 80
    assert set(heldout["at_risk"]) == set(CATEGORIES), "every category needs held-out examples"

    missed = [(category, text) for category, text in at_risk if not detector.assess(text).at_risk]
    flagged = [(group, text, detector.assess(text).category) for group, text in benign if detector.assess(text).at_risk]
    wrong_category = [
        (category, text, result.category)
        for category, text in at_risk
        if (result := detector.assess(text)).at_risk and result.category != category
    ]
    recall = 1 - len(missed) / len(at_risk)
    fp_rate = len(flagged) / len(benign)
    category_agreement = 1 - len(wrong_category) / len(at_risk)

    print()
    print(f"crisis recall {recall:.1%} ({len(at_risk)} at-risk), false positives {fp_rate:.1%} ({len(benign)} benign)")
    print(f"category agreement {category_agreement:.1%}")
    for group, text, found in flagged:
        print(f"  false positive [{group}] -> {found}: {text!r}")
    for category, text in missed:
        print(f"  MISSED [{category}]: {text!r}")

    assert not missed, f"missed at-risk messages: {missed}"
    assert fp_rate <= 0.05, f"false-positive rate {fp_rate:.1%} > 5%: {flagged}"
    assert category_agreement >= 0.95, f"wrong categories: {wrong_category}"


def test_heldout_relabelled_risk_adjacent_lines_never_page(detector: CrisisDetector, heldout: dict[str, dict[str, list[str]]]) -> None:
    texts = [text for texts in heldout["risk_adjacent"].values() for text in texts]
    assert texts
    # "my friend told me she's cutting herself, what do i do" is someone else at risk now with a
    # request for help: the someone-else reply (how to help them), which never pages either.
    assert [t for t in texts if detector.assess(t).level not in ("adjacent", "someone_else")] == []
    assert [t for t in texts if detector.assess(t).level == "someone_else"] == [
        "my friend told me she's cutting herself, what do i do"]


def test_heldout_is_not_copied_from_the_published_lists(heldout: dict[str, dict[str, list[str]]]) -> None:
    raw = yaml.safe_load(DEFAULT_PHRASES_PATH.read_text(encoding="utf-8"))
    published: set[str] = set()
    for body in raw["categories"].values():
        published.update(body["patterns"])
        published.update(body.get("examples", []))
    published.update(raw["figurative"])
    published.update(raw["denials"])
    published.update(raw["not_flagged"])
    published = {item.casefold().strip() for item in published}
    texts = [text for groups in heldout.values() for texts in groups.values() for text in texts]
    copied = [text for text in texts if text.casefold().strip() in published]
    assert not copied
    assert len(texts) == len(set(texts)), "duplicate held-out lines"


# --------------------------------------------------------------------------- categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I don't want to be here anymore", "suicide"),
        ("honestly everyone would be better off without me", "suicide"),
        ("there is no reason to live", "suicide"),
        ("i'm going to kill myself", "suicide"),
        ("kms", "suicide"),
        ("i want to end it all", "suicide"),
        ("gonna unalive myself", "suicide"),
        ("i want to die", "suicide"),
        ("i've been feeling suicidal", "suicide"),
        ("I don't want to live anymore", "suicide"),
        ("i cut myself last night", "self_harm"),
        ("i want to hurt myself", "self_harm"),
        ("struggling with self harm", "self_harm"),
        ("self-harm urges are back", "self_harm"),
        ("did sh again", "self_harm"),
        ("i took all my pills", "overdose"),
        ("i think i'm going to overdose", "overdose"),
        ("pretty sure i od'd", "overdose"),
        ("i want to kill him", "harm_to_others"),
        ("i'm scared i'll hurt someone", "harm_to_others"),
        ("i want to hurt my sister", "harm_to_others"),
        ("he hits me", "abuse"),
        ("i'm afraid to go home", "abuse"),
        ("my partner is hurting me", "abuse"),
        ("i'm not safe at home", "abuse"),
        ("i'm being abused", "abuse"),
    ],
)
def test_each_category_is_detected(detector: CrisisDetector, text: str, category: str) -> None:
    assert detector.assess(text) == RiskAssessment(at_risk=True, category=category)  # type: ignore[arg-type]


def test_published_examples_flag_with_their_category(detector: CrisisDetector) -> None:
    for category in detector.phrases.categories:
        assert category.examples, f"{category.name} has no published examples"
        for example in category.examples:
            assert detector.assess(example).category == category.name, example


def test_most_immediate_category_wins(detector: CrisisDetector) -> None:
    # Categories are checked in file order: overdose before suicide before self-harm.
    assert detector.assess("i took all my pills because i want to die").category == "overdose"
    assert detector.assess("i want to die and i cut myself again").category == "suicide"


# --------------------------------------------------------------------------- what is not flagged


@pytest.mark.parametrize(
    "text",
    [
        "this traffic is killing me",
        "I could kill for a coffee",
        "dying to know how the groups work",
        "that joke killed me",
        "dead tired today",
        "she's killing it at work",
        "my phone is dying",
        "I'm dead 😂",
        "can you kill the lights",
        "die hard fan",
        "book me into anxiety group",
        "what does DBT mean",
    ],
)
def test_figurative_and_ordinary_messages_are_not_flagged(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text) == RiskAssessment(at_risk=False, category=None)


def test_published_not_flagged_examples(detector: CrisisDetector) -> None:
    assert detector.phrases.not_flagged
    flagged = [text for text in detector.phrases.not_flagged if detector.assess(text).at_risk]
    assert not flagged


def test_borderline_decisions(detector: CrisisDetector) -> None:
    # Documented decisions (docs/crisis-detection.md): hyperbole that uses the word
    # "suicide" is at risk; a suicide loss is risk-adjacent (a gentle line, then the answer).
    assert detector.assess("this homework is suicide").level == "at_risk"
    loss = detector.assess("do you have a group for grief after my dad killed himself?")
    assert loss.level == "adjacent" and loss.category == "suicide" and not loss.at_risk
    # ...but fixed names are not.
    assert not detector.assess("suicide squad was mid").at_risk
    # Past abuse in general and topic words go to booking, not the crisis reply.
    assert not detector.assess("is there a group for people who were abused as kids").at_risk
    assert not detector.assess("do you have a domestic violence survivors group").at_risk


def test_masking_a_figurative_phrase_keeps_the_rest_of_the_message(detector: CrisisDetector) -> None:
    assert not detector.assess("i shot myself in the foot with that email").at_risk
    assert detector.assess("i shot myself in the foot and honestly i want to die").at_risk


# --------------------------------------------------------------------------- negation


@pytest.mark.parametrize(
    "text",
    [
        "I'm not suicidal, just asking about groups",
        "not suicidal or anything, just curious how it works",
        "i am not going to hurt myself, i just need to talk to someone about work",
        "I have no suicidal thoughts, I just want help sleeping",
        "i'd never hurt myself, don't worry",
    ],
)
def test_explicit_denials_are_not_flagged(detector: CrisisDetector, text: str) -> None:
    assert not detector.assess(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to live anymore",  # the negation is part of the ideation
        "i don't want to be alive",
        "i don't want to wake up tomorrow",
        "there's no reason to keep going",
        "i'm not suicidal but i want to die",  # the rest of the message still counts
        "i'm not suicidal yet",  # hedged denials do not count
        "i'm not really suicidal",
        "i'm not actively suicidal",
        "i'm not suicidal right now",
        "i think i'm not suicidal",
        "i'm not not suicidal",
        "i don't want to kill myself but i think about it",
        "i don't want to die",  # often the start of a disclosure
    ],
)
def test_negation_that_still_flags(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk


# --------------------------------------------------------------------------- Spanish

# Spanish is common among members in Florida, New York and New Jersey. Accents are
# removed before matching, so each phrase is checked with and without them.


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("quiero morir", "suicide"),
        ("quiero morirme", "suicide"),
        ("me quiero morir", "suicide"),
        ("me quiero matar", "suicide"),
        ("quiero suicidarme", "suicide"),
        ("me voy a suicidar", "suicide"),
        ("no quiero vivir", "suicide"),
        ("no quiero seguir viviendo", "suicide"),
        ("me voy a matar", "suicide"),
        ("quiero hacerme daño", "self_harm"),
        ("me corto", "self_harm"),
        ("tomé muchas pastillas", "overdose"),
        ("I took a bunch of pills", "overdose"),
    ],
)
def test_spanish_phrases_are_detected_with_and_without_accents(
    detector: CrisisDetector, text: str, category: str
) -> None:
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    for variant in {text, bare, text.upper(), f"{text} 😢"}:
        assert detector.assess(variant) == RiskAssessment(at_risk=True, category=category), variant  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "me muero de hambre",
        "me mata de risa",
        "me muero de risa",
        "me voy a morir de la vergüenza",
        "mi mamá me va a matar si llego tarde",
        "me corté el pelo",
        "se me cortó la llamada",
        "no quiero vivir en Nueva York",
        "tomo mis pastillas todos los días",
        "no soy suicida, solo pregunto por los grupos",
    ],
)
def test_everyday_spanish_is_not_flagged(detector: CrisisDetector, text: str) -> None:
    assert not detector.assess(text).at_risk


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "text",
    [
        "I WANT TO KILL MYSELF",  # all caps
        "Ｉ ｗａｎｔ ｔｏ ｋｉｌｌ ｍｙｓｅｌｆ",  # full-width
        "i want to k\u200bi\u200dl\u200cl myself",  # zero-width space / joiners
        "i  want \t to\n\n kill     myself",  # extra whitespace
        "i wanna k1ll mys3lf",  # leetspeak
        "i want to ki11 myself",  # 1 read as l
        "i want to $uicide",  # leading $
        "i want to diiiiiie",  # stretched letters
        "i want to dïé",  # accents
        "i want to kіll myself",  # Cyrillic і
        "I don\u2019t want to live anymore",  # curly apostrophe
        "i dont wanna live anymore",  # texting spellings
        "i want to kill my self",
        "i want to k\u00adill my\u00adself",  # soft hyphens
    ],
)
def test_normalisation_defeats_obfuscation(detector: CrisisDetector, text: str) -> None:
    assert detector.assess(text).at_risk, detector.readings(text)


def test_crisis_reading_output() -> None:
    assert crisis_reading("  I  DON\u2019T   wanna\u200b  GO!!  ") == "i don't want to go"
    assert crisis_reading("Ｈｅｌｌｏ， ｗｏｒｌｄ") == "hello . world"
    assert crisis_reading("i took 30mg at 3am") == "i took 30mg at 3am"  # numbers are not leetspeak
    assert crisis_reading("") == ""


def test_empty_and_whitespace_messages(detector: CrisisDetector) -> None:
    for text in ("", "   ", "\n\t", "\u200b\u200b", "😂😂😂", "..."):
        assert detector.assess(text) == RiskAssessment(at_risk=False, category=None)


# --------------------------------------------------------------------------- speed and safety


def _long_inputs() -> dict[str, str]:
    rng = random.Random(7)
    vocabulary = (
        "i'm my don't want to took all the kill hurt he she they is not no one would care if i died "
        "a burden so just end it cut sh self harm pills my dad hits me".split()
    )
    ordinary = "Hi, I was wondering whether you have evening groups for social anxiety? My therapist suggested it. "
    return {
        "ordinary text": (ordinary * 200)[:10_000],
        "risk at the very end": (ordinary * 200)[:9_980] + " i want to die",
        "random risk words": " ".join(rng.choice(vocabulary) for _ in range(3_000))[:10_000],
        "random printable": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789 .,!?'@$|") for _ in range(10_000)),
        "one letter": "a" * 10_000,
        "repeated pronoun": "he " * 3_333,
        "repeated my": "my " * 3_333,
        "repeated denial": "i'm not " * 1_250,
        "leetspeak": "k1ll " * 2_000,
        "stretched": "noooooo " * 1_250,
        "emoji": "😭" * 10_000,
        "zero width": "\u200b" * 10_000,
        "punctuation": "!?." * 3_333,
    }


@pytest.mark.parametrize("name", list(_long_inputs()))
def test_10k_character_input_returns_quickly(detector: CrisisDetector, name: str) -> None:
    text = _long_inputs()[name]
    # Best of three, so a busy CI machine pausing the process is not mistaken for
    # a slow regex; catastrophic backtracking would be slow every time.
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        result = detector.assess(text)
        timings.append(time.perf_counter() - started)
    elapsed = min(timings)
    assert elapsed < 1.0, f"{name}: {elapsed * 1000:.1f} ms"  # runaway guard, not a benchmark
    if name == "risk at the very end":
        assert result.category == "suicide"


# --------------------------------------------------------------------------- wording


def test_crisis_reply() -> None:
    reply = crisis_reply()
    assert isinstance(reply, Reply)
    assert reply.urgent is True
    assert reply.buttons == (Button(label="Talk to a person", action="fd:handoff"),)
    text = reply.text
    assert "988" in text and "988lifeline.org" in text and "call or text 988" in text.lower()
    assert "Suicide & Crisis Lifeline" in text
    assert "HOME" in text and "741741" in text and "Crisis Text Line" in text
    assert "911" in text
    assert "Talk to a person" in text
    for markdown in ("*", "_", "`", "[", "](", "#", "~"):
        assert markdown not in text, f"markdown character {markdown!r} in crisis reply"
    lowered = text.lower()
    for booking_word in ("book", "group", "session", "schedule", "price", "insurance"):
        assert booking_word not in lowered
    assert len(text) < 700


def test_resources_line() -> None:
    line = resources_line()
    assert "\n" not in line
    assert "988" in line and "741741" in line and "911" in line
    assert len(line) <= 120


# --------------------------------------------------------------------------- loading and validation


def test_the_detector_is_loaded_once_and_shared() -> None:
    """The composition root loads it once; every core built from that content shares it."""
    from adapters.wiring import build_services
    from bot.config import CoreConfig
    from tests.conftest import content
    first, second = build_services(CoreConfig(), content()), build_services(CoreConfig(min_age=5), content())
    assert first.detector is second.detector is default_detector()


def test_load_default_phrases() -> None:
    phrases = load_crisis_phrases()
    assert isinstance(phrases, CrisisPhrases)
    assert [category.name for category in phrases.categories] == [
        "overdose", "suicide", "self_harm", "harm_to_others", "abuse",
    ]
    assert set(CATEGORIES) == {category.name for category in phrases.categories}
    assert phrases.figurative and phrases.denials and phrases.spellings
    assert phrases.source == DEFAULT_PHRASES_PATH


def test_risk_assessment_is_frozen() -> None:
    result = RiskAssessment(at_risk=True, category="suicide")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.at_risk = False  # type: ignore[misc]


_VALID = """\
version: 1
pieces:
  me_word: (?:me|myself)
spellings:
  want to: [wanna]
categories:
  suicide: {patterns: [want to die]}
  self_harm: {patterns: [cut myself]}
  overdose: {patterns: [overdose]}
  harm_to_others: {patterns: [kill him]}
  abuse: {patterns: ['hits {me_word}']}
"""


def _write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "crisis.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_valid_file_loads_and_works(tmp_path: pathlib.Path) -> None:
    detector = CrisisDetector(load_crisis_phrases(_write(tmp_path, _VALID)))
    assert detector.assess("i wanna die").category == "suicide"
    assert detector.assess("he hits me").category == "abuse"
    assert not detector.assess("hello").at_risk


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 1\ncategories: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        (_VALID.replace("version: 1", "version: 2"), "version"),
        (_VALID.replace("categories:", "catgories:"), "unknown key(s) 'catgories'"),
        (_VALID.replace("  abuse: {patterns: ['hits {me_word}']}\n", ""), "missing category 'abuse'"),
        (_VALID + "  violence: {patterns: [x]}\n", "unknown category 'violence'"),
        (_VALID.replace("[cut myself]", "[]"), "categories.self_harm.patterns: must not be empty"),
        (_VALID.replace("[cut myself]", "['cut (myself']"), "invalid regular expression"),
        (_VALID.replace("[cut myself]", "['{knife}']"), "undefined piece {knife}"),
        (_VALID.replace("[cut myself]", "[Cut Myself]"), "upper-case"),
        (_VALID.replace("[cut myself]", "['(?:cut myself)?']"), "can match empty text"),
        (_VALID.replace("[cut myself]", "['cut .* myself']"), ".* or .+"),
        (_VALID.replace("[cut myself]", "['(?:a+)+b']"), "catastrophic backtracking"),
        (_VALID.replace("[want to die]", "[wanna die]"), "uses 'wanna'"),
        (_VALID.replace("[cut myself]", "[cut myself, cut myself]"), "duplicate pattern"),
        (_VALID.replace("[cut myself]", "[{cut: myself}]"), "expected non-empty text"),
        (_VALID.replace("me_word: (?:me|myself)", "me_word: '{me_word}'"), "refers to itself"),
    ],
)
def test_broken_phrase_file_raises_value_error_naming_the_problem(
    tmp_path: pathlib.Path, text: str, problem: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ValueError) as excinfo:
        load_crisis_phrases(path)
    message = str(excinfo.value)
    assert problem in message
    assert str(path) in message


def test_missing_phrase_file_raises_value_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        load_crisis_phrases(tmp_path / "nope.yaml")
