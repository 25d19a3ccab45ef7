"""A member message's buttons and files, as the outbox's ``extra`` JSON column holds them."""

from __future__ import annotations

from typing import Any

from bot.domain import Notice
from bot.messages import Attachment, Button


def extra_json(notice: Notice) -> dict[str, Any] | None:
    """The column value for a notice (None when it has neither buttons nor files)."""
    if not notice.buttons and not notice.files:
        return None
    return {"buttons": [{"label": b.label, "action": b.action, "style": b.style} for b in notice.buttons],
            "files": [{"name": f.name, "mime": f.mime, "text": f.text} for f in notice.files]}


def extra_from_json(value: Any) -> tuple[tuple[Button, ...], tuple[Attachment, ...]]:
    """Buttons and files back from the column (nothing for NULL or anything unreadable)."""
    if not isinstance(value, dict):
        return (), ()
    try:
        buttons = tuple(Button(b["label"], b["action"], b.get("style")) for b in value.get("buttons") or [])
        files = tuple(Attachment(f["name"], f["mime"], f["text"]) for f in value.get("files") or [])
    except (KeyError, TypeError, ValueError):
        return (), ()
    return buttons, files
