"""Issue 8 in the content file: the staff-editable out_of_scope section, answers marked as
demo stand-ins for the provider's policy, and the {min_age} placeholder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import KnowledgeError, load_knowledge
from bot.language.intents import IntentClassifier
from tests.conftest import PLACES
from tests.test_knowledge import entry, write

SHIPPED = Path(__file__).parents[1] / "bot" / "content" / "knowledge.yaml"


def shipped() -> dict[str, Any]:
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_shipped_out_of_scope_examples_load() -> None:
    kb = load_knowledge()
    assert len(kb.out_of_scope) >= 50
    assert "what is the weather today" in kb.out_of_scope


def test_staff_can_add_an_out_of_scope_example(tmp_path: Path) -> None:
    data = shipped()
    text = "can you water my plants while i am away"
    data["out_of_scope"].append(text)
    kb = load_knowledge(write(tmp_path, data))
    result = IntentClassifier(kb, PLACES).understand(text)
    assert result.intent is None and result.out_of_scope


def test_out_of_scope_is_optional(tmp_path: Path) -> None:
    data = shipped()
    del data["out_of_scope"]
    assert load_knowledge(write(tmp_path, data)).out_of_scope == ()


@pytest.mark.parametrize(("broken", "message"), [
    (lambda d: d.__setitem__("out_of_scope", "weather"), "out_of_scope: out_of_scope must be a list"),
    (lambda d: d["out_of_scope"].append(""), "out_of_scope: example #"),
    (lambda d: d["out_of_scope"].append("how much does it cost"),
     "example 'how much does it cost' is also an example of intent 'pricing'"),
])
def test_a_broken_out_of_scope_section_names_the_problem(tmp_path: Path, broken: Any, message: str) -> None:
    data = shipped()
    broken(data)
    with pytest.raises(KnowledgeError, match=message.replace("(", r"\(")):
        load_knowledge(write(tmp_path, data))


def test_demo_must_be_a_boolean_on_an_answer(tmp_path: Path) -> None:
    data = shipped()
    entry(data, "intents", "pricing")["demo"] = "yes"
    with pytest.raises(KnowledgeError, match="demo must be true or false"):
        load_knowledge(write(tmp_path, data))
    data = shipped()
    entry(data, "intents", "greeting")["demo"] = True
    with pytest.raises(KnowledgeError, match="demo marks an answer"):
        load_knowledge(write(tmp_path, data))


def test_stand_in_policies_are_marked_demo_and_silent_ones_offer_a_person() -> None:
    kb = load_knowledge()
    assert {"missed_session", "join_midway", "video_platform", "confidentiality"} <= {
        i.id for i in kb.intents.values() if i.demo}
    for intent_id in ("camera", "refunds", "payment", "partner_join", "first_session"):
        intent = kb.intents[intent_id]
        assert not intent.demo
        assert "haven't published" in (intent.answer or "")
        assert any(b.action == "fd:handoff" for b in intent.buttons)


def test_min_age_placeholder_is_filled() -> None:
    kb = load_knowledge()
    assert "aged 18 and over" in (kb.answer("age_requirement", eligible_states="x") or "")
    assert "aged 21 and over" in (kb.answer("age_requirement", eligible_states="x", min_age=21) or "")
