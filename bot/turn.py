"""One turn of a conversation: the member, the open transaction, and the replies so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.dialogue_state import NOTHING, DialogueState, Waiting
from bot.domain import Member, Notice
from bot.language.residence import Residence, residence_from_code
from bot.messages import Attachment, Button, ChannelKind, Reply
from bot.ports import UnitOfWork
from bot.urgent_notices import one_per_member

if TYPE_CHECKING:
    from bot.dependencies import Dependencies


@dataclass(slots=True)
class Turn:
    uow: UnitOfWork
    member: Member
    now: datetime
    deps: Dependencies
    replies: list[Reply] = field(default_factory=list)
    intent: str | None = None
    member_deleted: bool = False
    channel: ChannelKind = "direct"
    #: Where the member lives, read from the stored code once a turn (``residency.accept`` sets it).
    residence: Residence | None = None
    #: The member's message says it is urgent ("urgently", "right now"): a request for a
    #: person is then raised as an urgent notice (bot.flows.menu.handoff).
    urgent_asked: bool = False

    def __post_init__(self) -> None:
        code = self.member.residence_code
        self.residence = residence_from_code(code) if code else None

    def say(self, text: str, buttons: tuple[Button, ...] | list[Button] = (),
            files: tuple[Attachment, ...] = ()) -> None:
        self.replies.append(Reply(text, tuple(buttons), files=files))

    async def notify(self, notice: Notice) -> None:
        """Queue a notice; an urgent one for a member who already has one open updates that
        one instead (bot.urgent_notices)."""
        await self.uow.outbox.add(await one_per_member(self.uow, notice, self.now), self.now)

    # -- the dialogue state, kept on the member row ---------------------------------
    @property
    def waiting(self) -> Waiting | None:
        """The question the member's next message may answer, if any."""
        return self.member.dialogue.waiting

    def expect(self, waiting: Waiting) -> None:
        """Ask a question: it replaces whatever was pending, and restarts the expiry clock."""
        self.member.dialogue = DialogueState(waiting)
        self.member.dialogue_updated_at = self.now

    def clear_flow(self) -> None:
        self.member.dialogue = NOTHING
        self.member.dialogue_updated_at = self.now
