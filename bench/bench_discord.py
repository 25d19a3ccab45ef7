"""Benchmark: Discord interaction -> deferred acknowledgement -> follow-up, core on SQLite.

Not a test; prints figures. Run from the repository root:

    .venv/bin/python bench/bench_discord.py [--rounds 300] [--burst 50]

The real ``FrontdoorClient`` and core (on a fresh SQLite file, real clock) handle
recorded INTERACTION_CREATE payloads parsed by discord.py; the Discord HTTP edge is
the test suite's ``FakeDiscord`` (answers instantly), so the figures are our own
latency: gateway event parsed -> ``defer`` callback sent (Discord's 3 s rule), and ->
first reply sent (the 15-minute follow-up window).

Scenarios:
  dm-button     a button press in DM ("My bookings"): deferred update, reply as follow-up
  server-slash  /book in a server channel: ephemeral defer, replies by DM, then the
                ephemeral "I've sent you a DM" follow-up
  burst         N members press at the same moment (one event loop, one SQLite file)
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.settings import Settings
from adapters.wiring import build_console
from tests.discord.fake_discord import FakeDiscord
from tests.discord.world import DiscordMember, World, settle

TURNS_PER_MEMBER = 10  # stay well under the core's per-member rate limit (20 a minute)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def line(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"  {name:<34} n={len(ms):<4} p50={pct(ms, 50):7.2f} ms  p99={pct(ms, 99):7.2f} ms  "
            f"max={max(ms):7.2f} ms  mean={statistics.fmean(ms):7.2f} ms")


class Timer:
    """For a burst (one interaction per member): each one's callback and first reply."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def measure(self, started: dict[str, float], dm_channels: dict[int, str]
                ) -> tuple[list[float], list[float], list[float]]:
        acks, replies, followups = [], [], []
        first_reply: dict[str, float] = {}
        first_followup: dict[str, float] = {}
        for call in self.fake.calls:
            parts = call.url.split("/")
            if call.path.endswith("/callback"):
                token = parts[3]
                if token in started:
                    acks.append(call.at - started[token])
            elif call.path == "/webhooks/{webhook_id}/{webhook_token}":
                token = parts[3]
                if token in started:
                    first_followup.setdefault(token, call.at)
                    first_reply.setdefault(token, call.at)
            elif call.path == "/channels/{channel_id}/messages":
                member_token = dm_channels.get(int(parts[2]))
                if member_token is not None and member_token in started:
                    first_reply.setdefault(member_token, call.at)
        for token, at in first_reply.items():
            replies.append(at - started[token])
        for token, at in first_followup.items():
            followups.append(at - started[token])
        return acks, replies, followups


async def prepare(world: World, count: int, offset: int) -> list[DiscordMember]:
    members = [world.member(1_100_000_000_000_000_000 + offset + n, f"Bench{n}") for n in range(count)]
    for member in members:
        await member.dm("hi")  # first contact done, so every measured turn is an ordinary one
    return members


def timings(calls: list[Any], started: float) -> tuple[float, float, float | None]:
    """For one interaction's calls: to its callback, to its first reply, to its first follow-up."""
    ack = next(c.at for c in calls if c.path.endswith("/callback"))
    posts = [c for c in calls if c.path in ("/webhooks/{webhook_id}/{webhook_token}",
                                            "/channels/{channel_id}/messages")]
    followup = next((c.at for c in posts if c.path.startswith("/webhooks")), None)
    return ack - started, posts[0].at - started, None if followup is None else followup - started


async def sequential(world: World, fake: FakeDiscord, rounds: int, scenario: str) -> None:
    members = await prepare(world, max(1, rounds // TURNS_PER_MEMBER), offset=len(fake.sent))
    acks, replies, followups = [], [], []
    for n in range(rounds):
        member = members[n // TURNS_PER_MEMBER % len(members)]
        if scenario == "dm-button":
            on = next(s for s in reversed(member.seen) if "My bookings" in s.labels)
            data = member.button_payload("fd:mine", on=on)
        else:
            data = member.command_payload("book", where="server")
        before = len(fake.calls)
        started = time.perf_counter()
        await world.gateway("INTERACTION_CREATE", data)
        ack, reply, followup = timings(fake.calls[before:], started)
        acks.append(ack)
        replies.append(reply)
        if followup is not None:
            followups.append(followup)
    print(f"{scenario} (sequential, {rounds} interactions)")
    print(line("event -> deferred acknowledgement", acks))
    print(line("event -> first reply sent", replies))
    if scenario == "server-slash":
        print(line("event -> ephemeral follow-up", followups))


async def burst(world: World, fake: FakeDiscord, size: int) -> None:
    members = await prepare(world, size, offset=777_000)
    fake.calls.clear()
    started: dict[str, float] = {}
    dm_channels: dict[int, str] = {}
    payloads = []
    for member in members:
        on = next(s for s in reversed(member.seen) if "My bookings" in s.labels)
        data = member.button_payload("fd:mine", on=on)
        world.fake.interactions[data["token"]] = data
        dm_channels[fake.dm_channel_id(member.id)] = data["token"]
        payloads.append(data)
    for data in payloads:  # all arrive back to back, as a burst from the gateway
        started[data["token"]] = time.perf_counter()
        world.client._connection.parse_interaction_create(data)  # type: ignore[arg-type]
    await settle(timeout=60)
    acks, replies, _ = Timer(fake).measure(started, dm_channels)
    print(f"burst ({size} members pressing at once)")
    print(line("event -> deferred acknowledgement", acks))
    print(line("event -> first reply sent", replies))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--burst", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        app = await build_console(Settings(_env_file=None), database_url=url)  # type: ignore[call-arg]
        fake = FakeDiscord()
        world = await World.start(app.core, fake)
        try:
            print("frontdoor Discord bench: core on a SQLite file (WAL), Discord's HTTP edge "
                  "faked (answers in 0 ms)\n")
            await sequential(world, fake, args.rounds, "dm-button")
            await sequential(world, fake, args.rounds, "server-slash")
            await burst(world, fake, args.burst)
        finally:
            await world.close()
            await app.close()


if __name__ == "__main__":
    asyncio.run(main())
