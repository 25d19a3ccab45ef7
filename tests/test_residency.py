"""Tests for bot.language.residence: reading "which US state do you live in?" answers."""

from __future__ import annotations

import time

import pytest

from bot.language.residence import (
    OUTSIDE_US,
    OUTSIDE_US_CODE,
    Residence,
    parse_eligible_states,
    parse_residence,
    residence_from_code,
)
from tests.conftest import PLACES

OUT = "OUTSIDE_US"

CASES: list[tuple[str, str | None]] = [
    # full names, any case, with noise
    ("New Jersey", "NJ"),
    ("florida", "FL"),
    ("Florida!!", "FL"),
    ("  TEXAS  ", "TX"),
    ("FLORIDA", "FL"),
    ("New York", "NY"),
    ("New York State", "NY"),
    ("York", None),
    ("Washington", "WA"),
    ("Washington state", "WA"),
    ("Washington DC", "DC"),
    ("Washington, D.C.", "DC"),
    ("District of Columbia", "DC"),
    ("New Mexico", "NM"),  # not Mexico the country
    ("West Virginia", "WV"),
    ("Virginia", "VA"),
    ("North Dakota", "ND"),
    ("Carolina", None),  # North or South: do not guess
    ("Puerto Rico", "PR"),
    ("guam", "GU"),
    ("Georgia", "GA"),  # the state, not the country
    # abbreviations
    ("nj", "NJ"),
    ("NJ", "NJ"),
    ("N.J.", "NJ"),
    ("n.j", "NJ"),
    ("D.C.", "DC"),
    ("dc", "DC"),
    ("PA", "PA"),
    ("pa", None),  # an everyday word in lowercase
    ("OK", "OK"),  # capitals alone: Oklahoma
    ("ok", None),  # lowercase "ok" is just "ok"
    ("in", None),
    ("IN", "IN"),
    ("I'm in IN", "IN"),
    ("I'm in OR", "OR"),
    ("or", None),
    ("me", None),
    ("ME", "ME"),
    ("hi", None),
    ("HI", "HI"),
    ("de", None),
    ("la", None),
    ("LA", None),  # Louisiana or Los Angeles: ask again
    ("L.A.", "CA"),
    ("i am in tx", "TX"),
    ("im in ca", "CA"),
    ("I live in PA", "PA"),
    ("I LIVE IN PA NOW", "PA"),
    ("I'M IN OR", "OR"),
    # nicknames
    ("sunshine state", "FL"),
    ("the Garden State", "NJ"),
    ("Empire State", "NY"),
    ("jersey", "NJ"),
    ("NYC", "NY"),
    ("new york city", "NY"),
    ("the big apple", "NY"),
    ("Brooklyn", "NY"),
    ("manhattan", "NY"),
    ("cali", "CA"),
    ("SoCal", "CA"),
    ("norcal", "CA"),
    ("philly", "PA"),
    ("the keys", "FL"),
    ("Miami", "FL"),
    ("lone star state", "TX"),
    # ZIP codes
    ("10001", "NY"),
    ("my zip is 07030", "NJ"),
    ("ZIP 33101-1234", "FL"),
    ("90210", "CA"),
    ("00901", "PR"),
    ("zip code 9999", None),
    ("99999", None),
    # typos
    ("flordia", "FL"),
    ("Floridaa", "FL"),
    ("new jersy", "NJ"),
    ("pensylvania", "PA"),
    ("Conneticut", "CT"),
    ("Tennesee", "TN"),
    ("Missisipi", "MS"),
    ("Illinios", "IL"),
    ("Texs", None),  # short names need an exact spelling
    ("Main", None),
    ("Frances", None),  # closest to a country, so no state guess
    ("Canda", None),
    # sentences and casual phrasing
    ("I live in New Jersey", "NJ"),
    ("i'm in florida rn", "FL"),
    ("Hi! I'm in NJ", "NJ"),
    ("OK so I live in Florida", "FL"),
    ("i'm an md in ny", "NY"),
    ("I live in a small town", None),
    ("I live in NJ but work in NY", "NJ"),
    ("I work in NY but live in NJ", "NJ"),
    ("NJ or NY", "NJ"),  # no cue: the first mentioned
    ("I'm from Texas but live in Florida now", "FL"),
    ("I'm from Canada but live in NY", "NY"),
    ("I'm not in Florida anymore, I'm in Texas", "TX"),
    ("I don't live in NY, I live in NJ", "NJ"),
    ("I moved from NY to NJ", "NJ"),
    ("I'm in the US", None),
    ("I live in the United States", None),
    # outside the US
    ("I'm in Canada", OUT),
    ("outside the US", OUT),
    ("outside of the U.S.", OUT),
    ("I live abroad", OUT),
    ("overseas", OUT),
    ("another country", OUT),
    ("London, UK", OUT),
    ("Mexico", OUT),
    ("méxico", OUT),
    ("not in the us", OUT),
    ("I'm not in the USA", OUT),
    # junk
    ("asdf", None),
    ("", None),
    ("   ", None),
    ("purple", None),
    ("hello", None),
    ("!!!???", None),
    ("12", None),
    ("USA", None),
    # odd Unicode
    ("ＮＪ", "NJ"),  # full-width letters
    ("Ｆｌｏｒｉｄａ", "FL"),
    ("New\u200bJersey", "NJ"),  # zero-width space
    ("N\u200bJ", "NJ"),
    ("\u00a0NJ\u00a0", "NJ"),  # no-break spaces
    ("\ufeffTexas", "TX"),  # byte-order mark
    ("🌴 Florida 🌴", "FL"),
    ("🇺🇸", None),
    ("blah " * 2000, None),  # 10,000 characters of junk
    ("x" * 10_000, None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(t[:30]) for t, _ in CASES])
def test_parse_residence(text: str, expected: str | None) -> None:
    result = parse_residence(text, PLACES)
    if expected is None:
        assert result is None
    elif expected == OUT:
        assert result == OUTSIDE_US
    else:
        assert result is not None
        assert (result.kind, result.code) == ("state", expected)


def test_case_table_is_large() -> None:
    assert len(CASES) >= 60


def test_state_names_come_through() -> None:
    assert parse_residence("nj", PLACES) == Residence("state", "NJ", "New Jersey")
    assert parse_residence("dc", PLACES) == Residence("state", "DC", "District of Columbia")
    assert OUTSIDE_US == Residence("outside_us", None, "outside the US")


def test_is_eligible() -> None:
    eligible = frozenset({"FL", "NY", "NJ"})
    assert residence_from_code("NJ").is_eligible(eligible)  # type: ignore[union-attr]
    assert not residence_from_code("TX").is_eligible(eligible)  # type: ignore[union-attr]
    assert not OUTSIDE_US.is_eligible(eligible)
    assert not OUTSIDE_US.is_eligible(frozenset({OUTSIDE_US_CODE}))
    assert residence_from_code("PR").is_eligible(frozenset({"PR"}))  # type: ignore[union-attr]
    assert not residence_from_code("FL").is_eligible(frozenset())  # type: ignore[union-attr]


def test_residence_from_code() -> None:
    assert residence_from_code("NJ") == Residence("state", "NJ", "New Jersey")
    assert residence_from_code("DC") == Residence("state", "DC", "District of Columbia")
    assert residence_from_code("VI") == Residence("state", "VI", "Virgin Islands")
    assert residence_from_code(" nj ") == Residence("state", "NJ", "New Jersey")
    assert residence_from_code(OUTSIDE_US_CODE) is OUTSIDE_US
    assert residence_from_code("XX") is None
    assert residence_from_code("") is None
    assert residence_from_code("New Jersey") is None
    assert residence_from_code("AE") is None  # military mail code, not a state


def test_stored_codes_round_trip() -> None:
    for text in ("florida", "10001", "Canada", "Puerto Rico"):
        residence = parse_residence(text, PLACES)
        assert residence is not None
        assert residence_from_code(residence.code or OUTSIDE_US_CODE) == residence


def test_parse_eligible_states() -> None:
    assert parse_eligible_states("FL, ny,NJ") == frozenset({"FL", "NY", "NJ"})
    assert parse_eligible_states("fl") == frozenset({"FL"})
    assert parse_eligible_states("  FL  NY\tNJ ") == frozenset({"FL", "NY", "NJ"})
    assert parse_eligible_states("FL,,NY,") == frozenset({"FL", "NY"})
    assert parse_eligible_states("DC, PR") == frozenset({"DC", "PR"})


@pytest.mark.parametrize("raw", ["FL, XX, NJ", "FL,Jersey", "OUTSIDE_US", "FL, N.J."])
def test_parse_eligible_states_names_the_bad_entry(raw: str) -> None:
    bad = {"FL, XX, NJ": "XX", "FL,Jersey": "Jersey", "OUTSIDE_US": "OUTSIDE_US",
           "FL, N.J.": "N.J."}[raw]
    with pytest.raises(ValueError, match=repr(bad).replace(".", r"\.")):
        parse_eligible_states(raw)


@pytest.mark.parametrize("raw", ["", " , "])
def test_parse_eligible_states_rejects_empty(raw: str) -> None:
    with pytest.raises(ValueError, match="no eligible state codes"):
        parse_eligible_states(raw)


def test_long_junk_is_quick() -> None:
    junk = ("lorem ipsum dolor sit amet " * 400)[:10_000]
    start = time.perf_counter()
    assert parse_residence(junk, PLACES) is None
    assert time.perf_counter() - start < 2.0  # a guard against runaway matching, not a benchmark
