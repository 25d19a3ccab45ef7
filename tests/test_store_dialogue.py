"""The dialogue state's codec: rows written before the typed state existed still load, on the real store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import dialogue_state
from bot.actions import Action, Verb
from bot.dialogue_state import (NOTHING, AfterCrisis, AskAge, AskResidence, AskTimezone, CancelConfirm,
                                DeleteConfirm, DialogueState, PickConfirm, StillHere, WaitlistOffer)
from storage.tables import members
from storage.unit_of_work import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
BOOK_3 = Action(Verb.BOOK, "3")

#: Rows exactly as the dict-based code wrote them (``Turn.expect`` and the flows), and what they mean.
OLD_ROWS: list[tuple[dict[str, Any], DialogueState]] = [
    ({}, NOTHING),
    ({"await": "residence", "then": "fd:book:3", "failed": 0}, DialogueState(AskResidence(BOOK_3, 0))),
    ({"await": "residence", "then": None, "failed": 2}, DialogueState(AskResidence(None, 2))),
    ({"await": "still_here", "then": "fd:book:3"}, DialogueState(StillHere(BOOK_3))),
    ({"await": "age", "then": "fd:book:3"}, DialogueState(AskAge(BOOK_3))),
    ({"await": "cancel_confirm", "ref": "FD-7K3Q9M"}, DialogueState(CancelConfirm("FD-7K3Q9M"))),
    ({"await": "delete_confirm"}, DialogueState(DeleteConfirm())),
    ({"await": "pick_confirm", "pick": "fd:move:FD-7K3Q9M-4"},
     DialogueState(PickConfirm(Action(Verb.MOVE, "FD-7K3Q9M-4")))),
    ({"await": "waitlist_offer", "pick": "fd:waitmove:4"}, DialogueState(WaitlistOffer(Action(Verb.WAITMOVE, "4")))),
    ({"await": "timezone"}, DialogueState(AskTimezone())),
    ({"await": "after_crisis"}, DialogueState(AfterCrisis())),
    ({"shown": [3, 4]}, DialogueState(shown=(3, 4))),
    ({"shown": [3, 4], "moving": "FD-7K3Q9M"}, DialogueState(shown=(3, 4), moving="FD-7K3Q9M")),
    ({"await": "residence", "then": None, "failed": 1, "shown": [5]},
     DialogueState(AskResidence(None, 1), shown=(5,))),
]


@pytest.mark.parametrize(("row", "state"), OLD_ROWS)
def test_an_old_row_decodes_and_encodes_back_unchanged(row: dict[str, Any], state: DialogueState) -> None:
    assert dialogue_state.decode(row) == state
    assert dialogue_state.encode(state) == row


@pytest.mark.parametrize("row", [
    None, {"await": "no_longer_asked", "x": 1}, {"await": "age", "then": "not-an-action"},
    {"shown": "3,4", "moving": 7},
])
def test_an_unreadable_row_means_nothing_pending(row: dict[str, Any] | None) -> None:
    state = dialogue_state.decode(row)
    assert state.shown == () and state.moving is None
    assert state.waiting is None or state.waiting == AskAge(None)


async def test_a_row_written_by_the_old_code_loads_from_the_store(engine: AsyncEngine,
                                                                 sql_uow: SqlUnitOfWorkFactory) -> None:
    old = {"await": "residence", "then": "fd:book:3", "failed": 1, "shown": [3, 4]}
    async with engine.begin() as conn:
        await conn.execute(insert(members).values(
            key="console:old", platform="console", user_id="old", ref="M-0000000001", created_at=NOW,
            at_risk=False, notice_seen=True, dialogue=old, dialogue_updated_at=NOW))
    async with sql_uow() as uow:
        member = await uow.members.get("console:old", for_update=True)
        assert member is not None
        assert member.dialogue == DialogueState(AskResidence(BOOK_3, 1), shown=(3, 4))
        member.dialogue = replace(member.dialogue, moving="FD-7K3Q9M")
        await uow.members.save(member)
        await uow.commit()
    async with engine.connect() as conn:
        stored = (await conn.execute(select(members.c.dialogue).where(members.c.key == "console:old"))).scalar_one()
    assert stored == {**old, "moving": "FD-7K3Q9M"}  # the same format as before
