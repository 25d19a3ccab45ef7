"""Kept for imports from before ``bot.language``: the intent classifier lives in ``bot.language.intents``."""

from bot.language.intents import IntentClassifier, Understanding, normalise

__all__ = ["IntentClassifier", "Understanding", "normalise"]
