"""A Discord server in a test: the real client fed recorded payloads, talking to FakeDiscord.

``World`` holds one running ``FrontdoorClient`` (as after login: bot user known,
``fd:`` buttons registered) whose REST edge is a ``FakeDiscord``. Gateway events are
the recorded payloads, adjusted (ids, user, text, the message a button sits on) and
parsed by discord.py's own ``ConnectionState``, so every handler runs exactly as it
would on a real gateway event. ``DiscordMember`` reads like a transcript: DM this,
run that command, press this button, and see what came back.
"""

from __future__ import annotations

import asyncio
import base64
import copy
from dataclasses import dataclass
from typing import Any

from adapters.discord.client import FrontdoorClient, intents
from adapters.discord.frontdoor import DiscordFrontDoor, Handles
from tests.discord.fake_discord import (
    APPLICATION_ID,
    BOT_ID,
    GENERAL_CHANNEL_ID,
    Call,
    FakeDiscord,
    Sent,
    payload,
)

MEMBER_ID = 1099887766554433221
TOKEN = "MTI4Mzc0NjUwMTkyODM3NDY1MA.GzYxWv.fake-token-for-tests-only"
OUR_TASKS = ("discord.py:", "CommandTree", "discord-ui-")


async def settle(timeout: float = 10.0) -> None:
    """Wait until every task discord.py started for the events so far has finished."""
    me = asyncio.current_task()
    while True:
        pending = [t for t in asyncio.all_tasks()
                   if t is not me and not t.done() and t.get_name().startswith(OUR_TASKS)]
        if not pending:
            return
        _, still = await asyncio.wait(pending, timeout=timeout)
        assert not still, f"handlers still running after {timeout}s: {still}"


@dataclass
class Turn:
    """What one member action produced: messages sent, interaction callbacks made."""

    sent: list[Sent]
    callbacks: list[Call]

    @property
    def text(self) -> str:
        return "\n".join(s.content for s in self.sent)

    @property
    def labels(self) -> list[str]:
        return [label for s in self.sent for label in s.labels]


class World:
    def __init__(self, client: FrontdoorClient, fake: FakeDiscord) -> None:
        self.client = client
        self.fake = fake

    @classmethod
    async def start(cls, core: Handles, fake: FakeDiscord, **options: Any) -> World:
        options.setdefault("sync_commands", False)
        client = FrontdoorClient(DiscordFrontDoor(core), intents=intents(), application_id=APPLICATION_ID,
                                 **options)
        fake.install(client)
        await client.login(TOKEN)  # GET /users/@me, /oauth2/applications/@me, then setup_hook
        return cls(client, fake)

    async def close(self) -> None:
        await self.client.close()

    def member(self, user_id: int = MEMBER_ID, name: str = "River") -> DiscordMember:
        return DiscordMember(self, user_id, name)

    async def gateway(self, event: str, data: dict[str, Any]) -> None:
        """Deliver one gateway dispatch, as discord.py's websocket would, and let it run."""
        if event == "INTERACTION_CREATE":
            self.fake.interactions[data["token"]] = data
            self.client._connection.parse_interaction_create(data)  # type: ignore[arg-type]
        elif event == "MESSAGE_CREATE":
            self.client._connection.parse_message_create(data)  # type: ignore[arg-type]
        else:
            raise ValueError(event)
        await settle()


class DiscordMember:
    def __init__(self, world: World, user_id: int, name: str) -> None:
        self.world = world
        self.id = user_id
        self.user = {"id": str(user_id), "username": name.lower(), "global_name": name,
                     "avatar": None, "discriminator": "0", "public_flags": 0,
                     "avatar_decoration_data": None, "clan": None, "collectibles": None,
                     "primary_guild": None}
        self.dm_channel = world.fake.dm_channel(self.user)
        self._last: Turn | None = None
        self.last_event: tuple[str, dict[str, Any]] | None = None

    @property
    def fake(self) -> FakeDiscord:
        return self.world.fake

    @property
    def last(self) -> Turn:
        """What the member's last action produced."""
        assert self._last is not None, "nothing done yet"
        return self._last

    @property
    def seen(self) -> list[Sent]:
        return self.fake.seen_by(self.id)

    async def _run(self, event: str, data: dict[str, Any]) -> Turn:
        sent_before, callbacks_before = len(self.fake.sent), len(self.fake.callbacks)
        self.last_event = (event, copy.deepcopy(data))
        await self.world.gateway(event, data)
        self._last = Turn(self.fake.sent[sent_before:], self.fake.callbacks[callbacks_before:])
        return self._last

    # -- messages ----------------------------------------------------------------------

    async def dm(self, text: str, *, message_id: int | None = None) -> Turn:
        data = payload("message_dm")
        data.update(id=str(message_id or self.fake.snowflake()), content=text,
                    channel_id=self.dm_channel["id"], author=copy.deepcopy(self.user))
        return await self._run("MESSAGE_CREATE", data)

    async def mention(self, text: str, *, message_id: int | None = None) -> Turn:
        """Post ``<@bot> text`` in a server channel."""
        data = payload("message_guild_mention")
        data.update(id=str(message_id or self.fake.snowflake()), content=f"<@{BOT_ID}> {text}",
                    author=copy.deepcopy(self.user))
        return await self._run("MESSAGE_CREATE", data)

    # -- interactions ------------------------------------------------------------------

    def _interaction(self, template: str, interaction_id: int | None) -> dict[str, Any]:
        data = payload(template)
        snowflake = interaction_id or self.fake.snowflake()
        data["id"] = str(snowflake)
        data["token"] = base64.urlsafe_b64encode(f"interaction:{snowflake}:t".encode()).decode()
        if "member" in data:
            data["member"]["user"] = copy.deepcopy(self.user)
        else:
            data["user"] = copy.deepcopy(self.user)
            data["channel"] = copy.deepcopy(self.dm_channel)
            data["channel_id"] = self.dm_channel["id"]
        return data

    def command_payload(self, name: str, *, where: str = "dm", message: str | None = None,
                        interaction_id: int | None = None) -> dict[str, Any]:
        template = "interaction_command_dm" if where == "dm" else "interaction_command_guild"
        data = self._interaction(template, interaction_id)
        data["data"] = {"id": str(APPLICATION_ID + 100), "name": name, "type": 1}
        if message is not None:
            data["data"]["options"] = [{"name": "message", "type": 3, "value": message}]
        return data

    async def command(self, name: str, *, where: str = "dm", message: str | None = None,
                      interaction_id: int | None = None) -> Turn:
        data = self.command_payload(name, where=where, message=message, interaction_id=interaction_id)
        return await self._run("INTERACTION_CREATE", data)

    def find_button(self, label: str) -> tuple[Sent, dict[str, Any]]:
        """The newest message this member can see with a button like ``label``."""
        for sent in reversed(self.seen):
            for button in sent.buttons:
                if label.lower() in button.get("label", "").lower():
                    return sent, button
        raise AssertionError(f"no button like {label!r}; seen: "
                             f"{[s.labels for s in self.seen if s.labels]}")

    async def press(self, label: str, *, interaction_id: int | None = None) -> Turn:
        sent, button = self.find_button(label)
        return await self.press_custom_id(button["custom_id"], on=sent, interaction_id=interaction_id)

    async def press_custom_id(self, custom_id: str, *, on: Sent,
                              interaction_id: int | None = None) -> Turn:
        """Press a button with this custom_id on message ``on`` (as a modified client could)."""
        data = self.button_payload(custom_id, on=on, interaction_id=interaction_id)
        return await self._run("INTERACTION_CREATE", data)

    def button_payload(self, custom_id: str, *, on: Sent,
                       interaction_id: int | None = None) -> dict[str, Any]:
        in_dm = not on.ephemeral
        data = self._interaction("interaction_button_dm" if in_dm else "interaction_command_guild",
                                 interaction_id)
        message = copy.deepcopy(on.payload)
        if not any(b.get("custom_id") == custom_id for b in on.buttons):
            message["components"] = [{"type": 1, "components": [
                {"type": 2, "style": 2, "label": "Forged", "custom_id": custom_id}]}]
        data.update(type=3, message=message, data={"component_type": 2, "custom_id": custom_id})
        if not in_dm:
            data["channel_id"] = str(GENERAL_CHANNEL_ID)
        return data

    async def replay(self) -> Turn:
        """Deliver the last event again, byte for byte (a gateway replay)."""
        assert self.last_event is not None, "nothing to replay"
        event, data = self.last_event
        return await self._run(event, copy.deepcopy(data))
