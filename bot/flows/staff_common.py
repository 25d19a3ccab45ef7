"""What every staff command shares: the parsed command, reference spelling, the audit row."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Group
from bot.messages import MemberKey
from bot.turn import Turn


@dataclass(frozen=True, slots=True)
class Command:
    verb: str
    args: list[str]
    text: str

    def rest(self, start: int) -> str:
        """The free text after ``start`` arguments (a reason), as typed."""
        words = self.text.split(maxsplit=2 + start)
        return words[2 + start].strip() if len(words) > 2 + start else ""


def normalise_member_ref(raw: str) -> str:
    """Member references are 'M-' and lower-case hex; accept any case staff type."""
    return "M-" + raw[2:].lower() if raw[:2].upper() == "M-" else raw


def normalise_ref(raw: str) -> str:
    """Booking (FD-), urgent (U-) and request (H-) references are upper case."""
    return raw.strip().upper()


async def audit(turn: Turn, action: str, subject: str | None = None) -> None:
    """One audit row: what, when, the hashed staff id, a reference; never any text."""
    await turn.uow.audit.record(action, turn.now, actor=turn.member.ref,
                                subject=subject[:40] if subject else None)


async def group_by_key(turn: Turn, raw: str | None, usage: str) -> Group | None:
    """The group a typed key names; says what went wrong (and returns None) otherwise."""
    if not raw:
        turn.say(f"Which group? Usage: {usage}. \"staff groups\" lists the keys.")
        return None
    group = await turn.uow.groups.by_key(raw.strip().lower())
    if group is None:
        turn.say(f"No group with key {raw!r}. \"staff groups\" lists the keys.")
    return group


def mention_handle(member_key: str) -> str:
    """How staff reach a member on their platform: '<@U123>' (Slack), '<@123>' (Discord)."""
    who = MemberKey.parse(member_key)
    platform, user_id = who.platform, who.user_id
    if platform in ("slack", "discord"):
        return f"<@{user_id}>"
    return f"@{user_id}"


def in_public(turn: Turn) -> bool:
    return turn.channel == "public"
