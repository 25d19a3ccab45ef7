"""The no-framework reference of the peer workload: plain Python, one SQLite transaction a
message (WAL, synchronous=FULL), per-member state read and written each turn, answers as
JSON lines on stdout (``{"replies": [...]}``). Run by ``bench.bench_peer --mode reference``
so the peers' reference figure is measured in the same run as frontdoor's."""

from __future__ import annotations

import json
import sqlite3
import sys

ANSWERS = {
    "price": "Sessions are paid monthly.", "cost": "Sessions are paid monthly.",
    "insurance": "We don't take insurance.", "group": "We run weekly groups.",
    "anxious": "There is an anxiety group.", "grief": "There is a grief group.",
    "dbt": "The DBT skills group is open to everyone.", "book": "Which group would you like?",
    "live": "Thanks, noted.", "thank": "You're welcome.", "hi": "Hello!", "hello": "Hello!",
}


def answer(text: str) -> str:
    lowered = text.lower()
    return next((reply for word, reply in ANSWERS.items() if word in lowered), "Sorry?")


def main() -> None:
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS state (user TEXT PRIMARY KEY, turns INTEGER, last TEXT)")
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        message = json.loads(line)
        db.execute("BEGIN IMMEDIATE")
        row = db.execute("SELECT turns FROM state WHERE user = ?", (message["user"],)).fetchone()
        reply = answer(message["text"])
        db.execute("INSERT INTO state VALUES (?, ?, ?) ON CONFLICT(user) DO UPDATE SET turns = excluded.turns, "
                   "last = excluded.last", (message["user"], (row[0] if row else 0) + 1, reply))
        db.execute("COMMIT")
        out.write(json.dumps({"user": message["user"], "replies": [{"text": reply}]}).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
