"""The ``fd:`` button: a ``DynamicItem`` rebuilt from its custom_id, never kept in memory.

A core action id (``fd:...``, at most 100 characters) is the button's whole meaning,
so it is the Discord custom_id. The client registers ``FrontdoorButton`` once with
``add_dynamic_items``; any press of any ``fd:`` button, on any message, before or
after a restart, is rebuilt from the custom_id and handed to the front door. Stale or
forged ids are answered by the core ("that option has expired").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any, Protocol

import discord

from bot import actions
from bot.messages import MAX_ACTION_ID, MAX_BUTTONS, MAX_BUTTONS_PER_ROW, Button

log = logging.getLogger("frontdoor.discord")

# Everything that starts with our prefix goes to the core (which answers unknown ids
# politely); Discord's own limit on a custom_id is 100 characters.
TEMPLATE = re.compile(re.escape(actions.PREFIX) + f".{{0,{MAX_ACTION_ID - len(actions.PREFIX)}}}", re.DOTALL)
MAX_LABEL = 80  # Discord's limit; the core guarantees 75
STYLES: dict[str | None, discord.ButtonStyle] = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    None: discord.ButtonStyle.secondary,
}


class PressHandler(Protocol):
    """What a button press is handed to (the front door, reached through the client)."""

    async def on_button(self, interaction: discord.Interaction[Any], action: str) -> None: ...


class FrontdoorButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """One core button; its custom_id is the core action id."""

    def __init__(self, action: str, label: str = "\u2026",
                 style: discord.ButtonStyle = discord.ButtonStyle.secondary,
                 row: int | None = None) -> None:
        super().__init__(discord.ui.Button(label=label[:MAX_LABEL], style=style, custom_id=action),
                         row=row)

    @property
    def action(self) -> str:
        return self.custom_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction[Any],
                             item: discord.ui.Item[Any], match: re.Match[str], /) -> FrontdoorButton:
        label = getattr(item, "label", None) or "\u2026"
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(match.group(0), label=label, style=style)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler: PressHandler | None = getattr(interaction.client, "frontdoor", None)
        if handler is None:
            log.error("button pressed but the client has no front door attached")
            return
        await handler.on_button(interaction, self.action)


class ComponentsView(discord.ui.View):
    """The buttons of one reply, laid out at most 5 a row and 25 a message.

    Only the components are sent: ``is_dispatchable`` is False so discord.py never
    stores this view in memory. (A stored view that times out, as discord.py forces for
    ephemeral messages after 15 minutes, would unregister the ``fd:`` DynamicItem
    template for every message.) Presses are dispatched by the registered
    ``FrontdoorButton`` class alone.
    """

    def __init__(self, buttons: Sequence[Button]) -> None:
        super().__init__(timeout=None)
        if len(buttons) > MAX_BUTTONS:
            raise ValueError(f"at most {MAX_BUTTONS} buttons in one message")
        for index, button in enumerate(buttons):
            self.add_item(FrontdoorButton(button.action, button.label, STYLES[button.style],
                                          row=index // MAX_BUTTONS_PER_ROW))

    def is_dispatchable(self) -> bool:
        return False
