"""Answers from the schedule's own data: who leads each group, group size, session
length, and what time a session is in the member's own time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import actions, times, zone_labels
from bot.sessions import session_start
from bot.dialogue_state import AskTimezone
from bot.domain import WEEKDAYS, Group
from bot.flows import followup, residency
from bot.language.zones import valid_zone
from bot.language.normalise import words
from bot.messages import Button
from bot.turn import Turn

#: Time zone buttons (short keys fit an action id) for members whose state spans zones.
ZONES: dict[str, tuple[str, str]] = {
    "ET": ("Eastern", "America/New_York"), "CT": ("Central", "America/Chicago"),
    "MT": ("Mountain", "America/Denver"), "AZ": ("Arizona", "America/Phoenix"),
    "PT": ("Pacific", "America/Los_Angeles"), "AK": ("Alaska", "America/Anchorage"),
    "HI": ("Hawaii", "Pacific/Honolulu"),
}
NO_SCHEDULE = "There are no groups on the schedule right now, so I can't say yet."


async def _groups(turn: Turn, topic: str | None) -> list[Group]:
    groups = await turn.uow.groups.all()
    if topic:
        same = [g for g in groups if g.topic == topic]
        groups = same or groups
    return groups


async def facilitators(turn: Turn, topic: str | None) -> None:
    groups = await _groups(turn, topic)
    if not groups:
        turn.say(NO_SCHEDULE, [Button("Talk to a person", actions.encode("handoff"))])
        return
    lines = [f"- {g.title}, {g.when()}: {g.facilitator}" for g in groups[:20]]
    turn.say("Every therapy group is led by a licensed therapist, and the DBT skills group by a "
             "therapist-instructor. Who leads each session:\n" + "\n".join(lines),
             [Button("See groups with space", actions.encode("groups"), "primary")])


async def group_size(turn: Turn, topic: str | None) -> None:
    groups = await _groups(turn, topic)
    if not groups:
        turn.say(NO_SCHEDULE, [Button("Talk to a person", actions.encode("handoff"))])
        return
    sizes = sorted({g.capacity for g in groups})
    span = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}"
    turn.say(f"Groups are kept small: each session has {span} seats. Space is limited, and a "
             "full session has a waitlist.", [Button("See groups with space", actions.encode("groups"), "primary")])


#: Words that ask about the whole run of a group, not one session ("how many weeks is it").
_CYCLE_WORDS = frozenset("weeks cycle program programme course total overall end ends ending finish".split())


def asks_cycle(text: str) -> bool:
    """"how many weeks is it", "when does the group end": the run, not one session."""
    said = set(words(text))
    return bool(said & _CYCLE_WORDS) and not said & {"minutes", "hour", "hours", "each", "every"}


async def session_length(turn: Turn, topic: str | None, text: str = "") -> None:
    groups = await _groups(turn, topic)
    if not groups:
        turn.say(NO_SCHEDULE, [Button("Talk to a person", actions.encode("handoff"))])
        return
    if asks_cycle(text):
        cycle_length(turn, groups)
        return
    lengths = sorted({g.duration_minutes for g in groups})
    said = " or ".join(_minutes(m) for m in lengths)
    turn.say(f"Each session lasts {said}, once a week, online from home.",
             [Button("See groups with space", actions.encode("groups"), "primary")])


def cycle_length(turn: Turn, groups: list[Group]) -> None:
    """How many weeks each group runs, from the schedule (its weeks or end date); a group
    with neither is ongoing, and a person can say more (nothing is invented)."""
    lines = []
    for g in groups[:20]:
        if g.weeks:
            run = f"{g.weeks} weeks" + (f", until {_date(g.end_date, turn.now)}" if g.end_date else "")
        elif g.end_date:
            run = f"until {_date(g.end_date, turn.now)}"
        else:
            run = "ongoing, with no end date on the schedule"
        lines.append(f"- {g.title}, {g.when()}: {run}")
    turn.say("How long each group runs:\n" + "\n".join(lines) + "\nEach session is once a week.",
             [Button("See groups with space", actions.encode("groups"), "primary"),
              Button("Talk to a person", actions.encode("handoff"))])


def _date(day: date, now: datetime) -> str:
    """'Tue 5 Jan', with the year when it is not the current one."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == now.year else f"{text} {day.year}"


def _minutes(m: int) -> str:
    if m % 60 == 0:
        return "an hour" if m == 60 else f"{m // 60} hours"
    return f"{m} minutes"


def member_zone(turn: Turn) -> str | None:
    """The member's zone: kept, else their state's (as this conversation knows it) when it has only one."""
    where = residency.current(turn)
    return times.zone_for(turn.member.timezone, where.code if where is not None else None)


async def local_time(turn: Turn, topic: str | None = None) -> None:
    """Session times in the member's zone: of ``topic``'s groups when one is named, else of the
    sessions just shown, their bookings, or every group they may join."""
    zone = member_zone(turn)
    if zone is None:
        turn.expect(AskTimezone(topic))
        turn.say("Which time zone are you in? I'll remember it for next time. Outside the US? "
                 "Type your city or country.",
                 [Button(label, actions.encode("tz", key)) for key, (label, _) in ZONES.items()])
        return
    groups = [g for g in await turn.uow.groups.all() if g.topic == topic] if topic else []
    if not groups:
        groups = await followup.shown(turn)
    if not groups:
        mine = await turn.uow.bookings.for_member(turn.member.key)
        groups = [g for b in mine if (g := await turn.uow.groups.get(b.group_id)) is not None]
    if not groups:  # every group the member may join (all of them while we don't know where they live)
        every = await turn.uow.groups.all()
        known = residency.current(turn) is not None
        groups = [g for g in every if not known or residency.may_join(turn, g.kind)] or every
    if not groups:
        turn.say(NO_SCHEDULE)
        return
    lines = [f"- {g.title}, {g.when()}: {_for_you(g.when(), local_when(g, turn.now, zone))}" for g in groups[:20]]
    turn.say("In your time zone:\n" + "\n".join(lines),
             [Button("Change my time zone", actions.encode("tz", "ask"))])


def _for_you(shown: str, local: str) -> str:
    """"Thursdays 9:00 AM PT for you", or "the same for you" when the member is in the group's zone."""
    return "the same time for you" if local == shown else f"{local} for you"


def ask_city(turn: Turn) -> None:
    """A country abroad that spans several zones ("canada"): its city tells the zone."""
    turn.expect(AskTimezone())
    turn.say("That country spans several time zones: which city are you in or near?")


def local_when(group: Group, now: datetime, zone: str) -> str:
    """'Tuesdays 3:00 PM PT' (the zone's label: ET, CT, MT, PT)."""
    start = (group.next_session(now) or session_start(group, group.start_date)).astimezone(ZoneInfo(zone))
    return f"{WEEKDAYS[start.weekday()]}s {zone_labels.clock(start)}"


async def zone_chosen(turn: Turn, key: str) -> bool:
    waiting = turn.waiting
    topic = waiting.topic if isinstance(waiting, AskTimezone) else None
    if key == "ask":
        turn.member.timezone = None
        turn.clear_flow()
        await local_time(turn)
        return True
    if key in ZONES:
        turn.member.timezone, label = ZONES[key][1], ZONES[key][0]
    elif valid_zone(key):  # a member abroad: "Europe/London"
        turn.member.timezone, label = key, key.rsplit("/", 1)[-1].replace("_", " ")
    else:
        return False
    turn.clear_flow()
    turn.say(f"Thanks, I'll use {label} time for you.")
    await local_time(turn, topic)
    return True
