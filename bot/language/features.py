"""The classifier's vector space: what a text's words become, and how they are compared.

Owns the features (Snowball stem unigrams and bigrams, the concepts they name, character
3-5-grams), the conservative speller that corrects unknown words into the training
vocabulary, the TF-IDF space with its damping of function words, and the naive Bayes
re-ranker over word features. ``bot.language.intents`` decides with them; nothing here
knows about intents or the knowledge base.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from operator import mul

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.language.concepts import concepts, stem
from bot.language.vocabulary import FUNCTION

#: The placeholder words masking puts in place of entities (a topic, a state, a ZIP code),
#: so "join the grief group" learns from "join the anxiety group".
THERAPY_TOPIC = "ztopic"
SKILLS_TOPIC = "zskills"
STATE = "zstate"
ZIP = "zzip"
REF = "zref"  # a booking reference ("FD-7K3Q9M")
PLACEHOLDERS = frozenset({THERAPY_TOPIC, SKILLS_TOPIC, STATE, ZIP, REF})

_REPEATS = re.compile(r"(\w)\1+")


class Speller:
    """Corrects unknown words against the training vocabulary, conservatively.

    Stretched words ("hiii", "nooo") lose repeated letters if that makes a known word.
    Otherwise words under 4 letters, or with digits, are left alone. Typos that make
    another real word are mostly substitutions ("stuff"/"staff", "charge"/"change"),
    so up to 7 letters only a swap of neighbours or one missing or extra letter is
    corrected ("dose" -> "does", "sesion" -> "session"); from 8 letters, any two
    edits ("insurence" -> "insurance"). Ties go to the commoner training word.
    """

    def __init__(self, counts: Counter[str], also_known: Iterable[str] = ()) -> None:
        self.known = frozenset(counts) | frozenset(also_known)
        self.also_known = frozenset(also_known) - frozenset(counts)
        # Each stem -> its commonest word (our own words first), for inflections and some typos.
        self.by_stem: dict[str, str] = {}
        for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            self.by_stem.setdefault(stem(w), w)
        for w in sorted(self.also_known):
            self.by_stem.setdefault(stem(w), w)
        self.choices = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if len(w) >= 3]
        self.cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        if word in self.known or not word.isalpha():
            return word
        same = self.by_stem.get(stem(word))
        if same is not None:  # "charged" is a form of "charge", "bereavment" of "bereavement"
            return word if same in self.also_known else same
        for squeezed in (_REPEATS.sub(r"\1\1", word), _REPEATS.sub(r"\1", word)):
            if squeezed in self.known:  # "hiii" -> "hi", "thankss" -> "thanks"
                return squeezed
        if len(word) < 4:
            return word
        hit = self.cache.get(word)
        if hit is None:
            hit = self._lookup(word)
            if len(self.cache) < 10_000:
                self.cache[word] = hit
        return hit

    def _lookup(self, word: str) -> str:
        long_word = len(word) >= 8
        matches = process.extract(
            word, self.choices, scorer=OSA.distance, score_cutoff=2 if long_word else 1, limit=8
        )
        for candidate, _, _ in sorted(matches, key=lambda m: (m[1], m[2])):
            if long_word or _swap_or_indel(word, candidate):
                return candidate
        return word


def _swap_or_indel(word: str, candidate: str) -> bool:
    """True if one edit apart by a swap of neighbours, or one letter more or less."""
    if len(word) == len(candidate):
        return sorted(word) == sorted(candidate)
    return len(word) >= 5 and abs(len(word) - len(candidate)) == 1


@lru_cache(maxsize=20_000)
def _char_grams(word: str) -> tuple[str, ...]:
    """Character 3-5-grams of the word padded with spaces (members reuse few words)."""
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def features(words: Sequence[str]) -> tuple[Counter[str], Counter[str]]:
    """Stem unigrams+bigrams and the concepts they name, and character 3-5-grams within each word."""
    stems = [stem(w) for w in words]
    word_feats: Counter[str] = Counter(stems)
    word_feats.update(f"{a} {b}" for a, b in zip(stems, stems[1:]))
    word_feats.update(concepts(stems))
    char_feats: Counter[str] = Counter()
    for word in words:
        char_feats.update(_char_grams(word))
    return word_feats, char_feats


#: Function words carry a sentence's frame, not its request: their features count this much.
FUNCTION_DAMP = 0.7
FUNCTION_STEMS = frozenset(stem(w) for w in FUNCTION)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "without"})


#: A concept feature ("#money") counts this much more than a word: it is the idea itself.
CONCEPT_WEIGHT = 1.0


@lru_cache(maxsize=50_000)
def _damp(feature: str) -> float:
    """The weight multiplier of a word feature: low when made of function words only
    (a negation is no frame: "don't cancel" must keep its "not")."""
    if feature.startswith("#"):
        return CONCEPT_WEIGHT
    parts = feature.split(" ")
    if any(p in _NEGATIONS for p in parts):
        return 1.0
    return FUNCTION_DAMP if all(p in FUNCTION_STEMS for p in parts) else 1.0


#: 1 + log(c) for the small counts a message has (the same float as computed each time).
_TABLE = 16
_SUBLINEAR = tuple(1.0 + math.log(c) if c else 0.0 for c in range(_TABLE))


class Space:
    """One TF-IDF vector space (sublinear tf, smoothed idf) with an inverted index."""

    def __init__(self, docs: Sequence[Counter[str]], damp: bool = False) -> None:
        self.damp = damp
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        self.idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
        self.unseen_idf = math.log(1 + n) + 1.0  # features never seen still count in a message's norm
        postings: dict[str, list[tuple[int, float]]] = {}
        for doc_id, doc in enumerate(docs):
            for feature, weight in self._unit(doc).items():
                postings.setdefault(feature, []).append((doc_id, weight))
        self.postings = {f: tuple(p) for f, p in postings.items()}

    def _unit(self, counts: Counter[str]) -> dict[str, float]:
        # The same floating-point operations in the same order as the plain formula
        # ``(1 + log c) * idf * damp``, normalised; a factor of exactly 1.0 is left out
        # (x * 1.0 is x), and 1 + log(c) comes from a table for small counts.
        idf, unseen, tf = self.idf, self.unseen_idf, _SUBLINEAR
        if self.damp:
            vec = {f: (tf[c] if c < _TABLE else 1.0 + math.log(c)) * idf.get(f, unseen) * _damp(f)
                   for f, c in counts.items()}
        else:
            vec = {f: (tf[c] if c < _TABLE else 1.0 + math.log(c)) * idf.get(f, unseen)
                   for f, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {f: w / norm for f, w in vec.items()}

    def unit_vectors(self, docs: Sequence[Counter[str]]) -> list[dict[str, float]]:
        return [self._unit(doc) for doc in docs]

    def accumulate(self, counts: Counter[str], scale: float, scores: list[float]) -> None:
        """Add ``scale`` x cosine(message, doc) to ``scores[doc]`` for every doc.

        Each doc's sum is built in the message's feature order, one product at a time:
        the scores are bit for bit those of the plain loop (``tests/test_scoring_identical.py``).
        """
        postings = self.postings
        for feature, weight in self._unit(counts).items():
            posting = postings.get(feature)
            if posting is not None:
                w = weight * scale
                for doc_id, doc_weight in posting:
                    scores[doc_id] += w * doc_weight


#: Share of the naive Bayes posterior added to each intent's similarity score.
BAYES_WEIGHT = 0.1
BAYES_ALPHA = 0.3
LEVEL_SHARE = 0.5  # share of the Bayes boost that counts in the confidence level


class Bayes:
    """Multinomial naive Bayes over the word features: which words tell intents apart.

    Similarity finds the examples a message is most like; Bayes weighs each word by
    how much more one intent uses it than the others ("list" is list_groups' word even
    in "list the sessions", where "sessions" is everyone's). Its posterior, over the
    intents similarity already found, is added to their scores.
    """

    def __init__(self, spans: Sequence[tuple[str, int, int]], docs: Sequence[Counter[str]]) -> None:
        vocabulary = {f for doc in docs for f in doc}
        size = len(vocabulary) or 1
        self.logp: dict[str, dict[str, float]] = {}
        self.unseen: dict[str, float] = {}
        for intent_id, start, end in spans:
            counts: Counter[str] = Counter()
            for doc in docs[start:end]:
                counts.update(doc)
            total = sum(counts.values()) + BAYES_ALPHA * size
            self.logp[intent_id] = {f: math.log((c + BAYES_ALPHA) / total) for f, c in counts.items()}
            self.unseen[intent_id] = math.log(BAYES_ALPHA / total)
        self.vocabulary = frozenset(vocabulary)

    def posteriors(self, feats: Counter[str], among: Iterable[str]) -> dict[str, float]:
        known = [(f, c) for f, c in feats.items() if f in self.vocabulary and f not in PLACEHOLDERS]
        if not known:
            return {}
        names = [f for f, _ in known]
        counts = [c for _, c in known]
        logs = {}
        for intent_id in among:  # sum(c * logp) in feature order, in C (same operations)
            logs[intent_id] = sum(map(mul, counts, map(self.logp[intent_id].get, names,
                                                       repeat(self.unseen[intent_id]))))
        top = max(logs.values())
        exp = {i: math.exp(v - top) for i, v in logs.items()}
        norm = sum(exp.values())
        return {i: v / norm for i, v in exp.items()}


def centroid_norms(
    spans: Sequence[tuple[str, int, int]], vectors: Sequence[dict[str, float]]
) -> list[float]:
    """Per intent span: the length of the sum of its unit example vectors."""
    norms: list[float] = []
    for _, start, end in spans:
        acc: Counter[str] = Counter()
        for vec in vectors[start:end]:
            acc.update(vec)
        norms.append(math.sqrt(sum(w * w for w in acc.values())) or 1.0)
    return norms
