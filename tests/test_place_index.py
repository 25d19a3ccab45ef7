"""The place index: built once per process (first use, or ahead by build()), handed in by wiring."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from adapters.wiring import build_services
from bot.config import CoreConfig
from bot.language.places import PlaceIndex
from tests.conftest import content


def test_tables_asked_for_at_once_are_built_once() -> None:
    index = PlaceIndex()
    with ThreadPoolExecutor(4) as pool:
        built = list(pool.map(lambda _: index.tables(), range(4)))
    assert all(tables is built[0] for tables in built)
    found = index.lookup(("new", "jersey"))
    assert found is not None and found.codes == ("NJ",)
    assert index.zip_place("07030") is not None


def test_the_composition_root_hands_one_index_to_the_rules_and_the_classifier() -> None:
    index = PlaceIndex()
    services = build_services(CoreConfig(), content(), places=index)
    assert services.places is index
    assert index._tables is None  # nothing built at start-up: the first use (or build()) does it
    services.classifier.understand("New Jersey")  # a place on its own: read through the index
    assert index._tables is not None  # the classifier read the places through this index
