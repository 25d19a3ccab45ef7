"""Scores the whole core (not just the classifier) on the held-out sets of issue 8.

Each message runs through the real core over fakes, as a new member, so what the
member would see counts: the intent reported, whether a residence got stored, and
whether a staff member got paged. Used by the understanding test and by the bench.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml

from bot.config import CoreConfig
from adapters.wiring import build_services
from bot.core import Core
from bot.dependencies import Dependencies
from tests.chat import Chat
from tests.fakes import FakeClock, FakeStore

DATA = Path(__file__).parent.parent / "data" / "live"
SEALED = Path(__file__).parent.parent / "data" / "sealed"  # second held-out set: scored, never tuned on
SEALED2 = Path(__file__).parent.parent / "data" / "sealed2"  # third (wave 2): scored, never tuned on
SEALED3 = Path(__file__).parent.parent / "data" / "sealed3"  # fourth (2 Dec 2026): scored, never tuned on
SEALED4 = Path(__file__).parent.parent / "data" / "sealed4"  # fifth (session of 2 Dec 2026, 11:00 UTC): scored, never tuned on
SEALED5 = Path(__file__).parent.parent / "data" / "sealed5"  # sixth (session of 2 Dec 2026, 16:48 UTC): scored, never tuned on
#: Held-out set 7 (written 3 Dec 2026, 11:03 UTC, before that session's tuning): scored, never tuned on.
SEALED7 = Path(__file__).parent.parent / "data" / "sealed7"
#: Held-out set 8 (written 3 Dec 2026, 13:57-14:04 UTC, before that session's tuning): scored, never tuned on.
SEALED8 = Path(__file__).parent.parent / "data" / "sealed8"
DEV = Path(__file__).parent.parent / "data" / "dev"  # the tuning set: misses are looked at
#: A random third of dev's fourth batch, written with it before tuning: scored, never tuned on.
HOLDOUT = DEV / "holdout"
#: A random third of dev's fifth batch (session of 2 Dec 2026, 16:48 UTC), written before tuning: scored only.
HOLDOUT2 = DEV / "holdout2"
#: A random third of dev's sixth batch (3 Dec 2026, lang helper), written before tuning: scored only.
HOLDOUT3 = DEV / "holdout3"
#: A random third (seed 8) of round 7's tester batch of risk-adjacent lines (3 Dec 2026, safety2), set aside
#: before any scoring: risk-adjacent only, scored, never tuned on.
HOLDOUT5 = DEV / "holdout5"
#: The risk-adjacent files a folder may hold; dev's second one is round 7's tester batch (tuned on).
RISK_ADJACENT_FILES = ("risk_adjacent.yaml", "risk_adjacent_b8.yaml")
CONSEQUENTIAL_NOTICES = frozenset({"handoff"})


def load(name: str, folder: Path = DATA) -> Any:
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


@dataclass
class Score:
    name: str
    right: int = 0
    total: int = 0
    misfires: int = 0  # stored residences / staff pages / bookings nobody asked for
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0

    def line(self) -> str:
        return f"{self.name}: {self.right}/{self.total} = {self.rate:.1%}, consequential misfires {self.misfires}"


def world(services: Dependencies) -> tuple[Core, FakeStore]:
    store = FakeStore()
    store.add_group(topic="anxiety", title="Anxiety group", weekday=1, start_time=time(18, 0),
                    facilitator="Jordan Lee, LMHC", capacity=10)
    store.add_group(topic="anxiety", title="Anxiety group", weekday=3, start_time=time(12, 0),
                    start_date=date(2027, 1, 7), facilitator="Priya Raman, PhD", capacity=8)
    store.add_group(topic="grief_loss", title="Grief and loss group", weekday=2,
                    start_time=time(12, 30), start_date=date(2027, 1, 6),
                    facilitator="Ruth Adeyemi, LCSW", capacity=8)
    store.add_group(topic="dbt_skills", kind="dbt_skills", title="DBT skills group", weekday=5,
                    start_time=time(11, 0), start_date=date(2027, 1, 9),
                    facilitator="Chris Novak", capacity=12)
    return Core(store, FakeClock(), services), store


def _side_effects(store: FakeStore, key: str) -> list[str]:
    found = []
    member = store.data.members.get(key)
    if member is not None and member.residence_code:
        found.append(f"stored residence {member.residence_code}")
    for stored in store.data.outbox.values():
        if stored.item.notice.kind in CONSEQUENTIAL_NOTICES:
            found.append(f"paged staff ({stored.item.notice.kind})")
    if store.data.bookings:
        found.append("booked a seat")
    return found


async def score_questions(services: Dependencies, folder: Path = DATA) -> Score:
    score = Score("questions")
    for n, item in enumerate(load("questions.yaml", folder)):
        core, _ = world(services)
        chat = Chat(core, user=f"q{n}")
        out = await chat.say(item["text"])
        score.total += 1
        if out.intent == item["intent"]:
            score.right += 1
        else:
            score.misses.append(f"{item['text']!r}: expected {item['intent']}, got {out.intent}")
    return score


async def score_out_of_scope(services: Dependencies, folder: Path = DATA) -> Score:
    score = Score("out of scope")
    for n, text in enumerate(load("out_of_scope.yaml", folder)):
        core, store = world(services)
        chat = Chat(core, user=f"o{n}")
        out = await chat.say(str(text))
        effects = _side_effects(store, chat.member.key)
        score.total += 1
        score.misfires += bool(effects)
        if out.intent is None and not effects:
            score.right += 1
        else:
            score.misses.append(f"{text!r}: intent {out.intent} {' '.join(effects)}")
    return score


async def score_residency(services: Dependencies, folder: Path = DATA) -> Score:
    score = Score("residency")
    for n, item in enumerate(load("residency.yaml", folder)):
        core, store = world(services)
        chat = Chat(core, user=f"r{n}")
        await chat.act("fd:where")
        await chat.say(item["text"])
        member = store.data.members[chat.member.key]
        score.total += 1
        if "ask" in item:
            offered = {a.removeprefix("fd:state:") for a in chat.actions if a.startswith("fd:state:")}
            ok = member.residence_code is None and set(item["ask"]) <= offered
            score.misfires += member.residence_code is not None
            got = f"stored {member.residence_code}, offered {sorted(offered)}"
        else:
            ok = member.residence_code == item["state"]
            got = f"stored {member.residence_code}"
        if ok:
            score.right += 1
        else:
            score.misses.append(f"{item['text']!r}: {got}")
    return score


async def score_followups(services: Dependencies, folder: Path = DATA) -> Score:
    score = Score("follow-ups")
    for n, item in enumerate(load("followups.yaml", folder)):
        core, store = world(services)
        chat = Chat(core, user=f"f{n}")
        await chat.act("fd:state:NJ")
        store.data.members[f"console:f{n}"].adult = True  # answered the age gate earlier (issue 9)
        await chat.act(f"fd:sessions:{item['shown']}")
        await chat.say(item["reply"])
        picked = {store.data.groups[b.group_id].weekday for b in store.data.bookings.values()}
        offered = {store.data.groups[int(a.removeprefix("fd:book:"))].weekday
                   for a in chat.actions if a.startswith("fd:book:")}
        score.total += 1
        if picked == {item["pick"]} or (not picked and offered == {item["pick"]}):
            score.right += 1
        else:
            score.misses.append(f"{item['reply']!r}: booked {picked}, offered {offered}")
    return score


async def score_risk_adjacent(services: Dependencies, folder: Path,
                              name: str = "risk_adjacent.yaml") -> Score:
    """Risk-adjacent questions: no crisis path, no check-in, no URGENT page, the expected answer."""
    score = Score("risk-adjacent" if name == "risk_adjacent.yaml" else f"risk-adjacent ({name})")
    for n, item in enumerate(load(name, folder)):
        core, store = world(services)
        chat = Chat(core, user=f"a{n}")
        out = await chat.say(item["text"])
        urgent = [s for s in store.data.outbox.values() if s.item.notice.urgent]
        score.total += 1
        score.misfires += bool(urgent) or out.crisis
        if out.intent == item["intent"] and not urgent and not out.crisis:
            score.right += 1
        else:
            score.misses.append(f"{item['text']!r}: expected {item['intent']}, got {out.intent}")
    return score


async def score_all(services: Dependencies, folder: Path = DATA) -> list[Score]:
    scores: list[Score] = []
    for file, scorer in (("questions.yaml", score_questions), ("out_of_scope.yaml", score_out_of_scope),
                         ("residency.yaml", score_residency), ("followups.yaml", score_followups)):
        if (folder / file).exists():  # holdout5 holds risk-adjacent lines only
            scores.append(await scorer(services, folder))
    for name in RISK_ADJACENT_FILES:
        if (folder / name).exists():
            scores.append(await score_risk_adjacent(services, folder, name))
    return scores


def main() -> None:
    """``python -m tests.language.live_eval [--dev | --holdout | --holdout2 | --holdout3 | --holdout5 | --sealed | --sealed2 | --sealed3
    | --sealed4 | --sealed5 | --sealed7 | --sealed8] [--misses]``: the scores.

    Misses are printed for the live and dev sets; for a sealed set (and dev's holdouts) only with ``--misses``
    (to report on, never to tune on).
    """
    services = build_services(CoreConfig())
    folder = (SEALED8 if "--sealed8" in sys.argv else SEALED7 if "--sealed7" in sys.argv
              else SEALED5 if "--sealed5" in sys.argv else SEALED4 if "--sealed4" in sys.argv
              else SEALED3 if "--sealed3" in sys.argv else SEALED2 if "--sealed2" in sys.argv
              else SEALED if "--sealed" in sys.argv else HOLDOUT5 if "--holdout5" in sys.argv
              else HOLDOUT3 if "--holdout3" in sys.argv
              else HOLDOUT2 if "--holdout2" in sys.argv
              else HOLDOUT if "--holdout" in sys.argv else DEV if "--dev" in sys.argv else DATA)
    show = folder in (DATA, DEV) or "--misses" in sys.argv
    for score in asyncio.run(score_all(services, folder)):
        print(score.line())
        for miss in score.misses if show else []:
            print("   ", miss)


if __name__ == "__main__":
    main()
