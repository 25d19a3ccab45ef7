"""docs/deploy.md, exercised: two processes of one platform on one store, and a restart.

Two JSON-lines processes share the store (PostgreSQL in CI's second run, a SQLite file in
the first). A seat freed in one reaches the waitlisted member at once, reported by the
process whose relay delivered it, however the member's own turns are spread; every staff
notice comes out exactly once; a killed process is replaced and the conversation goes on.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from storage.engine import create_engine
from storage.tables import outbox
from tests.jsonl_process import JsonlProcess


def button(answer: dict[str, Any], part: str) -> str:
    action: str = next(b["action"] for r in answer["replies"] for b in r["buttons"] if part in b["action"])
    return action


async def test_two_replicas_and_a_restart_lose_nothing(db_url: str) -> None:
    one, two = JsonlProcess(db_url), JsonlProcess(db_url)  # start together, as replicas do
    third: JsonlProcess | None = None
    seen: list[dict[str, Any]] = []

    def say(proc: JsonlProcess, **fields: Any) -> dict[str, Any]:
        answer = proc.send(fields)
        seen.append(answer)
        return answer

    try:
        say(one, user="u1", text="I live in NJ")
        book = button(say(one, user="u1", action="fd:sessions:trauma_ptsd"), "fd:book:")
        assert "You're booked" in say(one, user="u1", action=book, event_id="slack-retry-1")["replies"][0]["text"]
        say(two, user="u2", text="Florida")
        assert "You're booked" in say(two, user="u2", action=book)["replies"][0]["text"]
        say(two, user="u3", text="New York")
        assert "you're number 1" in say(two, user="u3", action=book)["replies"][0]["text"]
        # The same platform event reaching the other replica changes nothing.
        assert say(two, user="u1", action=book, event_id="slack-retry-1")["duplicate"] is True

        cancel = button(say(one, user="u1", text="cancel my booking"), "fd:cancelyes:")
        done = say(one, user="u1", action=cancel)
        # u3 talks to process two, but process one's relay delivered it: reported here, now.
        assert [m["user"] for m in done["members"]] == ["u3"]
        assert "a seat opened" in done["members"][0]["text"]

        two.kill()  # kill -9 a replica; a new one takes its place
        third = JsonlProcess(db_url)
        mine = say(third, user="u3", text="my bookings")
        assert "(booked," in mine["replies"][0]["text"] and "members" not in mine
        assert say(third, user="u2", text="my bookings")["intent"] == "my_bookings"
        assert one.close() == 0 and third.close() == 0
    finally:
        for proc in (one, two, third):
            if proc is not None and proc.proc.poll() is None:
                proc.kill()

    delivered = Counter(s for answer in seen for s in answer.get("staff", []))
    assert delivered and max(delivered.values()) == 1  # each notice exactly once
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            staff_rows = (await conn.execute(select(func.count()).select_from(outbox)
                                             .where(outbox.c.audience == "staff"))).scalar_one()
            unsent = (await conn.execute(select(func.count()).select_from(outbox)
                                         .where(outbox.c.sent_at.is_(None)))).scalar_one()
    finally:
        await engine.dispose()
    assert sum(delivered.values()) == staff_rows and unsent == 0
    assert sum(len(a.get("members", [])) for a in seen) == 1
