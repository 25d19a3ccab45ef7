"""A bounded memo of understanding: the same text read by the same classifier, read once.

``IntentClassifier.understand`` is a pure function of the classifier (built once at
start-up from the content files) and the text: nothing another process or another turn
can change goes into it (no seats, no member state). So its result for a text seen
recently is reused instead of scored again; the burst after an announcement ("book",
"yes", "how much is it?") and the benchmark's repeated FAQ messages are mostly repeats.

- Bounded: at most ``MAX_ENTRIES`` results per classifier, least recently used evicted;
  texts longer than ``MAX_TEXT`` characters are never memoised (rarely repeated).
- Holds no member text: entries are keyed by a 128-bit BLAKE2b digest of the text.
- One memo per classifier: each is built around its classifier (``Dependencies`` makes one),
  so a classifier built with other content or another threshold never sees another's
  results. No module state.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from bot.language.intents import IntentClassifier, Understanding

MAX_ENTRIES = 4096
MAX_TEXT = 1000


class UnderstandingMemo:
    """Least-recently-used results of one classifier, keyed by a digest of the text."""

    __slots__ = ("_classifier", "_entries", "_size", "hits", "misses")

    def __init__(self, classifier: IntentClassifier, size: int = MAX_ENTRIES) -> None:
        self._classifier = classifier
        self._entries: OrderedDict[bytes, Understanding] = OrderedDict()
        self._size = size
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def understand(self, text: str) -> Understanding:
        """``classifier.understand(text)``, from the memo when this text was read recently."""
        if len(text) > MAX_TEXT:
            return self._classifier.understand(text)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            return found
        self.misses += 1
        result = self._classifier.understand(text)
        self._entries[key] = result
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return result
