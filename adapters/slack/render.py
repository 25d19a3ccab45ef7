"""The core's replies and notices as Slack messages: Block Kit plus a plain ``text`` fallback.

Every piece of core text is escaped (``& < >``) before it is placed in ``mrkdwn``
or in a ``text`` fallback. Button labels are ``plain_text`` (Slack never parses
markup there). A button's ``value`` is the core's action id (its whole meaning);
its ``action_id`` is the same id, suffixed only if a row repeats it, because
Slack wants action ids unique within a block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack.escape import escape
from adapters.slack.inbound import PLATFORM, valid_user_id
from bot.domain import Notice
from bot.messages import Button, MAX_BUTTONS_PER_ROW, MemberKey, Reply
from bot.notices import MEMBER, ONCALL, staff_buttons

Block = dict[str, Any]

SECTION_LIMIT = 3000        # characters in one section's text (Block Kit)
MESSAGE_BLOCK_LIMIT = 50    # blocks in one message
HOME_BLOCK_LIMIT = 100      # blocks in one App Home view
DELETED_MEMBER = "a member who deleted their data"


@dataclass(frozen=True, slots=True)
class SlackMessage:
    """What chat.postMessage needs: escaped fallback text and the blocks."""

    text: str
    blocks: list[Block]


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split plain ``text`` into pieces within ``limit`` once escaped, keeping lines whole if possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(escape(candidate)) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        for char in line:
            if len(escape(current + char)) > limit:
                pieces.append(current)
                current = ""
            current += char
    if current or not pieces:
        pieces.append(current)
    return pieces


def text_blocks(text: str, mentions: tuple[tuple[str, str], ...] = ()) -> list[Block]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": _mention(escape(piece), mentions) or " ",
                                         "verbatim": True}}
            for piece in chunks(text)]


def _mention(escaped: str, mentions: tuple[tuple[str, str], ...]) -> str:
    """Core-made tokens ("slack user U123") as real mentions, in already escaped text."""
    for token, member_key in mentions:
        if member_key.startswith(f"{PLATFORM}:"):
            escaped = escaped.replace(escape(token), member_mention(member_key))
    return escaped


def button_element(button: Button, action_id: str) -> Block:
    element: Block = {"type": "button", "action_id": action_id, "value": button.action,
                      "text": {"type": "plain_text", "text": button.label, "emoji": True}}
    if button.style is not None:
        element["style"] = button.style
    return element


def _unique_ids(buttons: Sequence[Button]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for button in buttons:
        count = seen.get(button.action, 0) + 1
        seen[button.action] = count
        ids.append(button.action if count == 1 else f"{button.action}#{count}")
    return ids


def button_rows(buttons: Sequence[Button], per_row: int = MAX_BUTTONS_PER_ROW) -> list[Block]:
    """Actions blocks of at most ``per_row`` buttons (phones show five comfortably)."""
    rows: list[Block] = []
    for start in range(0, len(buttons), per_row):
        row = buttons[start:start + per_row]
        rows.append({"type": "actions",
                     "elements": [button_element(b, i) for b, i in zip(row, _unique_ids(row))]})
    return rows


def reply_message(reply: Reply) -> SlackMessage:
    blocks = text_blocks(reply.text, reply.mentions) + button_rows(reply.buttons)
    return SlackMessage(text=_mention(escape(reply.text), reply.mentions), blocks=blocks[:MESSAGE_BLOCK_LIMIT])


def home_view(intro: str, replies: Iterable[Reply], title: str = "Your bookings") -> Block:
    """The App Home: what the bot does, then the core's answer about the member's bookings."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "frontdoor", "emoji": True}},
        *text_blocks(intro),
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": title, "emoji": True}},
    ]
    for reply in replies:
        blocks += text_blocks(reply.text) + button_rows(reply.buttons)
    return {"type": "home", "blocks": blocks[:HOME_BLOCK_LIMIT]}


def member_mention(member_key: str | None) -> str:
    """``<@U123>`` for a Slack member; a neutral phrase once their data is gone."""
    if member_key is None:
        return DELETED_MEMBER
    who = MemberKey.parse(member_key)
    platform, user_id = who.platform, who.user_id
    if platform == PLATFORM and valid_user_id(user_id):
        return f"<@{user_id}>"
    return escape(f"{platform} member")


def oncall_mention(setting: str) -> str:
    """``STAFF_ONCALL_MENTION`` as Slack markup: a user group (S...) or a user (U.../W...)."""
    value = setting.removeprefix("user:")
    if value.startswith("S"):
        return f"<!subteam^{value}>"
    if valid_user_id(value):
        return f"<@{value}>"
    return "on-call staff"


def notice_text(notice: Notice, oncall: str = "") -> str:
    """A notice for Slack: the core's text escaped, then ``{member}`` made a mention (and
    ``{oncall}`` the on-call mention, the only group mention the bot makes)."""
    return (escape(notice.text).replace(MEMBER, member_mention(notice.member_key))
            .replace(ONCALL, oncall_mention(oncall)))


def notice_message(notice: Notice, oncall: str = "") -> SlackMessage:
    """A staff notice with its buttons ("I'm on it", "Done") when it has any."""
    text = notice_text(notice, oncall)
    buttons = staff_buttons(notice)
    blocks: list[Block] = []
    if buttons:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": piece or " ", "verbatim": True}}
                  for piece in _raw_chunks(text)] + button_rows(buttons)
    return SlackMessage(text=text, blocks=blocks)


def _raw_chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    return [text[i:i + limit] for i in range(0, len(text), limit)] or [""]
