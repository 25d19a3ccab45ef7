"""What else a crisis message tells us about how to answer it: language, military service, place.

Both read the normalised reading(s) of the message (``CrisisDetector.readings``),
so accents, case and texting spellings are already folded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Literal

#: "abroad": outside the US, country unknown ("outside the US", "abroad"); "europe": a place
#: where the EU's 112 works; "elsewhere": a named country outside Europe we give no number for.
Place = Literal["uk", "canada", "australia", "mexico", "europe", "elsewhere", "abroad"]

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
_AUSTRALIA: Final = re.compile(
    rf"\b{_CUE} (?:australia|sydney|melbourne|brisbane|perth|adelaide|canberra|hobart|darwin|"
    rf"gold coast|queensland|new south wales|victoria australia|tasmania)\b{_NOT_ABROAD}")
_MEXICO: Final = re.compile(
    rf"\b{_CUE} (?:mexico city|mexico|ciudad de mexico|cdmx|guadalajara|monterrey|cancun|tijuana|"
    rf"puebla|oaxaca|merida|puerto vallarta|san miguel de allende|baja california|jalisco|yucatan)\b{_NOT_ABROAD}")
#: European countries and cities where 112 reaches emergency services (all EU member states).
_EUROPE: Final = re.compile(
    rf"\b{_CUE} (?:the )?(?:ireland|dublin|germany|berlin|munich|hamburg|france|paris|lyon|spain|madrid|"
    rf"barcelona|italy|rome|milan|netherlands|holland|amsterdam|belgium|brussels|sweden|stockholm|"
    rf"denmark|copenhagen|finland|helsinki|poland|warsaw|portugal|lisbon|austria|vienna|greece|athens|"
    rf"czech republic|czechia|prague|hungary|budapest|romania|norway|oslo|switzerland|zurich|geneva|europe|the eu)\b{_NOT_ABROAD}")
_ELSEWHERE: Final = re.compile(
    rf"\b{_CUE} (?:the )?(?:new zealand|auckland|india|brazil|argentina|colombia|"
    rf"chile|peru|japan|tokyo|korea|seoul|china|hong kong|singapore|philippines|manila|south africa|"
    rf"nigeria|kenya|egypt|israel|dubai|uae|asia|africa|south america)\b{_NOT_ABROAD}")
_ABROAD: Final = re.compile(
    rf"\b(?:outside (?:of )?(?:the )?(?:us|u s|usa|united states|states|america)|not in (?:the )?(?:us|usa|united states)|"
    rf"{_CUE} (?:abroad|another country|a different country)\b)")


_PLACES: Final[tuple[tuple[Place, re.Pattern[str]], ...]] = (
    ("uk", _UK), ("canada", _CANADA), ("australia", _AUSTRALIA), ("mexico", _MEXICO),
    ("europe", _EUROPE), ("elsewhere", _ELSEWHERE), ("abroad", _ABROAD))


def named_place(readings: Iterable[str]) -> Place | None:
    """A place outside the US that the message itself names ("I'm in London"), if any."""
    texts = tuple(readings)
    for place, pattern in _PLACES:
        if any(pattern.search(reading) for reading in texts):
            return place
    return None


# Right after a crisis reply, a short follow-up can carry the whole risk on its own: an
# overdose already taken, the means at hand, when, that nobody can stop it, a goodbye, or
# "you don't care". Read on their own these are small talk or nothing ("tonight",
# "goodbye"); read after "I want to kill myself" they are the crisis again, so the core
# gives the crisis reply again (bot.core._in_context). Only within the recent-risk window
# after an at-risk message, never on a first message.
_A: Final = r"(?:'|\u2019)?"  # an apostrophe, or none ("its", "dont")
_OVERDOSE_FOLLOW_UP: Final = re.compile(
    r"\b(?:(?:already |just )?(?:took|taken|swallowed|downed|ate|had) (?:them|it|all(?: of (?:them|it))?|"
    r"(?:all |all of |a lot of |a bunch of |too many |the rest of |a (?:whole )?bottle of |a handful of )"
    r"(?:my |the |those |these )?[a-z]+|(?:the |those |these )?(?:pills|tablets|bottle|sleeping pills|painkillers))|"
    r"i (?:have|got|ve got|'ve got|have got) (?:the |my |a (?:bottle|bunch|lot) of |enough )?(?:pills|tablets|meds|bottle)|"
    r"(?:pills|tablets|meds) (?:are |is )?(?:right )?here|overdos(?:e|ed|ing)|od(?:'|\u2019)?d|"
    r"i (?:did|done) it already|i already did it)\b")
_FOLLOW_UP: Final = re.compile(
    r"^\W*(?:(?:it|this|that) is |it" + _A + r"s |its )?(?:tonight|today|right now|now|this weekend|tomorrow|soon)\W*$|"
    r"\b(?:tonight|when (?:everyone|they|he|she) (?:is|are|'s|s) asleep)\b|"
    r"\b(?:no ?one|nobody|noone|you|u) (?:can|could|will|is going to|gonna) (?:stop|save|help) me\b|"
    r"\b(?:can|could)" + _A + r"t (?:stop|save) me\b|"
    r"\b(?:it" + _A + r"s|its|it is) (?:too late|already too late|done|decided|over)\b|\btoo late (?:now|for me)\b|"
    r"^\W*(?:good ?bye|bye|bye bye|farewell|this is (?:good ?bye|it|the end)|so long|(?:ok |okay )?bye (?:forever|everyone|all|now))\W*$|"
    r"\b(?:good ?bye (?:forever|everyone|world|all)|this is (?:my )?good ?bye|say(?:ing)? good ?bye)\b|"
    r"\b(?:you|u|they) (?:don" + _A + r"t|dont|do not|dnt|never|doesn" + _A + r"t) (?:even |really )?care\b|"
    r"\b(?:nobody|no ?one|noone) (?:even |really )?cares?\b|"
    r"\bi (?:mean|meant) it\b|\bi" + _A + r"m (?:serious|not joking|not kidding)\b|\bi am (?:serious|not joking)\b|"
    r"\b(?:i" + _A + r"ve|i have) (?:made up my mind|decided)\b|\bmy mind is made up\b|"
    r"\bi (?:have|got|ve got) (?:a |the |my )?(?:gun|rope|knife|blade|razor|note|letter)\b|"
    r"\bi (?:wrote|have written|left) (?:a |the |my )?(?:note|letter)\b|"
    r"^\W*(?:i am|i" + _A + r"m|im) (?:ready|done|going|doing it)\W*$|\bdoing it (?:now|tonight|today)\b")


def after_crisis_follow_up(readings: Iterable[str]) -> Literal["overdose", "suicide"] | None:
    """A follow-up that keeps a member at risk when it comes right after an at-risk message:
    "overdose" where pills or taking something are named, else "suicide"; None for anything
    else (a question, "never mind, I'm fine", thanks)."""
    texts = tuple(readings)
    if any(_OVERDOSE_FOLLOW_UP.search(r) for r in texts):
        return "overdose"
    if any(_FOLLOW_UP.search(r) for r in texts):
        return "suicide"
    return None
