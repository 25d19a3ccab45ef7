"""Benchmark: time-to-ack of the Slack HTTP endpoint under 50 concurrent signed DM events.

Three processes on loopback: a fake Slack Web API (tests/slack/fake_slack.py); the
Slack front door in HTTP mode on SQLite, run by ``run_slack`` (the entry point behind
``frontdoor slack``: the real bolt app, core and store); and this client, which fires
``--requests`` signed ``message.im`` events with ``--concurrency`` in flight and times
each request until its HTTP 200 (the ack).
The front door keeps working after each ack (core turn, replies via the fake API);
that work shares its event loop, so it is part of what the ack times measure. Timing starts
after a warm-up and once the front door is idle (its start-up build of the place index done).

    .venv/bin/python bench/bench_slack.py [--requests 1000] [--concurrency 50] [--rate 100]

``--rate`` sends at a fixed pace (an open loop, as Slack does) with at most ``--concurrency``
in flight; without it each client sends its next event as soon as the last is acked (a
closed loop: the ack rate then equals what the machine can do, and p99 is mostly queueing).

Prints requests/s and p50/p90/p99/max time-to-ack, then how long the front door took
to finish every turn and how many replies it posted. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import multiprocessing
import os
import socket
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
STAFF_CHANNEL = "C0STAFF"
TEXTS = ("hi", "what are your prices?", "tell me about the anxiety group", "I live in New Jersey",
         "my bookings")
USERS = 200  # 5 messages each for 1000 requests: under the core's 20-per-minute limit


def run_fake_slack(pipe: Connection) -> None:
    from tests.slack.fake_slack import FakeSlack

    async def main() -> None:
        fake = FakeSlack(token=TOKEN)
        fake.set_channel(STAFF_CHANNEL)
        pipe.send(await fake.start())
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # wait for "stop"
        pipe.send({"chat.postMessage": len(fake.called("chat.postMessage")),
                   "conversations.open": len(fake.called("conversations.open"))})
        await fake.stop()

    asyncio.run(main())


def run_front_door(api_url: str, database_url: str, port: int) -> None:
    """The production entry point, ``run_slack``, on loopback; SIGTERM stops it after draining."""
    import logging

    from adapters.settings import SlackSettings
    from adapters.slack.main import run_slack

    logging.basicConfig(level=logging.ERROR)
    settings = SlackSettings(_env_file=None, slack_bot_token=TOKEN, slack_app_token=None,  # type: ignore[call-arg]
                        slack_signing_secret=SECRET, slack_api_url=api_url, slack_staff_channel=STAFF_CHANNEL)
    asyncio.run(run_slack(settings, port=port, database_url=database_url, host="127.0.0.1"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_until_up(url: str, timeout: float = 60.0) -> None:
    import aiohttp

    body = json.dumps({"type": "url_verification", "challenge": "up", "token": "x"}).encode()
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.post(url, data=body, headers=signed(body)) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the front door did not start")
            await asyncio.sleep(0.1)


def signed(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest}"}


def dm_event(number: int) -> bytes:
    user = f"U0BENCH{number % USERS:04d}"
    return json.dumps({
        "token": "x", "team_id": "T0FAKE", "api_app_id": "A0FRONTDOOR", "type": "event_callback",
        "event_id": f"Ev0BENCH{number:06d}", "event_time": int(time.time()),
        "event": {"type": "message", "channel_type": "im", "user": user, "channel": f"D{user}",
                  "text": TEXTS[(number // USERS) % len(TEXTS)], "ts": f"{time.time():.6f}"},
    }).encode()


async def fire(url: str, requests: int, concurrency: int, rate: float = 0.0
               ) -> tuple[list[float], float, dict[int, int]]:
    """``concurrency`` clients; with ``rate``, request n is not sent before ``n / rate`` seconds
    (an open loop, as Slack sends: the clients then only bound what is in flight)."""
    import aiohttp

    times: list[float] = []
    statuses: dict[int, int] = {}
    numbers = iter(range(requests))
    begun = time.perf_counter()

    async def worker(session: aiohttp.ClientSession) -> None:
        for number in numbers:
            if rate > 0:
                await asyncio.sleep(max(0.0, begun + number / rate - time.perf_counter()))
            body = dm_event(number)
            headers = signed(body)
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                times.append(time.perf_counter() - started)
                statuses[response.status] = statuses.get(response.status, 0) + 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return times, wall, statuses


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settled(pid: int | None, quiet: float = 0.5, at_most: float = 15.0) -> None:
    """Wait until ``pid`` has used no CPU for ``quiet`` seconds (its start-up work is done)."""
    if pid is None:
        return
    time.sleep(2.0)  # the front door starts its background build 1.5 s after start-up
    deadline = time.monotonic() + at_most
    before = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="events per second, open loop (default 0: each client sends as soon as acked)")
    args = parser.parse_args()
    requests = min(args.requests, 10_000)  # bounded, loopback only

    spawn = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        fake_end, fake_pipe = spawn.Pipe()
        fake = spawn.Process(target=run_fake_slack, args=(fake_pipe,), daemon=True)
        fake.start()
        api_url = fake_end.recv()
        port = free_port()
        door = spawn.Process(target=run_front_door, args=(api_url, database_url, port), daemon=True)
        door.start()
        url = f"http://127.0.0.1:{port}/slack/events"
        asyncio.run(wait_until_up(url))

        asyncio.run(fire(url, 20, 5))  # warm up (first-contact paths, connections)
        settled(door.pid)  # and the place index, built in a thread after start-up, is done
        times, wall, statuses = asyncio.run(fire(url, requests, args.concurrency, args.rate))
        stopping = time.perf_counter()
        door.terminate()  # SIGTERM: run_slack finishes every running turn, then exits
        door.join(300)
        drain = time.perf_counter() - stopping
        fake_end.send("stop")
        counts = fake_end.recv()
        fake.join(30)

    ms = [t * 1000 for t in times]
    pace = f"{args.rate:g} events/s open loop" if args.rate > 0 else "closed loop"
    print(f"slack HTTP endpoint, {requests} signed message.im events, {args.concurrency} concurrent, "
          f"{pace}, SQLite, loopback, load {os.getloadavg()[0]:.2f}")
    print(f"  statuses        {dict(sorted(statuses.items()))}")
    print(f"  requests/s      {requests / wall:,.0f}  ({wall:.2f} s wall)")
    print(f"  time-to-ack ms  p50 {percentile(ms, 0.50):.1f}  p90 {percentile(ms, 0.90):.1f}  "
          f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}  mean {statistics.fmean(ms):.1f}")
    print(f"  after the last ack, the front door needed {drain:.2f} s to finish every turn; "
          f"it posted {counts['chat.postMessage']} replies ({counts['conversations.open']} DMs opened)")


if __name__ == "__main__":
    main()
