"""Console delivery of notices: staff notices are collected (and printed), member notices queued."""

from __future__ import annotations

from collections import defaultdict

from bot.domain import OutboxItem
from bot.notices import MEMBER, ONCALL

CONSOLE_PREFIX = "console:"


def render_member(member_key: str | None) -> str:
    if member_key is None:
        return "(a member who has since deleted their data)"
    platform, _, user_id = member_key.partition(":")
    return f"@{user_id}" if platform == "console" else f"{platform} user {user_id}"


def render_oncall(mention: str) -> str:
    return f"@{mention}" if mention else "@on-call staff"


class ConsoleNotifier:
    """Staff notices go to ``staff`` (one turn's worth); member notices wait for that member."""

    def __init__(self, oncall_mention: str = "") -> None:
        self._oncall = render_oncall(oncall_mention)
        self.staff: list[str] = []
        self._for_member: dict[str, list[str]] = defaultdict(list)

    async def deliver(self, item: OutboxItem) -> None:
        notice = item.notice
        text = notice.text.replace(MEMBER, render_member(notice.member_key)).replace(ONCALL, self._oncall)
        if notice.audience == "staff":
            self.staff.append(text)
        elif notice.member_key and notice.member_key.startswith(CONSOLE_PREFIX):
            self._for_member[notice.member_key].append(text)

    def take_staff(self) -> list[str]:
        taken, self.staff = self.staff, []
        return taken

    def take_for_member(self, member_key: str) -> list[str]:
        return self._for_member.pop(member_key, [])

    def take_all_member_messages(self) -> dict[str, list[str]]:
        taken, self._for_member = dict(self._for_member), defaultdict(list)
        return taken
