"""The slash commands: ``/frontdoor``, ``/book``, ``/mybookings``, ``/help``, and ``/staff``.

Each command is a core action (or, for ``/frontdoor`` with a message, text), handed
to the front door. They work in servers (answers are ephemeral; the conversation
continues in DM) and in the bot's DM. Staff rights come from ``STAFF_USER_IDS`` inside
the core, never from server roles or command permissions; ``/staff`` is merely hidden
from members (``default_member_permissions``: Manage Server) so it does not invite
anyone to try it. Anyone who still sends it gets what any unknown text gets.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.frontdoor import DiscordFrontDoor
from adapters.discord.inbound import GROUPS, MENU, MINE


def build_tree(client: discord.Client, frontdoor: DiscordFrontDoor) -> app_commands.CommandTree[Any]:
    tree: app_commands.CommandTree[Any] = app_commands.CommandTree(client)
    contexts = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)
    installs = app_commands.AppInstallationType(guild=True, user=False)

    @app_commands.describe(message="Optional: what you'd like to say (only you and the bot see it)")
    async def start(interaction: discord.Interaction, message: str | None = None) -> None:
        if message and message.strip():
            await frontdoor.on_command(interaction, text=message)
        else:
            await frontdoor.on_command(interaction, action=MENU)

    async def book(interaction: discord.Interaction) -> None:
        await frontdoor.on_command(interaction, action=GROUPS)

    async def mybookings(interaction: discord.Interaction) -> None:
        await frontdoor.on_command(interaction, action=MINE)

    async def help_(interaction: discord.Interaction) -> None:
        await frontdoor.on_command(interaction, action=MENU)

    @app_commands.describe(command='A staff command, e.g. "groups", "roster anxiety-tue-1800", "ack U-7Q2M"')
    async def staff(interaction: discord.Interaction, command: str = "help") -> None:
        await frontdoor.on_command(interaction, text=f"staff {command.strip()}")

    staff_command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name="staff", description="Staff only: run the schedule (answers only you can see)",
        callback=staff)
    staff_command.default_permissions = discord.Permissions(manage_guild=True)
    staff_command.allowed_contexts = contexts
    staff_command.allowed_installs = installs
    tree.add_command(staff_command)

    for name, description, callback in (
        ("frontdoor", "Start or pick up your private chat with the front door (in DM)", start),
        ("book", "See our therapy groups and book a seat", book),
        ("mybookings", "See or cancel your bookings", mybookings),
        ("help", "What the front door can help with", help_),
    ):
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=name, description=description, callback=callback)
        command.allowed_contexts = contexts
        command.allowed_installs = installs
        tree.add_command(command)
    return tree
