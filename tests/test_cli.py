"""The `frontdoor` command: interactive console, migrate, and one clear line for bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTDOOR = Path(sys.executable).with_name("frontdoor")


def run(args: list[str], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELIGIBLE_STATES")}
    return subprocess.run([str(FRONTDOOR), *args], input=stdin, capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env={**clean, **env})


def test_interactive_console_numbers_buttons_and_prints_staff_notices(db_url: str) -> None:
    result = run(["chat", "--db", db_url, "--user", "tess"],
                 stdin="hi\n1\nNew York\n2\n1\n/quit\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[1] Book a seat" in out
    assert "Got it: New York." in out
    assert "You're booked" in out
    assert "[staff channel] New booking" in out and "@tess" in out


def test_migrate_command(db_url: str) -> None:
    result = run(["migrate", "--db", db_url])
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_malformed_setting_is_one_clear_line(db_url: str) -> None:
    result = run(["chat", "--jsonl", "--db", db_url], ELIGIBLE_STATES="FL,ZZ")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ELIGIBLE_STATES" in lines[0] and "ZZ" in lines[0]


def test_malformed_database_url_is_one_clear_line() -> None:
    result = run(["chat", "--jsonl"], DATABASE_URL="not a url")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "DATABASE_URL" in result.stderr


def test_missing_platform_token_is_one_clear_line() -> None:
    result = run(["slack"], SLACK_BOT_TOKEN="", SLACK_APP_TOKEN="", SLACK_SIGNING_SECRET="")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "SLACK_BOT_TOKEN" in result.stderr


def test_unreachable_database_is_one_clear_line_naming_where_the_url_came_from() -> None:
    result = run(["migrate", "--db", "postgresql+asyncpg://nobody@127.0.0.1:1/none"])
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "frontdoor: --db: cannot reach the database (ConnectionRefusedError); is it running?"]
    result = run(["migrate"], DATABASE_URL="postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert result.stderr.strip().splitlines() == [
        "frontdoor: DATABASE_URL: cannot reach the database (ConnectionRefusedError); is it running?"]


def test_a_bad_db_option_is_reported_as_the_option() -> None:
    """Before: a traceback (ArgumentError, ModuleNotFoundError), or blamed on DATABASE_URL."""
    for url, says in [("not a url", "--db: not a database URL"),
                      ("mysql://x@y/z", "--db: unsupported database 'mysql'"),
                      ("postgresql://x@host:port/db", "--db: not a database URL")]:
        result = run(["chat", "--jsonl", "--db", url])
        assert result.returncode == 2
        [only] = result.stderr.strip().splitlines()
        assert only.startswith(f"frontdoor: {says}"), only
