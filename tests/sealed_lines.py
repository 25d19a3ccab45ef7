"""Reading the lines of a sealed set and of everything else, to check a sealed set is nowhere else
(shared by tests/test_sealed6.py and tests/test_sealed7.py)."""

from __future__ import annotations

import ast
import pathlib
from collections.abc import Callable

from bot.language.normalise import words


def strings(item: object) -> list[str]:
    """Every string in a loaded YAML value, keys included."""
    if isinstance(item, str):
        return [item]
    if isinstance(item, dict):
        return [s for key, value in item.items() for s in (*strings(key), *strings(value))]
    if isinstance(item, list):
        return [s for value in item for s in strings(value)]
    return []


def key(text: str) -> tuple[str, ...]:
    """Word for word (folded, contractions expanded); a line of emoji only is compared as written."""
    return tuple(words(text)) or ("<raw>", text.strip())


def literals(path: pathlib.Path) -> list[str]:
    """The string constants of a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def seen_elsewhere(root: pathlib.Path, excluded: Callable[[pathlib.Path], bool]) -> tuple[int, set[tuple[str, ...]]]:
    """Every line (as ``key``) of the content, the data files not ``excluded``, and the strings
    of the code and the tests; with the number of YAML files read."""
    import json

    import yaml

    seen: set[tuple[str, ...]] = set()
    yamls = [*(root / "bot").rglob("*.yaml"), *(p for p in (root / "tests").rglob("*.yaml") if not excluded(p))]
    for path in yamls:
        seen |= {key(s) for s in strings(yaml.safe_load(path.read_text(encoding="utf-8")))}
    for path in [*(root / "bot").rglob("*.json"), *(root / "tests").rglob("*.json")]:
        seen |= {key(s) for s in strings(json.loads(path.read_text(encoding="utf-8")))}
    for path in [*(root / "bot").rglob("*.py"), *(root / "tests").rglob("*.py")]:
        seen |= {key(s) for s in literals(path)}
    return len(yamls), seen
