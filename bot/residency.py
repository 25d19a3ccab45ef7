"""Kept for imports from before ``bot.language``: residence reading lives in ``bot.language.residence``."""

from bot.language.residence import (
    OUTSIDE_US,
    OUTSIDE_US_CODE,
    Residence,
    parse_eligible_states,
    parse_residence,
    residence_from_code,
    warm_up,
)

__all__ = ["OUTSIDE_US", "OUTSIDE_US_CODE", "Residence", "parse_eligible_states",
           "parse_residence", "residence_from_code", "warm_up"]
