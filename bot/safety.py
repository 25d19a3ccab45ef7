"""What the bot says to a member at risk, near risk or in distress (the wording only).

Detection lives in ``bot.language.crisis`` (phrase lists, normalisation, pre-filter,
detector); it is re-exported here so existing imports keep working. This module owns:

* ``crisis_reply``: the at-risk reply, fitted to the member: overdose and danger at
  home, a member outside the US (local emergency number and a helpline directory
  first), a message in Spanish (the reply in Spanish), military service (988, press 1);
* ``resources_line``: the line that leads every reply while a risk flag is set;
* ``adjacent_line``: the one gentle line before a risk-adjacent member's answer;
* the distress check-in (``checkin_reply``) and its "hard day" answer;
* ``still_here_reply``: "never mind, I'm fine" after a crisis reply;
* ``someone_else_reply``: someone else is at risk now: how to help them (W9b).

A message that names a place outside the US ("I'm in London") gets that place's
emergency number first where we can state it (``place="uk"``: 999 and Samaritans
116 123), otherwise the local emergency number and findahelpline.com, then the US
numbers (W9b).

The facts (numbers, keywords) and their sources are in docs/crisis-detection.md.
"""

from __future__ import annotations

from typing import Final

from bot.language.crisis import (
    CATEGORIES,
    DEFAULT_PHRASES_PATH,
    CategoryPhrases,
    CrisisDetector,
    CrisisPhrases,
    RiskAssessment,
    RiskCategory,
    RiskLevel,
    load_crisis_phrases,
    load_detector,
)
from bot import actions
from bot.messages import Button, Reply

__all__ = [
    "CATEGORIES",
    "CHECKIN_HARD_DAY_ACTION",
    "CHECKIN_HARD_DAY_ACTION_ES",
    "CHECKIN_YES_ACTION",
    "CHECKIN_YES_ACTION_ES",
    "DEFAULT_PHRASES_PATH",
    "HANDOFF_ACTION",
    "HANDOFF_LABEL",
    "CategoryPhrases",
    "CrisisDetector",
    "CrisisPhrases",
    "RiskAssessment",
    "RiskCategory",
    "RiskLevel",
    "adjacent_line",
    "checkin_reply",
    "crisis_reply",
    "hard_day_reply",
    "load_crisis_phrases",
    "load_detector",
    "resources_line",
    "someone_else_reply",
    "still_here_reply",
]

HANDOFF_ACTION: Final = actions.encode("handoff")
HANDOFF_LABEL: Final = "Talk to a person"
HANDOFF_LABEL_ES: Final = "Hablar con una persona (Talk to a person)"
CHECKIN_YES_ACTION: Final = actions.encode("riskyes")
CHECKIN_HARD_DAY_ACTION: Final = actions.encode("hardday")
#: The Spanish check-in's buttons carry the language, so the reply that follows is Spanish too.
CHECKIN_YES_ACTION_ES: Final = actions.encode("riskyes", "es")
CHECKIN_HARD_DAY_ACTION_ES: Final = actions.encode("hardday", "es")

# --------------------------------------------------------------------------- at risk

_OPENING: Final = ("I'm really glad you reached out. You don't have to go through this alone.\n"
                   "\n"
                   "If you're thinking about suicide, about hurting yourself or someone else, or you're "
                   "not safe right now (or you're worried about someone who isn't), you can reach someone "
                   "any time, free and confidential:\n")
_US_LINES: Final = ("• Call or text 988 (Suicide & Crisis Lifeline), or chat at 988lifeline.org\n"
                    "• Text HOME to 741741 (Crisis Text Line)\n")
_VETERAN_LINE: Final = "• Veterans and service members: call 988 and press 1, or text 838255\n"
_ABUSE_LINE: Final = ("• Not safe at home? The National Domestic Violence Hotline: call "
                      "1-800-799-7233 or text START to 88788\n")
_DANGER_LINE: Final = "• If you're in immediate danger, call 911\n"
_SPANISH_HINT: Final = "• En español: llame al 988 y marque 2\n"
_ELSEWHERE_HINT: Final = "• Outside the US? Find a free local helpline at findahelpline.com\n"
_CLOSING: Final = "\nIf you'd like to talk with someone on our staff, use the Talk to a person button below."
_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call 911 now, or Poison Control "
                         "at 1-800-222-1222.\n\n")

_OUTSIDE_LINES: Final = ("• If you're in immediate danger, call your local emergency number "
                         "(112 works across the EU)\n"
                         "• Find a free, confidential helpline in your country at findahelpline.com\n"
                         "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")
_OUTSIDE_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call your local emergency "
                                 "number now (112 in the EU, 911 in the US).\n\n")

_ES_OPENING: Final = ("Me alegra mucho que nos escriba. No tiene que pasar por esto a solas.\n"
                      "\n"
                      "Si está pensando en el suicidio, en hacerse daño o en hacerle daño a otra persona, "
                      "o no está a salvo ahora mismo, puede hablar con alguien a cualquier hora, gratis y "
                      "de forma confidencial:\n")
_ES_US_LINES: Final = ("• Llame al 988 y marque 2 para hablar en español, o envíe AYUDA por mensaje "
                       "de texto al 988 (Línea 988 de Prevención del Suicidio y Crisis)\n"
                       "• Envíe AYUDA al 741741 (Crisis Text Line, en español)\n")
_ES_VETERAN_LINE: Final = "• Veteranos y militares: llame al 988 y marque 1, o envíe un texto al 838255\n"
_ES_ABUSE_LINE: Final = ("• ¿No está a salvo en casa? Línea Nacional contra la Violencia Doméstica: "
                         "1-800-799-7233\n")
_ES_DANGER_LINE: Final = "• Si está en peligro inmediato, llame al 911\n"
_ES_OUTSIDE_LINES: Final = ("• Si vive fuera de EE. UU.: llame a su número local de emergencias "
                            "(112 en la Unión Europea) o busque una línea de ayuda en findahelpline.com\n")
_ES_CLOSING: Final = "\nSi quiere hablar con alguien de nuestro equipo, use el botón de abajo."
_ES_OVERDOSE_LEAD: Final = ("Si tomó demasiado de algo, llame al 911 ahora, o a Poison Control "
                            "(control de envenenamientos) al 1-800-222-1222.\n\n")


_UK_LINES: Final = ("• In the UK: if you're in immediate danger, call 999\n"
                    "• Samaritans (UK and Ireland): call 116 123, free, any time, day or night\n"
                    "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")
_UK_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call 999 now "
                            "(911 in the US).\n\n")


_CANADA_LINES: Final = ("• In Canada: call or text 9-8-8 (Suicide Crisis Helpline), free, any time, "
                        "in English or French\n"
                        "• If you're in immediate danger, call 911\n"
                        "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")


_CANADA_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call 911 now, or your "
                                "provincial poison centre.\n\n")


def _canada_text(category: RiskCategory | None, *, veteran: bool) -> str:
    return _local_first(_CANADA_LINES + (_VETERAN_LINE if veteran else ""),
                        _CANADA_OVERDOSE_LEAD if category == "overdose" else "")


_AUSTRALIA_LINES: Final = ("• In Australia: if you're in immediate danger, call 000\n"
                           "• Lifeline: call 13 11 14 or text 0477 13 11 14, free, any time, day or night\n"
                           "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")
_AUSTRALIA_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call 000 now "
                                   "(911 in the US).\n\n")
_MEXICO_LINES: Final = ("• In Mexico: if you're in immediate danger, call 911\n"
                        "• Find a free, confidential helpline in Mexico at findahelpline.com\n"
                        "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")
_MEXICO_OVERDOSE_LEAD: Final = "If you've taken too much of something, call 911 now.\n\n"
_EUROPE_LINES: Final = ("• If you're in immediate danger, call 112 (it works across the EU) or your "
                        "local emergency number\n"
                        "• Find a free, confidential helpline in your country at findahelpline.com\n"
                        "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")
_EUROPE_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call 112 now "
                                "(911 in the US).\n\n")
#: A named country outside Europe we give no number for: never the EU's 112 (#24).
_ELSEWHERE_LINES: Final = ("• If you're in immediate danger, call your local emergency number\n"
                           "• Find a free, confidential helpline in your country at findahelpline.com\n"
                           "• If you're in the US: call or text 988, text HOME to 741741, or call 911\n")
_ELSEWHERE_OVERDOSE_LEAD: Final = ("If you've taken too much of something, call your local emergency "
                                   "number now (911 in the US).\n\n")
_ES_MEXICO_LINES: Final = ("• En México: si está en peligro inmediato, llame al 911, o busque una línea "
                           "de ayuda en findahelpline.com\n")
_ES_ELSEWHERE_LINES: Final = ("• Si vive fuera de EE. UU.: llame a su número local de emergencias o busque "
                              "una línea de ayuda en findahelpline.com\n")
_LOCAL: Final = {"australia": (_AUSTRALIA_LINES, _AUSTRALIA_OVERDOSE_LEAD),
                 "mexico": (_MEXICO_LINES, _MEXICO_OVERDOSE_LEAD),
                 "europe": (_EUROPE_LINES, _EUROPE_OVERDOSE_LEAD),
                 "elsewhere": (_ELSEWHERE_LINES, _ELSEWHERE_OVERDOSE_LEAD)}


def crisis_reply(category: RiskCategory | None = None, *, spanish: bool = False,
                 outside_us: bool = False, veteran: bool = False, place: str | None = None) -> Reply:
    """The reply sent when a message is assessed as at risk (urgent, one handoff button).

    For an overdose it leads with emergency services and Poison Control; for abuse or
    danger at home it adds the National Domestic Violence Hotline. ``outside_us`` (the
    member's stored residence) puts the local emergency number and a helpline
    directory first; ``spanish`` answers in Spanish; ``veteran`` adds the Veterans
    Crisis Line (988, then 1). ``place`` is a place outside the US named in the
    message itself: "uk" (999 and Samaritans first), "canada" (9-8-8 and 911 first) or
    "elsewhere" (as ``outside_us``).
    """
    if place in ("uk", "canada") and not spanish:
        text = (_uk_text if place == "uk" else _canada_text)(category, veteran=veteran)
        return Reply(text=text, buttons=(Button(label=HANDOFF_LABEL, action=HANDOFF_ACTION),), urgent=True)
    if place in _LOCAL and not spanish:
        lines, lead = _LOCAL[place]
        text = _local_first(lines + (_VETERAN_LINE if veteran else "") + (_ABUSE_LINE if category == "abuse" else ""),
                            lead if category == "overdose" else "")
        return Reply(text=text, buttons=(Button(label=HANDOFF_LABEL, action=HANDOFF_ACTION),), urgent=True)
    outside_us = outside_us or place is not None
    if spanish:
        text = _spanish_text(category, outside_us=outside_us, veteran=veteran, place=place)
        label = HANDOFF_LABEL_ES
    else:
        text = _english_text(category, outside_us=outside_us, veteran=veteran)
        label = HANDOFF_LABEL
    return Reply(text=text, buttons=(Button(label=label, action=HANDOFF_ACTION),), urgent=True)


def _english_text(category: RiskCategory | None, *, outside_us: bool, veteran: bool) -> str:
    lines = _OUTSIDE_LINES if outside_us else _US_LINES
    if veteran:
        lines += _VETERAN_LINE
    if category == "abuse":
        lines += _ABUSE_LINE
    if not outside_us:
        lines += _DANGER_LINE + _SPANISH_HINT + _ELSEWHERE_HINT
    lead = ""
    if category == "overdose":
        lead = _OUTSIDE_OVERDOSE_LEAD if outside_us else _OVERDOSE_LEAD
    return lead + _OPENING + lines + _CLOSING


def _uk_text(category: RiskCategory | None, *, veteran: bool) -> str:
    return _local_first(_UK_LINES + (_VETERAN_LINE if veteran else "") + _ELSEWHERE_HINT,
                        _UK_OVERDOSE_LEAD if category == "overdose" else "")


def _local_first(lines: str, lead: str) -> str:
    """A crisis reply whose first lines are a named country's own (the UK's, Canada's)."""
    return lead + _OPENING + lines + _CLOSING


def _spanish_text(category: RiskCategory | None, *, outside_us: bool, veteran: bool,
                  place: str | None = None) -> str:
    local = (_ES_MEXICO_LINES if place == "mexico"
             else _ES_ELSEWHERE_LINES if place in ("australia", "elsewhere", "canada", "uk")
             else _ES_OUTSIDE_LINES if outside_us else "")
    lines = local + _ES_US_LINES
    if veteran:
        lines += _ES_VETERAN_LINE
    if category == "abuse":
        lines += _ES_ABUSE_LINE
    lines += _ES_DANGER_LINE
    lead = _ES_OVERDOSE_LEAD if category == "overdose" else ""
    return lead + _ES_OPENING + lines + _ES_CLOSING


_RESOURCES_LINE: Final = "If you need help now: call or text 988 · text HOME to 741741 · 911 in an emergency."


def resources_line() -> str:
    """One short line that leads every reply while a member's risk flag is set."""
    return _RESOURCES_LINE


# --------------------------------------------------------------------------- risk-adjacent

_ADJACENT_LINE: Final = ("If any of this is weighing on you, support is there any time: call or "
                         "text 988, or text HOME to 741741.")
_ADJACENT_LINE_ES: Final = ("Si algo de esto le pesa, puede llamar al 988 y marcar 2 a cualquier "
                            "hora, o enviar AYUDA al 741741.")


def adjacent_line(*, spanish: bool = False) -> str:
    """The one gentle line of resources before a risk-adjacent member's answer."""
    return _ADJACENT_LINE_ES if spanish else _ADJACENT_LINE


# --------------------------------------------------------------------------- distress

_CHECKIN: Final = ("I'm sorry things feel this hard right now, and thank you for telling me. "
                   "I'd like to ask you directly, because it matters: are you thinking about "
                   "harming yourself or ending your life?")
CHECKIN_YES_LABEL: Final = "Yes, I am"
CHECKIN_NO_LABEL: Final = "No, it's just a hard day"


_CHECKIN_ES: Final = ("Siento mucho que las cosas se sientan tan difíciles ahora, y gracias por "
                      "contármelo. Quiero preguntarle directamente, porque importa: ¿está pensando en "
                      "hacerse daño o en quitarse la vida?")
CHECKIN_YES_LABEL_ES: Final = "Sí, lo estoy"
CHECKIN_NO_LABEL_ES: Final = "No, solo es un día difícil"


def checkin_reply(*, spanish: bool = False) -> Reply:
    """The warm check-in for distress without a stated risk, asking directly about self-harm
    (in Spanish for a Spanish message: its buttons say so, and the answer's reply follows)."""
    if spanish:
        return Reply(_CHECKIN_ES, (Button(CHECKIN_YES_LABEL_ES, CHECKIN_YES_ACTION_ES, "danger"),
                                   Button(CHECKIN_NO_LABEL_ES, CHECKIN_HARD_DAY_ACTION_ES)))
    return Reply(_CHECKIN, (Button(CHECKIN_YES_LABEL, CHECKIN_YES_ACTION, "danger"),
                            Button(CHECKIN_NO_LABEL, CHECKIN_HARD_DAY_ACTION)))


_HARD_DAY: Final = ("Thank you for telling me. Hard days are real, and you don't have to carry "
                    "them alone. Talking to someone helps, and so does a weekly group of people "
                    "working through the same things: our depression and anxiety groups, and the "
                    "DBT skills group (open to everyone, wherever you live), are good places to "
                    "start. If you'd like, a person on our team can get in touch with you. And if "
                    "things change, you can call or text 988 any time, day or night.")


_HARD_DAY_ES: Final = ("Gracias por contármelo. Los días difíciles son reales, y no tiene que "
                       "cargarlos a solas. Hablar con alguien ayuda, y también un grupo semanal de "
                       "personas que pasan por lo mismo. Por ahora solo puedo conversar en inglés, pero "
                       "una persona de nuestro equipo puede ponerse en contacto con usted. Y si las "
                       "cosas cambian, puede llamar o enviar un mensaje de texto al 988 (marque 2 para "
                       "español) a cualquier hora, de día o de noche.")


_HEDGED_LEAD: Final = ("Thank you for answering. If those thoughts do come, now or later, you don't "
                       "have to wait until it's an emergency: call or text 988 any time, or press "
                       "\"Yes, I am\" below and I'll help you reach someone now.\n\n")
_HEDGED_LEAD_ES: Final = ("Gracias por responder. Si esos pensamientos llegan, ahora o más tarde, no tiene "
                          "que esperar a una emergencia: llame o envíe un texto al 988 (marque 2 para "
                          "español), o pulse \"Sí, lo estoy\" abajo.\n\n")


def hard_day_reply(*, spanish: bool = False, hedged: bool = False) -> Reply:
    """'No, it's just a hard day': support, groups that fit, and a person to talk to.

    ``hedged`` ("not right now", "not really"): the same, led by a line that keeps the
    question open, with the check-in's "Yes, I am" button first."""
    if spanish:
        again_es = (Button(CHECKIN_YES_LABEL_ES, CHECKIN_YES_ACTION_ES, "danger"),) if hedged else ()
        return Reply((_HEDGED_LEAD_ES if hedged else "") + _HARD_DAY_ES,
                     (*again_es, Button(HANDOFF_LABEL_ES, HANDOFF_ACTION, "primary"),
                      Button("DBT skills group", actions.encode("sessions", "dbt_skills"))))
    again = (Button(CHECKIN_YES_LABEL, CHECKIN_YES_ACTION, "danger"),) if hedged else ()
    return Reply((_HEDGED_LEAD if hedged else "") + _HARD_DAY,
                 (*again, Button("Depression group", actions.encode("sessions", "depression"), "primary"),
                  Button("Anxiety group", actions.encode("sessions", "anxiety")),
                  Button("DBT skills group", actions.encode("sessions", "dbt_skills")),
                  Button(HANDOFF_LABEL, HANDOFF_ACTION)))


# --------------------------------------------------------------------------- after a crisis reply

_STILL_HERE: Final = ("I'm glad to hear that. If that changes, or you'd just like to talk, I'm "
                      "here, and you can call or text 988 any time, day or night. Whenever you're "
                      "ready, I can help with our groups or anything else.")


def still_here_reply() -> str:
    """'Never mind, I'm fine' after a crisis reply: acknowledge it and keep the door open."""
    return _STILL_HERE


# --------------------------------------------------------------------------- someone else at risk now

_SOMEONE_ELSE: Final = (
    "Thank you for looking out for them. If they might act on it now or are in immediate "
    "danger, {emergency}, and stay with them if it's safe to.\n"
    "\n"
    "You can call or text 988 (Suicide & Crisis Lifeline) for them or for yourself: it's "
    "there for people worried about someone else too, and a counselor can talk you through "
    "what to do. You can also text HOME to 741741.\n"
    "\n"
    "Things that help: ask them directly whether they're thinking about suicide, listen "
    "without judging, help keep them away from anything they could use to hurt themselves, "
    "help them reach 988 or someone they trust, and check in with them afterwards. Look "
    "after yourself too; this is a lot to carry.\n"
    "\n"
    "If you'd like to talk with someone on our staff, use the Talk to a person button below.")
_EMERGENCY: Final = {
    None: "call 911 (or your local emergency number outside the US)",
    "uk": "call 999 (911 in the US)",
    "canada": "call 911",
    "mexico": "call 911",
    "australia": "call 000 (911 in the US)",
    "europe": "call 112 (911 in the US)",
    "elsewhere": "call your local emergency number (911 in the US)",
}


def someone_else_reply(place: str | None = None) -> Reply:
    """Someone else is at risk now: how to help them, 911 (or the local number) and 988.

    Not urgent and no risk flag: the member is not the one at risk (docs/crisis-detection.md).
    """
    emergency = _EMERGENCY.get(place, _EMERGENCY["elsewhere"])
    return Reply(_SOMEONE_ELSE.format(emergency=emergency), (Button(HANDOFF_LABEL, HANDOFF_ACTION),))
