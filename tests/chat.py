"""Transcript helpers: say this, expect that, press this button."""

from __future__ import annotations

from bot.core import Core
from bot.messages import Inbound, MemberKey, Outcome


class Chat:
    def __init__(self, core: Core, user: str = "u1", platform: str = "console") -> None:
        self.core = core
        self.member = MemberKey(platform, user)
        self._last: Outcome | None = None

    @property
    def last(self) -> Outcome:
        """The last turn's outcome (a test that reads it before saying anything is wrong)."""
        assert self._last is not None, "nothing said yet"
        return self._last

    async def say(self, text: str, event_id: str | None = None) -> Outcome:
        self._last = await self.core.handle(Inbound(self.member, text=text, event_id=event_id))
        return self._last

    async def act(self, action: str, event_id: str | None = None) -> Outcome:
        self._last = await self.core.handle(Inbound(self.member, action=action, event_id=event_id))
        return self._last

    async def press(self, label_part: str) -> Outcome:
        """Press the first button of the last turn whose label contains ``label_part``."""
        assert self._last is not None, "nothing to press yet"
        for reply in self.last.replies:
            for button in reply.buttons:
                if label_part.lower() in button.label.lower():
                    return await self.act(button.action)
        raise AssertionError(f"no button like {label_part!r} in {self.labels}")

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.last.replies)

    @property
    def labels(self) -> list[str]:
        return [b.label for r in self.last.replies for b in r.buttons]

    @property
    def actions(self) -> list[str]:
        return [b.action for r in self.last.replies for b in r.buttons]
