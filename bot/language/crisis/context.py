"""What else a crisis message tells us about how to answer it: its language, military service.

Both read the normalised reading(s) of the message (``CrisisDetector.normalise``),
so accents, case and texting spellings are already folded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

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
