"""Cleaning what members type: Unicode normalisation, control characters, length cap."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_TEXT = 2000

_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str
    truncated: bool


def clean(raw: str | None, limit: int = MAX_TEXT) -> CleanText:
    """NFC-normalise, drop control/format characters (keeping newlines as spaces), cap length."""
    if not raw:
        return CleanText("", False)
    truncated = len(raw) > limit * 4
    raw = raw[: limit * 4]
    text = unicodedata.normalize("NFC", raw)
    kept = []
    for ch in text:
        if ch in "\n\r\t":
            kept.append(" ")
        elif unicodedata.category(ch) not in _INVISIBLE_CATEGORIES:
            kept.append(ch)
    text = " ".join("".join(kept).split())
    if len(text) > limit:
        text = text[:limit]
        truncated = True
    return CleanText(text, truncated)
