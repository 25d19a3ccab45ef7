"""The knowledge base: group topics, intents with their example phrasings and answers.

Owns loading and validating ``bot/content/knowledge.yaml`` (staff-editable) into
immutable objects, and filling the placeholders in answers. Every problem in the file
is reported as one ``KnowledgeError`` line that names the entry and what is wrong.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import yaml

from bot import actions
from bot.messages import MAX_ACTION_ID, MAX_LABEL, Button

TopicKind = Literal["therapy", "dbt_skills"]
TOPIC_KINDS: frozenset[str] = frozenset({"therapy", "dbt_skills"})

DEFAULT_PATH = Path(__file__).parent / "content" / "knowledge.yaml"

#: Placeholders an answer may use; the caller supplies every one of them.
PLACEHOLDERS: frozenset[str] = frozenset({"eligible_states", "min_age"})

#: Button actions in the file must start with this; ``fd:ask:<intent>`` says that
#: intent's answer, so its target must be an intent with an answer.
ACTION_PREFIX = actions.PREFIX
ASK_PREFIX = actions.verb_prefix("ask")

#: Intents the dialogue code answers itself: they must exist and must have no answer.
DIALOGUE_INTENTS: frozenset[str] = frozenset(
    {
        "greeting",
        "thanks",
        "help",
        "handoff",
        "book",
        "list_groups",
        "my_bookings",
        "cancel",
        "set_residence",
        "privacy",
        "delete_data",
        "export_data",
        "goodbye",
        "yes",
        "no",
        "topic_info",  # a group topic mentioned on its own; answered with Topic.description
        "facilitators",  # answered from the schedule (who leads each group)
        "group_size",  # from the groups' capacity
        "session_length",  # from the groups' duration
        "switch",  # move my seat to another session of the same group
        "local_time",  # a session time in the member's own time zone
    }
)

#: Intents that carry the provider's facts: they must exist and must have an answer.
ANSWER_INTENTS: frozenset[str] = frozenset(
    {
        "therapy_goals",
        "goals_personal",
        "goals_short_long_term",
        "groups_overview",
        "how_sessions_work",
        "effectiveness",
        "eligibility",
        "dbt_skills_group",
        "availability",
        "pricing",
        "insurance",
        "about_bot",
        "missed_session",
        "join_midway",
        "video_platform",
        "camera",
        "age_requirement",
        "partner_join",
        "payment",
        "refunds",
        "cancel_subscription",
        "confidentiality",
        "individual_therapy",
        "first_session",
        "reminders",
    }
)

#: The ten licensed therapy groups; each must be present with kind "therapy".
THERAPY_TOPICS: frozenset[str] = frozenset(
    {
        "anger_management",
        "anxiety",
        "borderline_personality",
        "chronic_illness",
        "depression",
        "dbt",
        "grief_loss",
        "ocd",
        "relationships",
        "trauma_ptsd",
    }
)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOPIC_KEYS = frozenset({"slug", "name", "kind", "description", "synonyms"})
_INTENT_KEYS = frozenset({"id", "examples", "answer", "buttons", "demo"})
_BUTTON_KEYS = frozenset({"label", "action"})
_TOP_KEYS = frozenset({"topics", "intents", "fallback"})
_OPTIONAL_TOP_KEYS = frozenset({"out_of_scope"})


class KnowledgeError(ValueError):
    """The knowledge file is missing, unreadable or wrong; the message is one line."""


@dataclass(frozen=True, slots=True)
class Topic:
    """One group topic, e.g. anxiety, and the words members use for it."""

    slug: str
    name: str
    kind: TopicKind
    description: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Intent:
    """Something a member may want; ``answer`` is None when the dialogue handles it."""

    id: str
    examples: tuple[str, ...]
    answer: str | None
    buttons: tuple[Button, ...]
    demo: bool = False  # the answer stands in for a policy the provider has not written


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything in the knowledge file, validated; mappings are read-only."""

    topics: Mapping[str, Topic]
    intents: Mapping[str, Intent]
    fallback: str
    out_of_scope: tuple[str, ...] = ()  # examples of messages the bot does not handle

    def answer(self, intent_id: str, *, eligible_states: str, min_age: int = 18) -> str | None:
        """The intent's answer with placeholders filled, or None if it has none.

        Raises ``KeyError`` for an intent id that is not in the knowledge base.
        """
        text = self.intents[intent_id].answer
        if text is None:
            return None
        return text.format(eligible_states=eligible_states, min_age=min_age)

    @property
    def dbt_skills(self) -> Topic:
        """The one topic of kind ``dbt_skills`` (open to everyone)."""
        return next(t for t in self.topics.values() if t.kind == "dbt_skills")

    def therapy_topics(self) -> tuple[Topic, ...]:
        """Topics of kind ``therapy`` (licensed group therapy), in file order."""
        return tuple(t for t in self.topics.values() if t.kind == "therapy")


def load_knowledge(path: Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge file (default: the shipped one)."""
    path = DEFAULT_PATH if path is None else Path(path)
    return _Loader(path.name).load(path)


class _Loader:
    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, where: str, problem: str) -> KnowledgeError:
        prefix = f"{self.filename}: {where}: " if where else f"{self.filename}: "
        return KnowledgeError(" ".join((prefix + problem).split()))

    # ------------------------------------------------------------------ file
    def load(self, path: Path) -> KnowledgeBase:
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise self.fail("", f"cannot read the file ({exc.strerror or exc})") from exc
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" at line {mark.line + 1}" if mark is not None else ""
            raise self.fail("", f"not valid YAML{at}") from exc
        if not isinstance(raw, dict):
            raise self.fail("", "the file must be a mapping with topics, intents and fallback")
        unknown = sorted(set(map(str, raw)) - _TOP_KEYS - _OPTIONAL_TOP_KEYS)
        if unknown:
            raise self.fail("", f"unknown top-level key '{unknown[0]}'")
        for key in sorted(_TOP_KEYS):
            if key not in raw:
                raise self.fail("", f"missing top-level key '{key}'")

        topics = self.topics(raw["topics"])
        intents = self.intents(raw["intents"])
        fallback = self.text(raw["fallback"], "fallback", "text")
        self.check_placeholders(fallback, "fallback")
        self.check_ask_targets(intents)
        out_of_scope: tuple[str, ...] = ()
        if raw.get("out_of_scope") is not None:
            out_of_scope = self.texts(raw["out_of_scope"], "out_of_scope", "out_of_scope", "example")
            self.check_not_examples(out_of_scope, intents)
        return KnowledgeBase(
            topics=MappingProxyType(topics),
            intents=MappingProxyType(intents),
            fallback=fallback,
            out_of_scope=out_of_scope,
        )

    def check_not_examples(self, out_of_scope: tuple[str, ...], intents: Mapping[str, Intent]) -> None:
        """An out-of-scope example may not also be an intent's example."""
        owner = {" ".join(ex.casefold().split()): i.id for i in intents.values() for ex in i.examples}
        for text in out_of_scope:
            intent_id = owner.get(" ".join(text.casefold().split()))
            if intent_id is not None:
                raise self.fail("out_of_scope", f"example '{text}' is also an example of intent '{intent_id}'")

    # ---------------------------------------------------------------- topics
    def topics(self, raw: object) -> dict[str, Topic]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("topics", "must be a non-empty list")
        topics: dict[str, Topic] = {}
        owner_of: dict[str, str] = {}
        for n, entry in enumerate(raw, start=1):
            topic = self.topic(entry, n)
            if topic.slug in topics:
                raise self.fail(f"topic '{topic.slug}'", "duplicate slug")
            for word in (topic.name, *topic.synonyms):
                key = " ".join(word.casefold().split())
                other = owner_of.setdefault(key, topic.slug)
                if other != topic.slug:
                    raise self.fail(
                        f"topic '{topic.slug}'", f"synonym '{word}' also belongs to topic '{other}'"
                    )
            topics[topic.slug] = topic

        skills = [t.slug for t in topics.values() if t.kind == "dbt_skills"]
        if len(skills) != 1:
            raise self.fail("topics", f"need exactly one topic of kind 'dbt_skills', found {len(skills)}")
        for slug in sorted(THERAPY_TOPICS):
            if slug not in topics:
                raise self.fail("topics", f"missing therapy topic '{slug}'")
            if topics[slug].kind != "therapy":
                raise self.fail(f"topic '{slug}'", "kind must be 'therapy'")
        return topics

    def topic(self, entry: object, n: int) -> Topic:
        where = f"topic #{n}"
        entry = self.mapping(entry, where)
        slug = self.ident(entry.get("slug"), where, "slug")
        where = f"topic '{slug}'"
        self.known_keys(entry, _TOPIC_KEYS, where)
        kind = entry.get("kind")
        if kind not in TOPIC_KINDS:
            raise self.fail(where, f"kind must be 'therapy' or 'dbt_skills', not {kind!r}")
        synonyms = self.texts(entry.get("synonyms"), where, "synonyms", "synonym")
        return Topic(
            slug=slug,
            name=self.text(entry.get("name"), where, "name"),
            kind=cast(TopicKind, kind),
            description=self.text(entry.get("description"), where, "description"),
            synonyms=synonyms,
        )

    # --------------------------------------------------------------- intents
    def intents(self, raw: object) -> dict[str, Intent]:
        if not isinstance(raw, list) or not raw:
            raise self.fail("intents", "must be a non-empty list")
        intents: dict[str, Intent] = {}
        for n, entry in enumerate(raw, start=1):
            intent = self.intent(entry, n)
            if intent.id in intents:
                raise self.fail(f"intent '{intent.id}'", "duplicate id")
            intents[intent.id] = intent
        for intent_id in sorted(DIALOGUE_INTENTS):
            if intent_id not in intents:
                raise self.fail("intents", f"missing dialogue intent '{intent_id}'")
            if intents[intent_id].answer is not None:
                raise self.fail(
                    f"intent '{intent_id}'", "must not have an answer (the conversation code answers it)"
                )
        for intent_id in sorted(ANSWER_INTENTS):
            if intent_id not in intents:
                raise self.fail("intents", f"missing answer intent '{intent_id}'")
        for intent in intents.values():
            if intent.id not in DIALOGUE_INTENTS and intent.answer is None:
                raise self.fail(f"intent '{intent.id}'", "needs an answer")
        return intents

    def intent(self, entry: object, n: int) -> Intent:
        where = f"intent #{n}"
        entry = self.mapping(entry, where)
        intent_id = self.ident(entry.get("id"), where, "id")
        where = f"intent '{intent_id}'"
        self.known_keys(entry, _INTENT_KEYS, where)
        examples = self.texts(entry.get("examples"), where, "examples", "example")
        answer: str | None = None
        if "answer" in entry:
            answer = self.text(entry["answer"], where, "answer")
            self.check_placeholders(answer, where)
        raw_buttons = entry.get("buttons", [])
        if not isinstance(raw_buttons, list):
            raise self.fail(where, "buttons must be a list")
        buttons = tuple(self.button(b, where, i) for i, b in enumerate(raw_buttons, start=1))
        demo = entry.get("demo", False)
        if not isinstance(demo, bool):
            raise self.fail(where, f"demo must be true or false, not {demo!r}")
        if demo and answer is None:
            raise self.fail(where, "demo marks an answer, but this intent has none")
        return Intent(id=intent_id, examples=examples, answer=answer, buttons=buttons, demo=demo)

    def button(self, raw: object, where: str, n: int) -> Button:
        here = f"{where} button #{n}"
        entry = self.mapping(raw, here)
        self.known_keys(entry, _BUTTON_KEYS, here)
        label = self.text(entry.get("label"), here, "label")
        action = self.text(entry.get("action"), here, "action")
        if len(label) > MAX_LABEL:
            raise self.fail(here, f"label is {len(label)} characters, at most {MAX_LABEL}")
        if len(action) > MAX_ACTION_ID:
            raise self.fail(here, f"action is {len(action)} characters, at most {MAX_ACTION_ID}")
        if not action.startswith(ACTION_PREFIX) or any(c.isspace() for c in action):
            raise self.fail(here, f"action '{action}' must start with '{ACTION_PREFIX}' and have no spaces")
        return Button(label=label, action=action)

    def check_ask_targets(self, intents: Mapping[str, Intent]) -> None:
        for intent in intents.values():
            for button in intent.buttons:
                if button.action.startswith(ASK_PREFIX):
                    target = button.action.removeprefix(ASK_PREFIX)
                    if target not in intents:
                        raise self.fail(
                            f"intent '{intent.id}'", f"button '{button.label}' asks unknown intent '{target}'"
                        )
                    if intents[target].answer is None:
                        raise self.fail(
                            f"intent '{intent.id}'",
                            f"button '{button.label}' asks intent '{target}', which has no answer",
                        )

    # ---------------------------------------------------------------- values
    def check_placeholders(self, text: str, where: str) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            hint = "write {{ or }} for a literal brace"
            raise self.fail(where, f"bad braces in text ({exc}); {hint}") from exc
        for name in fields:
            if name not in PLACEHOLDERS:
                allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                raise self.fail(where, f"unknown placeholder {{{name}}} (allowed: {allowed})")

    def mapping(self, raw: object, where: str) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.fail(where, "must be a mapping of keys to values")
        return {str(k): v for k, v in raw.items()}

    def known_keys(self, entry: Mapping[str, object], allowed: frozenset[str], where: str) -> None:
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise self.fail(where, f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")

    def ident(self, raw: object, where: str, key: str) -> str:
        if not isinstance(raw, str) or not _ID.match(raw):
            hint = " (quote yes/no/on/off)" if isinstance(raw, bool) else ""
            raise self.fail(where, f"{key} must be lowercase letters, digits and _, not {raw!r}{hint}")
        return raw

    def text(self, raw: object, where: str, key: str) -> str:
        if raw is None:
            raise self.fail(where, f"{key} is missing or empty")
        if not isinstance(raw, str):
            hint = " (quote yes/no/on/off)" if isinstance(raw, bool) else ""
            raise self.fail(where, f"{key} must be text, not {type(raw).__name__}{hint}")
        text = " ".join(raw.split())
        if not text:
            raise self.fail(where, f"{key} is empty")
        return text

    def texts(self, raw: object, where: str, key: str, item: str) -> tuple[str, ...]:
        if raw is None or raw == []:
            raise self.fail(where, f"{key} is missing or empty")
        if not isinstance(raw, list):
            raise self.fail(where, f"{key} must be a list")
        out: list[str] = []
        for n, value in enumerate(raw, start=1):
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)  # e.g. a zip code written without quotes
            out.append(self.text(value, where, f"{item} #{n}"))
        seen: set[str] = set()
        for value in out:
            folded = value.casefold()
            if folded in seen:
                raise self.fail(where, f"{item} '{value}' is listed twice")
            seen.add(folded)
        return tuple(out)
