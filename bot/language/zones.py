"""Time zones as members type them in answer to "which time zone are you in?": a US zone
("central", "PST"), a zone abbreviation abroad ("GMT"), an IANA name ("Europe/Berlin"), or a
place abroad ("London", "i'm near lyon")."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.language.normalise import words
from bot.language.places import PlaceIndex

#: US zone words, as the keys of the zone buttons (bot.flows.schedule_info.ZONES).
_ZONE_WORDS = {"eastern": "ET", "est": "ET", "edt": "ET", "et": "ET", "central": "CT", "cst": "CT",
               "cdt": "CT", "ct": "CT", "mountain": "MT", "mst": "MT", "mdt": "MT", "mt": "MT",
               "arizona": "AZ", "pacific": "PT", "pst": "PT", "pdt": "PT", "pt": "PT",
               "alaska": "AK", "hawaii": "HI"}


#: Zone abbreviations members abroad use (unambiguous ones only: "IST" is not here).
_WORLD_ZONE_WORDS = {"gmt": "Europe/London", "bst": "Europe/London", "cet": "Europe/Paris",
                     "cest": "Europe/Paris", "jst": "Asia/Tokyo", "aest": "Australia/Sydney",
                     "utc": "UTC"}
_IANA = re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?\b")


def zone_in_text(text: str, index: PlaceIndex) -> str | None:
    """A time zone typed in answer to "which time zone are you in?": a US zone key
    ("central", "PST" -> "CT"), or an IANA zone for a member abroad ("London", "GMT",
    "Germany", "Europe/Berlin" -> "Europe/Berlin")."""
    said = words(text)
    found = {_ZONE_WORDS[w] for w in said if w in _ZONE_WORDS}
    if len(found) == 1:
        return found.pop()
    if found:
        return None
    world = {_WORLD_ZONE_WORDS[w] for w in said if w in _WORLD_ZONE_WORDS}
    iana = _IANA.search(text)
    if iana and valid_zone(iana.group()):
        world.add(iana.group())
    if not world:
        return index.world_zone(text) if _names_a_place_only(said) else None
    return world.pop() if len(world) == 1 else None


#: Words an answer naming where the member is may carry besides the place ("i'm in leeds").
_WHERE_WORDS = frozenset("i im i'm am in at near live living based from the its it's currently now right "
                         "outside of close to city town um uh oh ok okay well so".split())


def _names_a_place_only(said: list[str]) -> bool:
    """An answer that is a place and little else ("london", "i'm near lyon, france"); a sentence
    such as "what time is that for me" is not one, whatever towns its words are named after."""
    return len([w for w in said if w not in _WHERE_WORDS]) <= 3


def valid_zone(name: str) -> bool:
    """An IANA zone name this machine knows ("Europe/London", "UTC")."""
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return "/" in name or name == "UTC"
