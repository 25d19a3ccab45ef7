"""The classifier's faster scoring (bot/language/features.py ``Space``/``Bayes``, and
``IntentClassifier.scores``/``ranked``) gives the very same floats and the very same
decisions as the plain loops it replaced, kept here as the reference.

Every line of tests/data/dev and tests/data/live and every example of the content
(intents and out-of-scope) is read by both: the similarity scores must be equal bit for
bit, and so must each ``Understanding`` (intent, confidence, topic, out of scope). The
reference shares the features and the trained tables with the real classifier, so a change
to the features or the examples moves both alike; only the arithmetic is compared.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import load_knowledge
from bot.language import features as F
from bot.language.features import BAYES_WEIGHT
from bot.language.intents import MAX_WEIGHT, OUT_OF_SCOPE, WORD_WEIGHT, IntentClassifier
from tests.conftest import PLACES

DATA = Path(__file__).parent / "data"


def _unit(space: F.Space, counts: Counter[str]) -> dict[str, float]:
    vec = {
        f: (1.0 + math.log(c)) * space.idf.get(f, space.unseen_idf) * (F._damp(f) if space.damp else 1.0)
        for f, c in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {f: w / norm for f, w in vec.items()}


def _accumulate(space: F.Space, counts: Counter[str], scale: float, scores: list[float]) -> None:
    for feature, weight in _unit(space, counts).items():
        posting = space.postings.get(feature)
        if posting is not None:
            w = weight * scale
            for doc_id, doc_weight in posting:
                scores[doc_id] += w * doc_weight


def _posteriors(bayes: F.Bayes, feats: Counter[str], among: Iterable[str]) -> dict[str, float]:
    known = [(f, c) for f, c in feats.items() if f in bayes.vocabulary and f not in F.PLACEHOLDERS]
    if not known:
        return {}
    logs = {}
    for intent_id in among:
        table, unseen = bayes.logp[intent_id], bayes.unseen[intent_id]
        logs[intent_id] = sum(c * table.get(f, unseen) for f, c in known)
    top = max(logs.values())
    exp = {i: math.exp(v - top) for i, v in logs.items()}
    norm = sum(exp.values())
    return {i: v / norm for i, v in exp.items()}


class Reference(IntentClassifier):
    """The classifier with the plain scoring loops (as before the faster scoring)."""

    def scores(self, words: Sequence[str]) -> dict[str, float]:
        word_cos, char_cos = [0.0] * self._n_examples, [0.0] * self._n_examples
        word_feats, char_feats = F.features(words)
        _accumulate(self._words, word_feats, WORD_WEIGHT, word_cos)
        _accumulate(self._chars, char_feats, 1.0 - WORD_WEIGHT, char_cos)
        blend = [w + c for w, c in zip(word_cos, char_cos)]
        out: dict[str, float] = {}
        for (intent_id, start, end), word_norm, char_norm in zip(
            self._spans, self._word_norms, self._char_norms
        ):
            best = max(blend[start:end])
            if best > 0.0 and intent_id == OUT_OF_SCOPE:
                out[intent_id] = best
            elif best > 0.0:
                centroid = sum(word_cos[start:end]) / word_norm + sum(char_cos[start:end]) / char_norm
                out[intent_id] = MAX_WEIGHT * best + (1.0 - MAX_WEIGHT) * centroid
        return out

    def ranked(self, words: Sequence[str]) -> tuple[list[tuple[str, float]], dict[str, float]]:
        similar = self._drop_unmet(self.scores(words), words)
        ranking = dict(similar)
        if BAYES_WEIGHT and similar:
            for intent_id, posterior in _posteriors(self._bayes, F.features(words)[0], similar).items():
                ranking[intent_id] += BAYES_WEIGHT * posterior
        return sorted(ranking.items(), key=lambda kv: kv[1], reverse=True), similar


def _strings(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [v for k in ("text", "reply") if isinstance(v := item.get(k), str)]
    return []


def corpus() -> list[str]:
    texts: list[str] = []
    for folder in ("dev", "live"):
        for path in sorted((DATA / folder).glob("*.yaml")):
            for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
                texts.extend(_strings(item))
    kb = load_knowledge()
    texts += [example for intent in kb.intents.values() for example in intent.examples]
    texts += list(kb.out_of_scope)
    return list(dict.fromkeys(texts))


@pytest.fixture(scope="module")
def pair() -> tuple[IntentClassifier, Reference]:
    kb = load_knowledge()
    return IntentClassifier(kb, PLACES), Reference(kb, PLACES)


def test_the_corpus_is_the_whole_tuning_data() -> None:
    assert len(corpus()) > 1500  # dev, live and the content's examples, not a sample


def test_scores_are_bit_for_bit_those_of_the_plain_loops(pair: tuple[IntentClassifier, Reference]) -> None:
    fast, reference = pair
    for text in corpus():
        words = fast.prepare(text)[0]
        assert fast.scores(words) == reference.scores(words), text
        assert fast.ranked(words) == reference.ranked(words), text


def test_every_decision_is_the_same(pair: tuple[IntentClassifier, Reference]) -> None:
    fast, reference = pair
    differ = [t for t in corpus() if fast.understand(t) != reference.understand(t)]
    assert differ == []


def test_the_comparison_sees_one_unit_in_the_last_place(pair: tuple[IntentClassifier, Reference]) -> None:
    """Exact equality is what is compared: a score one ulp off is caught."""
    fast, _ = pair
    scores = fast.scores(fast.prepare("how much does the anxiety group cost")[0])
    nudged = {i: math.nextafter(v, 2.0) if n == 0 else v for n, (i, v) in enumerate(scores.items())}
    assert nudged != scores
