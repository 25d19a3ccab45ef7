"""The built classifier kept between processes (adapters/classifier_cache.py) is the same classifier.

A classifier read back from the file must understand every text exactly as a freshly built
one does (same intent, same scores to the bit); an edit of the knowledge base must build a
new one, and a damaged file must be ignored.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from adapters.classifier_cache import build_key, cached_classifier
from bot.knowledge import load_knowledge
from bot.language.intents import IntentClassifier
from bot.language.places import PlaceIndex

_DEV = Path(__file__).parent / "data" / "dev"


def _texts() -> list[str]:
    questions = yaml.safe_load((_DEV / "questions.yaml").read_text(encoding="utf-8"))
    unrelated = yaml.safe_load((_DEV / "out_of_scope.yaml").read_text(encoding="utf-8"))
    return [str(item["text"]) for item in questions] + [str(t) for t in unrelated] + ["i live in hoboken", "my zip is 10001", ""]


def test_a_classifier_read_back_understands_exactly_as_a_built_one(tmp_path: Path) -> None:
    kb = load_knowledge()
    places = PlaceIndex()
    built = IntentClassifier(kb, places)
    first = cached_classifier(kb, places, tmp_path)
    files = list(tmp_path.glob("classifier-*.pickle"))
    assert len(files) == 1
    read_back = cached_classifier(kb, places, tmp_path)
    assert read_back is not first  # it came from the file
    texts = _texts()
    assert len(texts) > 300
    for text in texts:
        assert read_back.understand(text) == built.understand(text), text
        words = built.prepare(text)[0]
        assert read_back.scores(words) == built.scores(words), text


def test_the_place_index_is_not_in_the_file_and_is_attached_again(tmp_path: Path) -> None:
    kb = load_knowledge()
    places = PlaceIndex()
    cached_classifier(kb, places, tmp_path)
    other = PlaceIndex()
    read_back = cached_classifier(kb, other, tmp_path)
    assert read_back.__getstate__()["_places"] is None
    assert read_back._places is other  # noqa: SLF001 - the attachment is what is tested


def test_an_edited_knowledge_base_builds_a_new_classifier(tmp_path: Path) -> None:
    kb = load_knowledge()
    places = PlaceIndex()
    cached_classifier(kb, places, tmp_path)
    edited = dataclasses.replace(kb, out_of_scope=(*kb.out_of_scope, "what is the best pizza topping"))
    assert build_key(edited) != build_key(kb)
    fresh = cached_classifier(edited, places, tmp_path)
    assert fresh.understand("what is the best pizza topping").intent is None
    assert [p.name for p in tmp_path.glob("classifier-*.pickle")] == [f"classifier-{build_key(edited)}.pickle"]


def test_a_damaged_file_is_ignored(tmp_path: Path) -> None:
    kb = load_knowledge()
    places = PlaceIndex()
    cached_classifier(kb, places, tmp_path)
    (path,) = tmp_path.glob("classifier-*.pickle")
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    rebuilt = cached_classifier(kb, places, tmp_path)
    assert rebuilt.understand("how much does it cost").intent == IntentClassifier(kb, places).understand(
        "how much does it cost").intent
    assert path.read_bytes() != bytes(raw)  # written again, whole


def test_no_directory_builds_every_time(tmp_path: Path) -> None:
    kb = load_knowledge()
    a = cached_classifier(kb, PlaceIndex(), None)
    b = cached_classifier(kb, PlaceIndex(), None)
    assert a is not b and not list(tmp_path.iterdir())
