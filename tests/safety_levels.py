"""Scoring the three safety levels on the held-out file (shared by the tests and the bench).

``score`` runs the published detector (and, for risk-adjacent lines, the intent
classifier the normal turn uses) over ``tests/data/safety_levels_heldout.yaml``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from bot.language.crisis import CrisisDetector
from bot.language.intents import IntentClassifier

LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "safety_levels_heldout.yaml"
#: A fifth held-out set's safety levels (same format), written before this round's tuning; never tuned on.
SEALED4_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "sealed4" / "safety_levels.yaml"
#: A sixth held-out set's safety levels (same format), written 2 Dec 2026 before that session's tuning; never tuned on.
SEALED5_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "sealed5" / "safety_levels.yaml"
#: Round-5 tuning lines (safety helper, written before tuning, then tuned on).
DEV_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "dev" / "safety_levels.yaml"
#: A random third of the round-5 lines, set aside before tuning: aggregates only, never tuned on.
HOLDOUT_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "dev" / "holdout" / "safety_levels.yaml"
#: A seventh held-out set (safety levels only), written 2 Dec 2026 17:47 UTC before that session's last
#: safety round; never tuned on.
SEALED6_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "sealed6" / "safety_levels.yaml"
#: Held-out set 7's safety levels (same format), written 3 Dec 2026 11:03 UTC before that session's tuning;
#: never tuned on.
SEALED7_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "sealed7" / "safety_levels.yaml"
#: Held-out set 8's safety levels (same format), written 3 Dec 2026 13:57-14:03 UTC before that session's
#: tuning; never tuned on.
SEALED8_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "sealed8" / "safety_levels.yaml"
#: A random third of the round-6 lines (safety helper, 3 Dec 2026), set aside before that round's
#: tuning: aggregates only, never tuned on.
HOLDOUT3_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "dev" / "holdout_b6_safety.yaml"
#: Round-7 tuning lines (safety helper, 3 Dec 2026, written before that round's tuning, then tuned on);
#: ``--dev`` scores them together with ``DEV_LEVELS_PATH``.
DEV_B7_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "dev" / "safety_levels_b7.yaml"
#: A random third of the round-7 lines, set aside before that round's tuning: aggregates only, never tuned on.
HOLDOUT7_LEVELS_PATH = pathlib.Path(__file__).parent / "data" / "dev" / "holdout_b7_safety.yaml"
#: What ``--dev`` scores: every tuning file.
DEV_PATHS = (DEV_LEVELS_PATH, DEV_B7_LEVELS_PATH)


def load_levels(path: pathlib.Path | Sequence[pathlib.Path] = LEVELS_PATH) -> dict[str, dict[str, list[str]]]:
    """One levels file, or several merged (their groups side by side; a group in two files keeps both)."""
    if isinstance(path, pathlib.Path):
        data: dict[str, dict[str, list[str]]] = yaml.safe_load(path.read_text(encoding="utf-8"))
        return data
    merged: dict[str, dict[str, list[str]]] = {}
    for one in path:
        for level, groups in load_levels(one).items():
            for group, texts in groups.items():
                merged.setdefault(level, {}).setdefault(group, []).extend(texts)
    return merged


def lines(data: dict[str, dict[str, list[str]]], level: str) -> list[tuple[str, str]]:
    return [(group, text) for group, texts in data[level].items() for text in texts]


@dataclass
class Scores:
    at_risk: int = 0
    at_risk_missed: list[tuple[str, str, str | None]] = field(default_factory=list)
    adjacent: int = 0
    adjacent_pages: list[tuple[str, str]] = field(default_factory=list)
    adjacent_unanswered: list[tuple[str, str]] = field(default_factory=list)
    distress: int = 0
    distress_missed: list[tuple[str, str, str | None]] = field(default_factory=list)
    benign: int = 0
    benign_alarms: list[tuple[str, str, str | None]] = field(default_factory=list)
    benign_adjacent: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        answered = self.adjacent - len(self.adjacent_unanswered)
        return "\n".join([
            f"at-risk recall {self.at_risk - len(self.at_risk_missed)}/{self.at_risk}",
            f"risk-adjacent: URGENT pages {len(self.adjacent_pages)}/{self.adjacent}, "
            f"question answered {answered}/{self.adjacent}",
            f"distress: check-in {self.distress - len(self.distress_missed)}/{self.distress}",
            f"benign: alarms {len(self.benign_alarms)}/{self.benign} "
            f"({len(self.benign_alarms) / max(1, self.benign):.1%}); "
            f"gentle line only {len(self.benign_adjacent)}",
        ])


def score(detector: CrisisDetector, classifier: IntentClassifier,
          path: pathlib.Path | Sequence[pathlib.Path] = LEVELS_PATH) -> Scores:
    data = load_levels(path)
    out = Scores()
    for group, text in lines(data, "at_risk"):
        out.at_risk += 1
        result = detector.assess(text)
        if not result.at_risk:
            out.at_risk_missed.append((group, text, result.level))
    for group, text in lines(data, "risk_adjacent"):
        out.adjacent += 1
        result = detector.assess(text)
        if result.at_risk:
            out.adjacent_pages.append((group, text))
        # Answered: the normal turn runs (not the crisis path or the check-in) and understands it.
        understood = classifier.understand(text)
        if result.level in ("at_risk", "distress") or not (understood.intent or understood.topic):
            out.adjacent_unanswered.append((group, text))
    for group, text in lines(data, "distress"):
        out.distress += 1
        result = detector.assess(text)
        if result.level != "distress":
            out.distress_missed.append((group, text, result.level))
    for group, text in lines(data, "benign"):
        out.benign += 1
        result = detector.assess(text)
        if result.level in ("at_risk", "distress"):
            out.benign_alarms.append((group, text, result.level))
        elif result.level == "adjacent":
            out.benign_adjacent.append((group, text))
    return out


def main() -> None:
    """``python -m tests.safety_levels [--dev | --holdout | --holdout3 | --holdout7 | --sealed4 | --sealed5 | --sealed6 | --sealed7 | --sealed8] [--misses]``: the level scores.

    Without a flag: the older held-out file (tuned on: a floor). ``--dev``: the tuning lines
    (rounds 5-6 and round 7's file), misses printed. A sealed set prints its misses only with
    ``--misses`` (to report on, never to tune on); ``--holdout``, ``--holdout3`` and ``--holdout7``
    print aggregates only, ``--misses`` or not.
    """
    import sys

    from adapters.wiring import build_services
    from bot.config import CoreConfig
    from tests.conftest import default_detector

    paths: dict[str, pathlib.Path | Sequence[pathlib.Path]] = {"--sealed4": SEALED4_LEVELS_PATH, "--sealed5": SEALED5_LEVELS_PATH, "--sealed6": SEALED6_LEVELS_PATH,
             "--sealed7": SEALED7_LEVELS_PATH, "--sealed8": SEALED8_LEVELS_PATH,
             "--holdout": HOLDOUT_LEVELS_PATH, "--holdout3": HOLDOUT3_LEVELS_PATH,
             "--holdout7": HOLDOUT7_LEVELS_PATH, "--dev": DEV_PATHS}
    flag = next((f for f in paths if f in sys.argv), None)
    scores = score(default_detector(), build_services(CoreConfig()).classifier,
                   paths[flag] if flag else LEVELS_PATH)
    print(scores.summary())
    if flag in (None, "--dev") or (flag not in ("--holdout", "--holdout3", "--holdout7") and "--misses" in sys.argv):
        for miss in (*scores.at_risk_missed, *scores.adjacent_pages, *scores.adjacent_unanswered,
                     *scores.distress_missed, *scores.benign_alarms):
            print("   ", miss)


if __name__ == "__main__":
    main()
