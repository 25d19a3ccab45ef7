"""Slack text in both directions: escaping plain text, and reading Slack markup as plain text.

Slack treats ``<...>`` as markup (mentions, ``<!channel>``, links) and ``&`` as the
start of an entity, so everything the bot posts goes through :func:`escape` first:
a member's words echoed back can then never ping a channel, mention someone or
smuggle a link. Incoming message text arrives *as* Slack markup; :func:`to_plain`
turns it into the plain text the core expects.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"<([^<>]*)>")


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` (Slack's three control characters), in that order."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Undo Slack's escaping of ``< > &`` (``&amp;`` last, so ``&amp;lt;`` stays ``&lt;``)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _markup_to_plain(match: re.Match[str], drop_user: str | None) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):  # <@U123> or <@U123|name>
        if drop_user is not None and target[1:] == drop_user:
            return " "
        return "@" + (label or target[1:])
    if target.startswith("#"):  # <#C123|general>
        return "#" + (label or target[1:])
    if target.startswith("!"):  # <!channel>, <!subteam^S1|@team>, <!date^...|fallback>
        if label:
            return label
        return "@" + target[1:].split("^", 1)[0]
    return label or target  # <https://example.org|example> or <mailto:a@b.c>


def to_plain(text: str | None, *, drop_user: str | None = None) -> str:
    """Slack message markup as plain text; mentions of ``drop_user`` (the bot) are removed."""
    if not text:
        return ""
    plain = _MARKUP.sub(lambda match: _markup_to_plain(match, drop_user), text)
    return unescape(plain).strip()
