"""The outbox relay's Notifier for Slack: staff notices to the staff channel, member notices by DM.

Delivery is at least once: the relay calls :meth:`SlackNotifier.deliver` and marks
the row sent only if it returns. slack_sdk's retry handlers absorb a single 429
(waiting its ``Retry-After``), a 500/503 or a dropped connection; anything still
failing becomes ``DeliveryError`` (with the 429 ``Retry-After`` when there is one)
so the relay backs off and tries again later.

A staff notice with buttons answers its message id (``CHANNEL:ts``), which the relay
records; an "urgent_taken" notice is handed the recorded ones of its reference and
updates each (buttons gone, who took it added), whichever process posted them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from adapters.slack.client import CALL_ERRORS, failure
from adapters.slack.conversations import Conversations
from adapters.slack.inbound import PLATFORM, valid_user_id
from adapters.slack.render import Block, SlackMessage, notice_message, notice_text, reply_message
from bot.domain import OutboxItem
from bot.messages import MemberKey, Reply
from bot.ports import DeliveryError

log = logging.getLogger("frontdoor.slack.notifier")


def slack_user(member_key: str | None) -> str | None:
    if member_key is None:
        return None
    who = MemberKey.parse(member_key)
    platform, user_id = who.platform, who.user_id
    return valid_user_id(user_id) if platform == PLATFORM else None


class SlackNotifier:
    def __init__(self, conversations: Conversations, staff_channel: str, oncall_mention: str = "") -> None:
        self._conversations = conversations
        self._staff_channel = staff_channel
        self._oncall = oncall_mention

    async def deliver(self, item: OutboxItem, earlier: Sequence[OutboxItem] = ()) -> str | None:
        notice = item.notice
        text = notice_text(notice, self._oncall)
        try:
            if notice.audience == "staff":
                message = notice_message(notice, self._oncall)
                posted = None
                if message.blocks:
                    ts = await self._conversations.post(self._staff_channel, message)
                    posted = f"{self._staff_channel}:{ts}" if ts else None
                else:
                    await self._conversations.post_text(self._staff_channel, text)
                if notice.kind == "urgent_taken" and notice.ref:
                    await self._mark_taken(earlier, text)
                return posted
            user_id = slack_user(notice.member_key)
            if user_id is None:  # the member deleted their data: nobody to tell
                log.info("member notice %s has no Slack member any more; dropped", item.id)
                return None
            channel_id = await self._conversations.dm_channel(user_id)
            if notice.buttons:  # a reminder's "Can't make it this week" / "Cancel my seat"
                await self._conversations.post(channel_id, reply_message(Reply(notice.text, notice.buttons)))
            else:
                await self._conversations.post_text(channel_id, text)
            for file in notice.files:  # a calendar file, uploaded into the member's own DM
                await self._conversations.upload(channel_id, file.name, file.text)
            return None
        except CALL_ERRORS as error:
            why = failure(error)
            raise DeliveryError(why.reason, retry_after=why.retry_after) from None

    async def _mark_taken(self, earlier: Sequence[OutboxItem], taken: str) -> None:
        """Best effort: each earlier message of the reference (the notice, each repost) loses
        its button and says who took it (the "taken" line itself is already posted, so a
        failure here loses nothing)."""
        for item in earlier:
            channel, _, ts = (item.message_id or "").partition(":")
            if not channel or not ts:
                continue
            text = notice_text(item.notice, self._oncall)
            blocks: list[Block] = [
                {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": taken}]}]
            try:
                await self._conversations.update(channel, ts, SlackMessage(text, blocks))
            except CALL_ERRORS as error:
                log.warning("could not mark urgent notice %s taken: %s", item.id, failure(error).reason)
