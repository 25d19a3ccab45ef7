"""Console delivery of notices: staff notices and member messages, collected for the current line.

Whatever this process's relay delivers is reported by this process at once, whoever
it is for: a member message never waits for that member's next turn (which may go to
another process on the same store).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Notice, OutboxItem
from bot.messages import MemberKey
from bot.notices import MEMBER, ONCALL

CONSOLE_PREFIX = "console:"


def render_member(member_key: str | None) -> str:
    if member_key is None:
        return "(a member who has since deleted their data)"
    who = MemberKey.parse(member_key)
    platform, user_id = who.platform, who.user_id
    return f"@{user_id}" if platform == "console" else f"{platform} user {user_id}"


def render_oncall(mention: str) -> str:
    return f"@{mention}" if mention else "@on-call staff"


class ConsoleNotifier:
    """Staff notices go to ``staff``, member messages to ``members``, until taken."""

    def __init__(self, oncall_mention: str = "") -> None:
        self._oncall = render_oncall(oncall_mention)
        self.staff: list[str] = []
        self.members: list[tuple[str, str]] = []  # (member key, text), in delivery order
        self.member_notices: list[Notice] = []  # the same messages' notices (buttons, files)

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> None:
        """Nothing to update later: a console line, once written, stays as it was."""
        notice = item.notice
        text = notice.text.replace(MEMBER, render_member(notice.member_key)).replace(ONCALL, self._oncall)
        if notice.audience == "staff":
            self.staff.append(text)
        elif notice.member_key and notice.member_key.startswith(CONSOLE_PREFIX):
            self.members.append((notice.member_key, text))
            self.member_notices.append(notice)

    def take_staff(self) -> list[str]:
        taken, self.staff = self.staff, []
        return taken

    def take_members(self) -> list[tuple[str, str]]:
        taken, self.members, self.member_notices = self.members, [], []
        return taken

    def take_member_messages(self) -> list[tuple[str, str, Notice]]:
        """(member key, rendered text, notice) for each member message, in delivery order."""
        notices = self.member_notices
        return [(key, text, notice) for (key, text), notice in zip(self.take_members(), notices)]

    def take_all_member_messages(self) -> dict[str, list[str]]:
        by_member: dict[str, list[str]] = {}
        for key, text in self.take_members():
            by_member.setdefault(key, []).append(text)
        return by_member
