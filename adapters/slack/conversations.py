"""Where the bot speaks on Slack: the member's DM, a private (ephemeral) note, the App Home.

Replies about a member only ever go to that member: their direct message with the
bot (opened with conversations.open, remembered per user), an ephemeral message
only they can see, or their own App Home. Nothing here reads or logs message text.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import SlackMessage

MAX_REMEMBERED_DMS = 10_000


class Conversations:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._dms: OrderedDict[str, str] = OrderedDict()

    def remember_dm(self, user_id: str, channel_id: str) -> None:
        self._dms[user_id] = channel_id
        self._dms.move_to_end(user_id)
        while len(self._dms) > MAX_REMEMBERED_DMS:
            self._dms.popitem(last=False)

    async def dm_channel(self, user_id: str) -> str:
        """The id of the bot's direct message with ``user_id`` (opened once, then remembered)."""
        known = self._dms.get(user_id)
        if known is not None:
            return known
        response = await self._client.conversations_open(users=user_id)
        channel_id = str(response["channel"]["id"])
        self.remember_dm(user_id, channel_id)
        return channel_id

    async def post(self, channel_id: str, message: SlackMessage) -> str:
        """Post a message; its ``ts`` (Slack's id for it, to update it later)."""
        response = await self._client.chat_postMessage(channel=channel_id, text=message.text,
                                                       blocks=message.blocks, unfurl_links=False,
                                                       unfurl_media=False)
        return str(response.get("ts") or "")

    async def update(self, channel_id: str, ts: str, message: SlackMessage) -> None:
        await self._client.chat_update(channel=channel_id, ts=ts, text=message.text, blocks=message.blocks)

    async def post_text(self, channel_id: str, text: str) -> None:
        """Post already-escaped Slack text (staff notices, member notices)."""
        await self._client.chat_postMessage(channel=channel_id, text=text, unfurl_links=False,
                                            unfurl_media=False)

    async def upload(self, channel_id: str, name: str, text: str) -> None:
        """A text file (a CSV export) in a DM: files.getUploadURLExternal, upload, complete."""
        await self._client.files_upload_v2(channel=channel_id, content=text, filename=name, title=name)

    async def ephemeral(self, channel_id: str, user_id: str, text: str) -> None:
        """A note in a channel that only ``user_id`` can see (already-escaped text)."""
        await self._client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)

    async def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        await self._client.views_publish(user_id=user_id, view=view)
