"""The knowledge base: group topics, intents with their example phrasings and answers.

Owns loading and validating ``bot/content/knowledge.yaml`` (staff-editable) into
immutable objects, and filling the placeholders in answers. The file's shape is a set of
pydantic models (unknown keys rejected); the rules across entries (unique ids, the intents
the code needs, button targets) are the file model's own validator. Every problem in the
file is reported as one ``KnowledgeError`` line that names the entry and what is wrong.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Literal, Self

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictStr,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

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
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except OSError as exc:
        raise _error(path.name, "", f"cannot read the file ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise _error(path.name, "", f"not valid YAML{at}") from exc
    try:
        model = _KnowledgeFile.model_validate(raw)
    except ValidationError as exc:
        raise _error(path.name, *_explain(exc, raw)) from None
    return model.knowledge()


def _error(filename: str, where: str, problem: str) -> KnowledgeError:
    prefix = f"{filename}: {where}: " if where else f"{filename}: "
    return KnowledgeError(" ".join((prefix + problem).split()))


# ---------------------------------------------------------------- the file's models
#
# Our own checks raise ``_problem`` (a whole sentence, about an entry or, with ``where``,
# about the file) or ``_keyed`` (said of the key: "<key> is empty"); pydantic's own errors
# are put into the same words by ``_explain``.


def _problem(message: str, where: str | None = None) -> PydanticCustomError:
    context = {"message": message} if where is None else {"message": message, "where": where}
    return PydanticCustomError("problem", "{message}", context)


def _keyed(message: str) -> PydanticCustomError:
    return PydanticCustomError("keyed", "{message}", {"message": message})


def _one_line(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise _keyed("is empty")
    return text


def _number_as_text(value: object) -> object:
    """A list item written as a number (a zip code without quotes) is its text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _given(value: object) -> object:
    """A key written with no value (``answer:``) is a mistake, not the key left out."""
    if value is None:
        raise _keyed("is missing or empty")
    return value


def _ident(value: object) -> str:
    if isinstance(value, str) and _ID.match(value):
        return value
    hint = " (quote yes/no/on/off)" if isinstance(value, bool) else ""
    raise _keyed(f"must be lowercase letters, digits and _, not {value!r}{hint}")


def _placeholders(text: str) -> str:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise _problem(f"bad braces in text ({exc}); write {{{{ or }}}} for a literal brace") from exc
    for name in fields:
        if name not in PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise _problem(f"unknown placeholder {{{name}}} (allowed: {allowed})")
    return text


def _once_each(item: str) -> Callable[[tuple[str, ...]], tuple[str, ...]]:
    def check(values: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for value in values:
            folded = value.casefold()
            if folded in seen:
                raise _problem(f"{item} '{value}' is listed twice")
            seen.add(folded)
        return values
    return check


def _at_most(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if len(value) > limit:
            raise _keyed(f"is {len(value)} characters, at most {limit}")
        return value
    return check


def _action(action: str) -> str:
    if not action.startswith(ACTION_PREFIX) or any(c.isspace() for c in action):
        raise _keyed(f"'{action}' must start with '{ACTION_PREFIX}' and have no spaces")
    return action


Text = Annotated[StrictStr, AfterValidator(_one_line)]
ListedText = Annotated[Text, BeforeValidator(_number_as_text)]
Ident = Annotated[str, PlainValidator(_ident)]
Answer = Annotated[Text, AfterValidator(_placeholders)]

Examples = Annotated[tuple[ListedText, ...], Field(min_length=1), AfterValidator(_once_each("example"))]
Synonyms = Annotated[tuple[ListedText, ...], Field(min_length=1), AfterValidator(_once_each("synonym"))]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _ButtonEntry(_Model):
    label: Annotated[Text, AfterValidator(_at_most(MAX_LABEL))]
    action: Annotated[Text, AfterValidator(_at_most(MAX_ACTION_ID)), AfterValidator(_action)]


class _TopicEntry(_Model):
    slug: Ident
    name: Text
    kind: TopicKind
    description: Text
    synonyms: Synonyms

    def topic(self) -> Topic:
        return Topic(slug=self.slug, name=self.name, kind=self.kind, description=self.description,
                     synonyms=self.synonyms)


class _IntentEntry(_Model):
    id: Ident
    examples: Examples
    answer: Annotated[Answer | None, BeforeValidator(_given)] = None  # absent: the code answers it
    buttons: tuple[_ButtonEntry, ...] = ()
    demo: StrictBool = False

    @model_validator(mode="after")
    def _demo_marks_an_answer(self) -> Self:
        if self.demo and self.answer is None:
            raise _problem("demo marks an answer, but this intent has none")
        return self

    def intent(self) -> Intent:
        return Intent(id=self.id, examples=self.examples, answer=self.answer, demo=self.demo,
                      buttons=tuple(Button(label=b.label, action=b.action) for b in self.buttons))


class _KnowledgeFile(_Model):
    topics: Annotated[tuple[_TopicEntry, ...], Field(min_length=1)]
    intents: Annotated[tuple[_IntentEntry, ...], Field(min_length=1)]
    fallback: Answer
    out_of_scope: Examples | None = None

    @model_validator(mode="after")
    def _rules_across_entries(self) -> Self:
        _check_topics(self.topics)
        _check_intents(self.intents)
        if self.out_of_scope is not None:
            _check_not_examples(self.out_of_scope, self.intents)
        return self

    def knowledge(self) -> KnowledgeBase:
        return KnowledgeBase(
            topics=MappingProxyType({t.slug: t.topic() for t in self.topics}),
            intents=MappingProxyType({i.id: i.intent() for i in self.intents}),
            fallback=self.fallback,
            out_of_scope=self.out_of_scope or (),
        )


def _check_topics(entries: tuple[_TopicEntry, ...]) -> None:
    slugs: set[str] = set()
    owner_of: dict[str, str] = {}
    for topic in entries:
        where = f"topic '{topic.slug}'"
        if topic.slug in slugs:
            raise _problem("duplicate slug", where)
        slugs.add(topic.slug)
        for word in (topic.name, *topic.synonyms):
            other = owner_of.setdefault(" ".join(word.casefold().split()), topic.slug)
            if other != topic.slug:
                raise _problem(f"synonym '{word}' also belongs to topic '{other}'", where)
    skills = [t.slug for t in entries if t.kind == "dbt_skills"]
    if len(skills) != 1:
        raise _problem(f"need exactly one topic of kind 'dbt_skills', found {len(skills)}", "topics")
    kinds = {t.slug: t.kind for t in entries}
    for slug in sorted(THERAPY_TOPICS):
        if slug not in kinds:
            raise _problem(f"missing therapy topic '{slug}'", "topics")
        if kinds[slug] != "therapy":
            raise _problem("kind must be 'therapy'", f"topic '{slug}'")


def _check_intents(entries: tuple[_IntentEntry, ...]) -> None:
    intents: dict[str, _IntentEntry] = {}
    for intent in entries:
        if intent.id in intents:
            raise _problem("duplicate id", f"intent '{intent.id}'")
        intents[intent.id] = intent
    for intent_id in sorted(DIALOGUE_INTENTS):
        if intent_id not in intents:
            raise _problem(f"missing dialogue intent '{intent_id}'", "intents")
        if intents[intent_id].answer is not None:
            raise _problem("must not have an answer (the conversation code answers it)", f"intent '{intent_id}'")
    for intent_id in sorted(ANSWER_INTENTS):
        if intent_id not in intents:
            raise _problem(f"missing answer intent '{intent_id}'", "intents")
    for intent in entries:
        if intent.id not in DIALOGUE_INTENTS and intent.answer is None:
            raise _problem("needs an answer", f"intent '{intent.id}'")
    for intent in entries:  # fd:ask:<intent> says that intent's answer: it must have one
        for button in intent.buttons:
            if button.action.startswith(ASK_PREFIX):
                target = button.action.removeprefix(ASK_PREFIX)
                where = f"intent '{intent.id}'"
                if target not in intents:
                    raise _problem(f"button '{button.label}' asks unknown intent '{target}'", where)
                if intents[target].answer is None:
                    raise _problem(f"button '{button.label}' asks intent '{target}', which has no answer", where)


def _check_not_examples(out_of_scope: tuple[str, ...], entries: tuple[_IntentEntry, ...]) -> None:
    """An out-of-scope example may not also be an intent's example."""
    owner = {" ".join(ex.casefold().split()): i.id for i in entries for ex in i.examples}
    for text in out_of_scope:
        intent_id = owner.get(" ".join(text.casefold().split()))
        if intent_id is not None:
            raise _problem(f"example '{text}' is also an example of intent '{intent_id}'", "out_of_scope")


# ------------------------------------------------------------------ one-line errors

_ENTRIES: dict[str, tuple[str, str, type[_Model]]] = {  # list -> (entry word, its name field, model)
    "topics": ("topic", "slug", _TopicEntry),
    "intents": ("intent", "id", _IntentEntry),
}
_ITEMS = {"examples": "example", "synonyms": "synonym", "out_of_scope": "example"}


def _explain(exc: ValidationError, raw: object) -> tuple[str, str]:
    """The first problem as (where, problem), in the words the file's editors know: an
    unknown top-level key first; in an entry, an unknown key first (a misspelt key
    explains the "missing" one)."""
    errors = exc.errors()
    first = next((e for e in errors if len(e["loc"]) == 1 and e["type"] == "extra_forbidden"), errors[0])
    first = next((e for e in errors if e["type"] == "extra_forbidden" and len(e["loc"]) == 3
                  and e["loc"][:2] == first["loc"][:2]), first)
    return _describe(first, raw)


def _describe(error: ErrorDetails, raw: object) -> tuple[str, str]:
    loc, kind = error["loc"], error["type"]
    context = error.get("ctx") or {}
    if kind == "problem" and "where" in context:
        return str(context["where"]), str(context["message"])
    if not loc:
        return "", "the file must be a mapping with topics, intents and fallback"
    top = str(loc[0])
    if len(loc) == 1 and kind == "extra_forbidden":
        return "", f"unknown top-level key '{top}'"
    if len(loc) == 1 and kind == "missing":
        return "", f"missing top-level key '{top}'"
    if top in _ENTRIES:
        if len(loc) == 1:
            return top, "must be a non-empty list"
        word, name_field, model = _ENTRIES[top]
        index = int(loc[1])
        entry = raw[top][index] if isinstance(raw, dict) else None
        name = entry.get(name_field) if isinstance(entry, dict) else None
        where = f"{word} '{name}'" if isinstance(name, str) and _ID.match(name) else f"{word} #{index + 1}"
        rest = loc[2:]
        if rest[:1] == ("buttons",) and len(rest) >= 2:
            where, model, rest = f"{where} button #{int(rest[1]) + 1}", _ButtonEntry, rest[2:]
        return where, _field_problem(error, rest, model)
    return top, _field_problem(error, loc, _KnowledgeFile, key="text" if top == "fallback" else None)


def _field_problem(error: ErrorDetails, rest: tuple[int | str, ...], model: type[_Model],
                   key: str | None = None) -> str:
    kind, value = error["type"], error["input"]
    context = error.get("ctx") or {}
    if not rest:  # the entry itself
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            return "must be a mapping of keys to values"
        return str(context.get("message", error["msg"]))
    if kind == "extra_forbidden":
        return f"unknown key '{rest[-1]}' (allowed: {', '.join(sorted(model.model_fields))})"
    if kind == "problem":
        return str(context["message"])
    field = str(rest[0])
    if key is None:
        key = f"{_ITEMS.get(field, field)} #{int(rest[1]) + 1}" if len(rest) > 1 else field
    if kind == "keyed":
        return f"{key} {context['message']}"
    if kind in ("missing", "too_short") or (kind == "string_type" and value is None):
        return f"{key} is missing or empty"
    if kind == "string_type":
        hint = " (quote yes/no/on/off)" if isinstance(value, bool) else ""
        return f"{key} must be text, not {type(value).__name__}{hint}"
    if kind in ("tuple_type", "list_type"):
        return f"{key} must be a list"
    if kind == "bool_type":
        return f"{key} must be true or false, not {value!r}"
    if kind == "literal_error":
        return f"{key} must be {context['expected']}, not {value!r}"
    return f"{key}: {error['msg']}"
