"""The content files' models: unknown keys are refused at every level, and a broken edit is
one line naming the entry and the problem (knowledge.yaml and crisis.yaml)."""

from __future__ import annotations

import copy
import pathlib
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from bot.knowledge import DEFAULT_PATH, KnowledgeError, load_knowledge
from bot.language.crisis.phrases import DEFAULT_PHRASES_PATH, load_crisis_phrases

Knowledge = dict[str, Any]


def _shipped(path: pathlib.Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _intent(data: Knowledge, ident: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(e for e in data["intents"] if e["id"] == ident)
    return entry


def _topic(data: Knowledge, slug: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(e for e in data["topics"] if e["slug"] == slug)
    return entry


def _misspelt_key(d: Knowledge) -> None:
    pricing = _intent(d, "pricing")
    pricing["exmaples"] = pricing.pop("examples")


def _button_colour(d: Knowledge) -> None:
    _intent(d, "pricing")["buttons"][0]["colour"] = "red"


def _topic_extra(d: Knowledge) -> None:
    _topic(d, "anxiety")["colour"] = "red"


def _answer_left_blank(d: Knowledge) -> None:
    _intent(d, "pricing")["answer"] = None  # `answer:` with nothing after it


def _synonym_twice(d: Knowledge) -> None:
    synonyms = _topic(d, "anxiety")["synonyms"]
    synonyms.append(synonyms[0].upper())


def _button_not_a_mapping(d: Knowledge) -> None:
    _intent(d, "pricing")["buttons"].insert(0, "Insurance")


def _action_with_a_space(d: Knowledge) -> None:
    _intent(d, "pricing")["buttons"][0]["action"] = "fd:ask insurance"


def _fallback_placeholder(d: Knowledge) -> None:
    d["fallback"] = "Hello {name}"


def _no_intents(d: Knowledge) -> None:
    d["intents"] = "none"


def _topic_as_text(d: Knowledge) -> None:
    d["topics"][0] = "anxiety"


@pytest.mark.parametrize(("breakage", "message"), [
    (_misspelt_key, "intent 'pricing': unknown key 'exmaples' (allowed: answer, buttons, demo, examples, id)"),
    (_button_colour, "intent 'pricing' button #1: unknown key 'colour' (allowed: action, label)"),
    (_topic_extra, "topic 'anxiety': unknown key 'colour'"),
    (_answer_left_blank, "intent 'pricing': answer is missing or empty"),
    (_synonym_twice, "topic 'anxiety': synonym '"),
    (_button_not_a_mapping, "intent 'pricing' button #1: must be a mapping of keys to values"),
    (_action_with_a_space, "button #1: action 'fd:ask insurance' must start with 'fd:' and have no spaces"),
    (_fallback_placeholder, "fallback: unknown placeholder {name}"),
    (_no_intents, "intents: must be a non-empty list"),
    (_topic_as_text, "topic #1: must be a mapping of keys to values"),
])
def test_a_broken_knowledge_file_is_one_line_naming_the_entry(
        tmp_path: pathlib.Path, breakage: Callable[[Knowledge], None], message: str) -> None:
    data = copy.deepcopy(_shipped(DEFAULT_PATH))
    breakage(data)
    path = tmp_path / "knowledge.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(path)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_number_in_a_list_of_examples_is_its_text(tmp_path: pathlib.Path) -> None:
    data = copy.deepcopy(_shipped(DEFAULT_PATH))
    _intent(data, "set_residence")["examples"].append(10001)  # a zip code written without quotes
    path = tmp_path / "knowledge.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert "10001" in load_knowledge(path).intents["set_residence"].examples


@pytest.mark.parametrize(("change", "where", "problem"), [
    (lambda d: d.update(colour=1, bar=2), "top level", "unknown key(s) 'bar', 'colour'; expected some of "),
    (lambda d: d["categories"]["suicide"].update(colour=1), "categories.suicide",
     "unknown key(s) 'colour'; expected some of description, examples, patterns"),
    (lambda d: d["categories"]["suicide"].update(description=5), "categories.suicide.description",
     "expected text"),
    (lambda d: d["categories"].__setitem__("suicide", ["want to die"]), "categories.suicide",
     "expected a mapping with 'patterns'"),
    (lambda d: d.update(figurative="dying to"), "figurative", "expected a list of strings"),
    (lambda d: d.update(distress_emoji="sad"), "distress_emoji", "expected one string of emoji characters"),
    (lambda d: d.update(pieces=["x"]), "pieces", "expected a mapping of name -> regular expression"),
    (lambda d: d["spellings"].update({"Want To": ["wanna2"]}), "spellings",
     "canonical spelling 'Want To' must be lower-case words"),
    (lambda d: d.update(version=2), "version", "expected 1, got 2"),
    (lambda d: d.pop("version"), "version", "expected 1, got None"),
])
def test_a_broken_phrase_file_is_one_line_naming_the_entry(
        tmp_path: pathlib.Path, change: Callable[[dict[str, Any]], object], where: str, problem: str) -> None:
    data = copy.deepcopy(_shipped(DEFAULT_PHRASES_PATH))
    change(data)
    path = tmp_path / "crisis.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_crisis_phrases(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: {problem}") and "\n" not in message
