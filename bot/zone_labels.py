"""How a clock time is labelled for members: '6:00 PM ET' (short US zone labels, else the
zone's own abbreviation). A leaf module, so the domain records and ``times`` share it."""

from __future__ import annotations

from datetime import datetime

_LABELS = {"EST": "ET", "EDT": "ET", "CST": "CT", "CDT": "CT", "MST": "MT", "MDT": "MT",
           "PST": "PT", "PDT": "PT", "AKST": "AKT", "AKDT": "AKT", "HST": "HT", "HDT": "HT"}


def label(moment: datetime) -> str:
    """The zone's short label at that moment: ET, CT, MT, PT (or the zone's own abbreviation)."""
    name = moment.tzname() or ""
    return _LABELS.get(name, name)


def clock(moment: datetime) -> str:
    """'6:00 PM ET'."""
    return f"{moment.strftime('%I:%M %p').lstrip('0')} {label(moment)}"
