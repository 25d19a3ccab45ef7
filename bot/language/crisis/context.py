"""What else a crisis message tells us about how to answer it: language, military service, place.

Both read the normalised reading(s) of the message (``CrisisDetector.readings``),
so accents, case and texting spellings are already folded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal

Place = Literal["uk", "canada", "elsewhere"]

# Common Spanish words that are not also common English words.
_SPANISH: Final = frozenset(
    "que de la el los las mi mis me te se lo le les y o pero porque por para con sin una un "
    "es soy estoy esta estan esto eso muy mas ya quiero quisiera tengo tiene hoy manana noche "
    "vida morir morirme muerto muerta matarme matar vivir seguir nadie nada todo todos todas "
    "siento ayuda casa hijo hija esposo esposa novio novia pareja jefe miedo ganas otra vez "
    "pastillas cortarme cortando lastimarme dano suicidarme suicida quitarme despedida puedo "
    "aguanto mejor sentido ojala estaria seria yo mucho muchas cuando donde como".split()
)
_ENGLISH: Final = frozenset(
    "the i i'm my me you to and is it of in that this what want have was for on with be not "
    "don't can't just so but are am do feel like myself anymore".split()
)
_WORD: Final = re.compile(r"[a-z']+")
_MILITARY: Final = re.compile(
    r"\b(?:veterans?|military|army|navy|marines?|marine corps|air force|coast guard|national guard"
    r"|service ?members?|deployments?|deployed|combat|soldiers?|served in (?:the )?(?:[a-z]+ )?(?:war|forces)"
    r"|i served|when i served|active duty|reservist|the reserves|ex military|ex army|navy seal)\b"
)


def looks_spanish(readings: Iterable[str]) -> bool:
    """True when the message is mostly Spanish words."""
    spanish = english = 0
    for reading in readings:
        words = _WORD.findall(reading)
        spanish = sum(word in _SPANISH for word in words)
        english = sum(word in _ENGLISH for word in words)
        break
    return spanish >= 1 and spanish > english


def mentions_military(readings: Iterable[str]) -> bool:
    """True when the message mentions military service (for the Veterans Crisis Line)."""
    return any(_MILITARY.search(reading) for reading in readings)


# A place outside the US named with "in" / "from" / "live in" ...: the UK (999 and
# Samaritans, stated in the reply), Canada (9-8-8 and 911) or elsewhere (the local emergency number and
# findahelpline.com). A US state right after the name ("paris texas") is not abroad.
_CUE: Final = r"(?:in|from|live in|living in|based in|here in|moved to|visiting|staying in|over in)"
_NOT_ABROAD: Final = (r"(?! (?:texas|tx|kentucky|ky|ohio|oh|tennessee|tn|illinois|il|connecticut|ct|"
                      r"new hampshire|nh|arkansas|ar|maine|me|wisconsin|wi|indiana|in|missouri|mo)\b)")
_UK: Final = re.compile(
    rf"\b{_CUE} (?:the )?(?:uk|u k|united kingdom|britain|great britain|england|scotland|wales|"
    rf"northern ireland|london|manchester|birmingham|glasgow|edinburgh|liverpool|leeds|bristol|"
    rf"cardiff|belfast|sheffield|newcastle|nottingham|leicester|brighton|oxford|cambridge)\b{_NOT_ABROAD}")
_CANADA: Final = re.compile(
    rf"\b{_CUE} (?:canada|toronto|vancouver|montreal|montréal|ontario|quebec|québec|calgary|ottawa|"
    rf"edmonton|winnipeg|halifax|alberta|british columbia|manitoba|saskatchewan|nova scotia)\b{_NOT_ABROAD}")
_ELSEWHERE: Final = re.compile(
    rf"\b(?:outside (?:of )?(?:the )?(?:us|u s|usa|united states|states|america)|not in (?:the )?(?:us|usa|united states)|"
    rf"{_CUE} (?:the )?(?:australia|sydney|melbourne|brisbane|"
    rf"new zealand|auckland|ireland|dublin|india|germany|berlin|munich|france|paris|spain|madrid|barcelona|"
    rf"mexico|mexico city|italy|rome|milan|netherlands|amsterdam|belgium|sweden|norway|denmark|finland|"
    rf"poland|portugal|lisbon|brazil|argentina|colombia|chile|peru|japan|tokyo|korea|seoul|china|"
    rf"hong kong|singapore|philippines|manila|south africa|nigeria|kenya|egypt|israel|dubai|uae|"
    rf"europe|asia|africa|abroad|another country|a different country)\b{_NOT_ABROAD})")


def named_place(readings: Iterable[str]) -> Place | None:
    """A place outside the US that the message itself names ("I'm in London"), if any."""
    for reading in readings:
        if _UK.search(reading):
            return "uk"
    for reading in readings:
        if _CANADA.search(reading):
            return "canada"
    for reading in readings:
        if _ELSEWHERE.search(reading):
            return "elsewhere"
    return None
