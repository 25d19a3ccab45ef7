"""The schedule file and `frontdoor schedule apply/export`, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.domain import BookingStatus, Member
from storage.schedule_apply import apply_schedule, export_schedule
from storage.schedule_file import SCHEDULE, GroupEntry, ScheduleError, parse_schedule, read_schedule
from storage.unit_of_work import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def entry(key: str = "anxiety-tue-1800", **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"key": key, "topic": "anxiety", "kind": "therapy", "title": "Anxiety group",
                               "weekday": 1, "time": "18:00", "timezone": "America/New_York",
                               "duration_minutes": 60, "capacity": 2, "start_date": "2027-01-05",
                               "facilitator": "Jordan Lee, LMHC"}
    data.update(overrides)
    return data


def schedule(*entries: dict[str, object]) -> list[GroupEntry]:
    return parse_schedule({"groups": list(entries)})


async def book(sql_uow: SqlUnitOfWorkFactory, key: str, who: str, ref: str) -> str:
    async with sql_uow() as uow:
        group = await uow.groups.by_key(key)
        assert group is not None
        await uow.members.add(Member(key=f"console:{who}", platform="console", user_id=who,
                                     ref=f"M-{who}", created_at=NOW))
        status: BookingStatus = "confirmed" if await uow.groups.take_seat(group.id) else "waitlisted"
        await uow.bookings.add(f"console:{who}", group.id, status, ref, NOW)
        await uow.commit()
    return status


def test_the_shipped_schedule_is_valid_and_keyed() -> None:
    entries = read_schedule(SCHEDULE)
    assert len({e.key for e in entries}) == len(entries) == 13


@pytest.mark.parametrize("change, message", [
    ({"weekday": 9}, r"group 1 \(anxiety-tue-1800\): weekday: "),
    ({"time": "6pm"}, r"time: .*HH:MM"),
    ({"timezone": "Mars/Olympus"}, r"unknown IANA time zone"),
    ({"colour": "red"}, r"colour: Extra inputs are not permitted"),
    ({"key": "Not A Slug"}, r"key: .*slug"),
    ({"weeks": 8, "end_date": "2027-03-01"}, r"end_date or weeks"),
    ({"join_link": "http://x"}, r"https://"),
])
def test_a_bad_entry_is_one_line_naming_it(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ScheduleError, match=message) as caught:
        parse_schedule({"groups": [entry(**change)]}, "s.yaml")
    assert "\n" not in str(caught.value)


def test_a_repeated_key_is_refused() -> None:
    with pytest.raises(ScheduleError, match="used twice"):
        schedule(entry(), entry())


async def test_apply_creates_then_is_a_no_op_and_export_round_trips(sql_uow: SqlUnitOfWorkFactory) -> None:
    entries = schedule(entry(), entry("dbt-skills-sat-1100", topic="dbt_skills", kind="dbt_skills",
                                      title="DBT skills group", weekday=5, start_date="2027-01-09",
                                      weeks=12, join_link="https://meet.example/dbt", join_mid_cycle=True))
    first = await apply_schedule(sql_uow, entries, NOW)
    assert [line.split(":")[0] for line in first.changes] == ["created anxiety-tue-1800",
                                                              "created dbt-skills-sat-1100"]
    again = await apply_schedule(sql_uow, entries, NOW)
    assert again.ok and again.changes == []
    exported = await export_schedule(sql_uow)
    assert parse_schedule(yaml.safe_load(exported)) == entries
    assert (await apply_schedule(sql_uow, parse_schedule(yaml.safe_load(exported)), NOW)).changes == []


async def test_a_dry_run_changes_nothing(sql_uow: SqlUnitOfWorkFactory) -> None:
    result = await apply_schedule(sql_uow, schedule(entry()), NOW, dry_run=True)
    assert result.changes == ["created anxiety-tue-1800: Anxiety group, capacity 2"]
    async with sql_uow() as uow:
        assert await uow.groups.all() == []


async def test_a_capacity_raise_promotes_the_waitlist_in_order(sql_uow: SqlUnitOfWorkFactory) -> None:
    await apply_schedule(sql_uow, schedule(entry(capacity=1)), NOW)
    assert [await book(sql_uow, "anxiety-tue-1800", w, f"FD-AAAAA{n}") for n, w in
            enumerate(("a", "b", "c", "d"), 2)] == ["confirmed", "waitlisted", "waitlisted", "waitlisted"]
    result = await apply_schedule(sql_uow, schedule(entry(capacity=3)), NOW)
    assert result.changes == ["updated anxiety-tue-1800: capacity 1 -> 3",
                              "promoted 2 from the waitlist of anxiety-tue-1800: FD-AAAAA3, FD-AAAAA4"]
    async with sql_uow() as uow:
        group = await uow.groups.by_key("anxiety-tue-1800")
        assert group is not None and group.taken == 3 and group.capacity == 3
        statuses = {b.ref: b.status for b in await uow.bookings.for_group(group.id)}
        told = [i.notice.member_key for i in await uow.outbox.for_member("console:b")
                if i.notice.audience == "member"]
    assert statuses == {"FD-AAAAA2": "confirmed", "FD-AAAAA3": "confirmed", "FD-AAAAA4": "confirmed",
                        "FD-AAAAA5": "waitlisted"}
    assert told == ["console:b"]


async def test_a_capacity_below_the_seats_taken_is_refused_and_nothing_changes(
        sql_uow: SqlUnitOfWorkFactory) -> None:
    await apply_schedule(sql_uow, schedule(entry(capacity=3)), NOW)
    for n, who in enumerate(("a", "b", "c"), 2):
        await book(sql_uow, "anxiety-tue-1800", who, f"FD-BBBBB{n}")
    result = await apply_schedule(sql_uow, schedule(entry(capacity=2, facilitator="Someone else"),
                                                    entry("new-group-mon-0900", weekday=0,
                                                          start_date="2027-01-04")), NOW)
    assert result.refused == ["refused anxiety-tue-1800: capacity 2 is below the 3 seats already taken"]
    async with sql_uow() as uow:
        [group] = await uow.groups.all()
    assert group.capacity == 3 and group.facilitator == "Jordan Lee, LMHC"


async def test_a_group_missing_from_the_file_is_closed_not_deleted(sql_uow: SqlUnitOfWorkFactory) -> None:
    other = entry("grief-wed-1230", topic="grief_loss", weekday=2, start_date="2027-01-06")
    await apply_schedule(sql_uow, schedule(entry(), other), NOW)
    await book(sql_uow, "grief-wed-1230", "a", "FD-CCCCC2")
    result = await apply_schedule(sql_uow, schedule(entry()), NOW)
    assert result.changes == ["closed grief-wed-1230: not in the file (its members keep their places)"]
    assert (await apply_schedule(sql_uow, schedule(entry()), NOW)).changes == []
    async with sql_uow() as uow:
        closed = await uow.groups.by_key("grief-wed-1230")
        assert closed is not None and not closed.is_open and closed.taken == 1
        assert [b.ref for b in await uow.bookings.for_group(closed.id)] == ["FD-CCCCC2"]
    exported = yaml.safe_load(await export_schedule(sql_uow))
    assert [g.get("open", True) for g in exported["groups"]] == [True, False]
    reopened = await apply_schedule(sql_uow, schedule(entry(), other), NOW)
    assert reopened.changes == ["updated grief-wed-1230: open False -> True"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_the_schedule_commands(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"groups": [entry(capacity=4)]}))
    dry = run_cli("schedule", "apply", str(path), "--db", db_url, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == ["(dry run) would have created anxiety-tue-1800: Anxiety group, capacity 4",
                                       "dry run: nothing was changed"]
    done = run_cli("schedule", "apply", str(path), "--db", db_url)
    assert done.stdout.splitlines() == ["created anxiety-tue-1800: Anxiety group, capacity 4"]
    exported = run_cli("schedule", "export", "--db", db_url).stdout
    path.write_text(exported)
    again = run_cli("schedule", "apply", str(path), "--db", db_url)
    assert again.stdout.strip() == "no changes: the database already matches the file"
    path.write_text("groups: [{key: x}]")
    broken = run_cli("schedule", "apply", str(path), "--db", db_url)
    assert broken.returncode == 2
    assert broken.stderr.startswith("frontdoor: s.yaml: group 1 (x): ") and broken.stderr.count("\n") == 1
