"""A file of the built intent classifier, so a restarted process does not build it again.

Building ``IntentClassifier`` from the knowledge base (spelling table, two TF-IDF spaces,
naive Bayes over about 3,000 examples) is pure-Python arithmetic: about 0.4 s of every
start-up. ``cached_classifier`` keeps the built object in one pickle file and reads it back
in about 0.03 s.

The file is found by a key made of everything the build reads: the knowledge base (its
full ``repr``: every intent, example, topic and out-of-scope line), the threshold, the
source of every module under ``bot/language/`` and of ``bot/knowledge.py``, and the
versions of Python, ``snowballstemmer`` and ``rapidfuzz``. Edit any of these and the key
changes, so the classifier is built afresh (and the old file removed). The file carries a
sha256 of its body (``adapters/cache_file.py``); a damaged or unreadable file is ignored, a directory that cannot be
written just means the next start builds again. The place index is not in the file: it is
shared with the rest of the process and attached after loading.

The file is read with ``pickle``: it must be as trusted as the code itself, which is why it
lives in the user's own cache directory (as Python's own ``__pycache__`` does).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Final

import bot.language
from adapters.cache_file import read_checked, write_checked
from bot import knowledge
from bot.knowledge import KnowledgeBase
from bot.language.intents import DEFAULT_THRESHOLD, IntentClassifier
from bot.language.places import PlaceIndex

log = logging.getLogger("frontdoor.classifier_cache")

_PREFIX: Final = "classifier-"


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "none"


def build_key(kb: KnowledgeBase, threshold: float = DEFAULT_THRESHOLD) -> str:
    """What the build reads, hashed: content, code and library versions (see the module docstring)."""
    digest = hashlib.sha256()
    digest.update(repr(kb).encode("utf-8", "surrogatepass"))
    digest.update(repr(threshold).encode())
    sources = sorted(Path(bot.language.__file__).parent.rglob("*.py")) + [Path(knowledge.__file__)]
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    for part in (sys.version, _package_version("snowballstemmer"), _package_version("rapidfuzz")):
        digest.update(part.encode())
    return digest.hexdigest()[:32]


def cached_classifier(kb: KnowledgeBase, places: PlaceIndex, directory: Path | None) -> IntentClassifier:
    """The classifier for ``kb``, read from ``directory`` when built there before, else built
    (and written there for the next start). ``None``: always built, nothing written."""
    if directory is None:
        return IntentClassifier(kb, places)
    path = directory / f"{_PREFIX}{build_key(kb)}.pickle"
    classifier = _read(path)
    if classifier is None:
        classifier = IntentClassifier(kb, places)
        _write(path, classifier)
    else:
        classifier.attach_places(places)
    return classifier


def _read(path: Path) -> IntentClassifier | None:
    body = read_checked(path, log)
    if body is None:
        return None
    try:
        loaded = pickle.loads(body)  # noqa: S301 - our own file in the user's cache directory, checked
    except Exception as error:  # a class that changed shape in a way the key did not see
        log.info("classifier cache ignored (%s)", type(error).__name__)
        return None
    return loaded if isinstance(loaded, IntentClassifier) else None


def _write(path: Path, classifier: IntentClassifier) -> None:
    if write_checked(path, pickle.dumps(classifier, protocol=pickle.HIGHEST_PROTOCOL), log):
        for old in path.parent.glob(f"{_PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
