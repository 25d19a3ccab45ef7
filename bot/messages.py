"""Boundary types: what an adapter hands the core, and what the core hands back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Platform = Literal["console", "slack", "discord"]
ChannelKind = Literal["direct", "public"]

MAX_ACTION_ID = 100
MAX_LABEL = 75
MAX_BUTTONS_PER_ROW = 5
MAX_BUTTONS = 25


@dataclass(frozen=True, slots=True)
class MemberKey:
    """A member as a platform knows them; ``key``, ``"platform:user_id"``, is unique across
    platforms (the stored form). ``parse`` reads a stored key back into its two parts."""

    platform: str
    user_id: str

    @classmethod
    def parse(cls, key: str) -> MemberKey:
        platform, _, user_id = key.partition(":")
        return cls(platform, user_id)

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.user_id}"

    def __str__(self) -> str:
        return self.key


@dataclass(frozen=True, slots=True)
class Inbound:
    """One message or button press from a member, already translated by an adapter."""

    member: MemberKey
    text: str | None = None
    action: str | None = None
    event_id: str | None = None
    display_name: str | None = None
    channel: ChannelKind = "direct"


@dataclass(frozen=True, slots=True)
class Button:
    """A choice the member can press; ``action`` carries its whole meaning."""

    label: str
    action: str
    style: Literal["primary", "danger"] | None = None

    def __post_init__(self) -> None:
        if not self.label or len(self.label) > MAX_LABEL:
            raise ValueError(f"button label must be 1..{MAX_LABEL} characters")
        if not self.action or len(self.action) > MAX_ACTION_ID:
            raise ValueError(f"button action must be 1..{MAX_ACTION_ID} characters")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A small text file sent with a reply (a CSV export, a calendar file)."""

    name: str
    mime: str
    text: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to the member: plain text (adapters escape it), optional buttons and files.

    ``mentions`` pairs a plain token that appears in ``text`` (``"slack user U123"``)
    with the member key it stands for; an adapter that can show a platform mention
    replaces the token with one, the console shows the token as written. Only core-made
    text (staff replies) uses it, never text a member typed.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    urgent: bool = False
    mentions: tuple[tuple[str, str], ...] = ()
    files: tuple[Attachment, ...] = ()

    def __post_init__(self) -> None:
        if len(self.buttons) > MAX_BUTTONS:
            raise ValueError(f"at most {MAX_BUTTONS} buttons in one reply")


@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything the core decided for one inbound message."""

    replies: tuple[Reply, ...]
    intent: str | None = None
    duplicate: bool = False
    crisis: bool = False
    member_ref: str | None = None  # the member's reference, for an adapter's log lines
