"""Recognising a message written in Spanish (full Spanish replies are a later step).

A message counts as Spanish when enough of its words are common Spanish function
words or greetings that English does not share ("hola", "quiero", "necesito", ...).
"""

from __future__ import annotations

from bot.language.normalise import Said

_SPANISH = frozenset(
    "hola buenas buenos dias tardes noches gracias quiero quisiera necesito puedo podria "
    "tienen tiene hay donde cuanto cuanta cuesta cuestan precio ayuda ayudar por favor "
    "usted ustedes estoy soy tengo como que cual cuales cuando porque pero tambien "
    "grupo grupos terapia terapeuta espanol habla hablan hablar informacion inscribirme "
    "apuntarme reservar cita sesion sesiones vivo estado mi mis el los las una del para "
    "con sin muy bien mal si alguien persona "
    # family, time and everyday words members use when they tell us what happened
    "hermano hermana madre padre mama papa hijo hija hijos esposo esposa marido pareja amigo amiga "
    "familia hace dos tres anos ano pasado pasada semana mes meses al duelo unirme perdi murio "
    "fallecio suicido suicidio sobredosis ayer hoy ahora siempre nunca nada todo todos algo "
    "estar esta estan fue era tuve puede pueden saber hacer vida dolor triste tristeza".split()
)
#: Words both languages use; they do not count either way.
_SHARED = frozenset("no me a la de en es se y o un final son".split())


#: "vivo en florida", "soy de nueva york": where a member lives, said in Spanish (one Spanish
#: word besides the place, so the share of Spanish words alone does not tell).
_WHERE_I_LIVE = frozenset({("vivo", "en"), ("vivimos", "en"), ("soy", "de"), ("somos", "de"), ("estoy", "en")})


def is_spanish(text: Said) -> bool:
    if tuple(text.words[:2]) in _WHERE_I_LIVE:
        return True
    said = [w for w in text.words if w not in _SHARED and not w.isdigit()]
    if not said:
        return False
    hits = sum(w in _SPANISH for w in said)
    return hits >= 2 and hits / len(said) >= 0.5 or (len(said) == 1 and said[0] in {"hola", "ayuda", "espanol"})
