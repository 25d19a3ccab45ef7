"""Property-based tests: arbitrary input in random states on the real SQLite store.

Nothing escapes, every input gets an answer, and the store stays consistent: seats
taken equal confirmed bookings for every group, and no member holds two places in one
group. A stateful test checks booking, cancelling and waitlist promotion against a
simple reference model.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, select

from bot import actions
from bot.config import CoreConfig
from bot.core import Core
from bot.domain import Group
from bot.messages import Inbound, MemberKey
from storage.engine import create_engine
from storage.migrate import migrate
from storage.tables import bookings, groups
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.conftest import services_for
from tests.fakes import FakeClock

EXAMPLES = {"property": 0, "stateful_steps": 0}

MEMBERS = [MemberKey("console", f"f{n}") for n in range(4)]
VERBS = sorted(actions.Verb)


def _group(capacity: int, topic: str = "anxiety", kind: str = "therapy") -> Group:
    return Group(id=0, topic=topic, kind=kind, title=f"{topic} group", weekday=2,  # type: ignore[arg-type]
                 start_time=time(18), timezone="America/New_York", capacity=capacity, taken=0,
                 start_date=date(2027, 1, 6), facilitator="Test Facilitator")


class Store:
    """A real SQLite store and a core, living across Hypothesis examples on one loop."""

    def __init__(self) -> None:
        self.runner = asyncio.Runner()
        self.path = Path(tempfile.mkdtemp()) / "fuzz.db"
        self.engine = create_engine(f"sqlite+aiosqlite:///{self.path}")
        self.runner.run(migrate(self.engine, seed=False))
        self.uow = SqlUnitOfWorkFactory(self.engine)
        self.clock = FakeClock()
        self.core = Core(self.uow, self.clock,
                         services_for(CoreConfig(rate_limit_per_minute=1_000_000,
                                                 staff_ids=frozenset({"f3"}))))
        self.group_ids = [self.runner.run(self._add(_group(c, t, k))).id for c, t, k in
                          ((1, "anxiety", "therapy"), (2, "grief_loss", "therapy"),
                           (2, "dbt_skills", "dbt_skills"))]

    async def _add(self, group: Group) -> Group:
        async with self.uow() as uow:
            added = await uow.groups.add(group)
            await uow.commit()
        return added

    def handle(self, inbound: Inbound):  # type: ignore[no-untyped-def]
        return self.runner.run(self.core.handle(inbound))

    def check_consistency(self) -> None:
        async def check() -> None:
            async with self.engine.connect() as conn:
                taken = dict((await conn.execute(select(groups.c.id, groups.c.taken))).all())
                capacity = dict((await conn.execute(select(groups.c.id, groups.c.capacity))).all())
                confirmed: dict[int, int] = dict((await conn.execute(
                    select(bookings.c.group_id, func.count()).where(bookings.c.status == "confirmed")
                    .group_by(bookings.c.group_id))).all())
                doubled = (await conn.execute(
                    select(bookings.c.member_key, bookings.c.group_id).group_by(
                        bookings.c.member_key, bookings.c.group_id).having(func.count() > 1))).all()
            for group_id, seats in taken.items():
                assert seats == confirmed.get(group_id, 0), (group_id, seats, confirmed)
                assert 0 <= seats <= capacity[group_id]
            assert doubled == []
        self.runner.run(check())

    def close(self) -> None:
        self.runner.run(self.engine.dispose())
        self.runner.close()


@pytest.fixture(scope="module")
def fuzz_store() -> Iterator[Store]:
    store = Store()
    yield store
    store.close()


ODD_TEXT = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.text(alphabet=st.sampled_from("\x00\x07\x1b\u200b\u202e\ufeff\U0001F600 aNJ0-9"), max_size=40),
    st.sampled_from(["", " ", "yes", "no", "NJ", "Texas", "book", "cancel", "delete my data",
                     "my bookings", "staff flags", "staff clear M-0000000000", "I want to die",
                     "privacy", "export my data"]),
    st.integers(min_value=2_000, max_value=20_000).map(lambda n: "a" * n),
)


def action_ids(store: Store) -> st.SearchStrategy[str]:
    args = st.one_of(st.sampled_from([str(g) for g in store.group_ids]), st.text(max_size=12),
                     st.from_regex(r"FD-[A-Z2-9]{6}", fullmatch=True), st.integers().map(str))
    structured = st.builds(lambda verb, arg, with_arg: f"fd:{verb}:{arg}" if with_arg else f"fd:{verb}",
                           st.sampled_from(VERBS), args, st.booleans())
    return st.one_of(structured, st.text(max_size=120))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_arbitrary_input_in_random_states(fuzz_store: Store, data: st.DataObject) -> None:
    EXAMPLES["property"] += 1
    for _ in range(data.draw(st.integers(1, 6), label="turns")):
        member = data.draw(st.sampled_from(MEMBERS), label="member")
        if data.draw(st.booleans(), label="press a button"):
            inbound = Inbound(member, action=data.draw(action_ids(fuzz_store), label="action"))
        else:
            inbound = Inbound(member, text=data.draw(ODD_TEXT, label="text"))
        event_id = data.draw(st.one_of(st.none(), st.sampled_from(["e1", "e2", "e3"])), label="event")
        inbound = Inbound(inbound.member, inbound.text, inbound.action, event_id)
        outcome = fuzz_store.handle(inbound)
        assert outcome.duplicate or outcome.replies, inbound
        assert all(reply.text.strip() for reply in outcome.replies)
        fuzz_store.clock.advance(minutes=data.draw(st.integers(0, 90), label="minutes later"))
    fuzz_store.check_consistency()


class BookingModel(RuleBasedStateMachine):
    """Booking, cancelling and waitlist promotion against a reference model."""

    def __init__(self) -> None:
        super().__init__()
        self.store = Store()
        self.confirmed: dict[int, list[str]] = defaultdict(list)
        self.waitlist: dict[int, list[str]] = defaultdict(list)
        self.capacity = {gid: cap for gid, cap in zip(self.store.group_ids, (1, 2, 2))}
        for member in MEMBERS:
            self.store.handle(Inbound(member, text="New Jersey"))

    @rule(member=st.sampled_from(MEMBERS), index=st.integers(0, 2))
    def book(self, member: MemberKey, index: int) -> None:
        EXAMPLES["stateful_steps"] += 1
        group = self.store.group_ids[index]
        outcome = self.store.handle(Inbound(member, action=actions.encode("book", group)))
        text = outcome.replies[-1].text
        key = member.key
        held = sum(key in self.confirmed[g] or key in self.waitlist[g] for g in self.store.group_ids)
        if key in self.confirmed[group] or key in self.waitlist[group]:
            assert "You already have" in text
        elif held >= 2:  # MAX_BOOKINGS_PER_MEMBER's default: seats and waitlist places count
            assert "each member can hold up to 2 at a time" in text
        elif len(self.confirmed[group]) < self.capacity[group]:
            assert "You're booked" in text
            self.confirmed[group].append(key)
        else:
            assert f"you're number {len(self.waitlist[group]) + 1}" in text
            self.waitlist[group].append(key)

    @precondition(lambda self: any(self.confirmed.values()) or any(self.waitlist.values()))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        EXAMPLES["stateful_steps"] += 1
        held = [(g, k) for g, keys in {**self.confirmed}.items() for k in keys]
        held += [(g, k) for g, keys in self.waitlist.items() for k in keys]
        group, key = data.draw(st.sampled_from(sorted(held)))
        member = MemberKey.parse(key)
        ref = self._ref(key, group)
        self.store.handle(Inbound(member, action=actions.encode("cancel", ref)))
        outcome = self.store.handle(Inbound(member, action=actions.encode("cancelyes", ref)))
        assert "is cancelled" in outcome.replies[-1].text or "left the waitlist" in outcome.replies[-1].text
        if key in self.confirmed[group]:
            self.confirmed[group].remove(key)
            if self.waitlist[group]:
                self.confirmed[group].append(self.waitlist[group].pop(0))
        else:
            self.waitlist[group].remove(key)

    def _ref(self, key: str, group: int) -> str:
        async def find() -> str:
            async with self.store.uow() as uow:
                booking = await uow.bookings.find(key, group)
            assert booking is not None
            return booking.ref
        return self.store.runner.run(find())

    @invariant()
    def store_matches_model(self) -> None:
        async def read() -> dict[int, tuple[set[str], list[str]]]:
            async with self.store.engine.connect() as conn:
                rows = (await conn.execute(select(bookings.c.group_id, bookings.c.member_key,
                                                  bookings.c.status).order_by(bookings.c.id))).all()
            seen: dict[int, tuple[set[str], list[str]]] = defaultdict(lambda: (set(), []))
            for group_id, key, status in rows:
                (seen[group_id][0].add(key) if status == "confirmed" else seen[group_id][1].append(key))
            return seen
        actual = self.store.runner.run(read())
        for group in self.store.group_ids:
            assert actual[group][0] == set(self.confirmed[group])
            assert actual[group][1] == self.waitlist[group]
        self.store.check_consistency()

    def teardown(self) -> None:
        self.store.close()


TestBookingModel = BookingModel.TestCase
TestBookingModel.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                     suppress_health_check=list(HealthCheck))


def test_report_example_counts() -> None:
    """Runs last in this module: prints how many examples the properties above ran."""
    print(f"\nhypothesis: {EXAMPLES['property']} property examples, "
          f"{EXAMPLES['stateful_steps']} stateful steps")
