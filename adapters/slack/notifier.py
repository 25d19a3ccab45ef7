"""The outbox relay's Notifier for Slack: staff notices to the staff channel, member notices by DM.

Delivery is at least once: the relay calls :meth:`SlackNotifier.deliver` and marks
the row sent only if it returns. slack_sdk's retry handlers absorb a single 429
(waiting its ``Retry-After``), a 500/503 or a dropped connection; anything still
failing becomes ``DeliveryError`` (with the 429 ``Retry-After`` when there is one)
so the relay backs off and tries again later.
"""

from __future__ import annotations

import logging

from adapters.slack.client import CALL_ERRORS, failure
from adapters.slack.conversations import Conversations
from adapters.slack.inbound import PLATFORM, valid_user_id
from adapters.slack.render import notice_message, notice_text
from bot.domain import OutboxItem
from bot.ports import DeliveryError

log = logging.getLogger("frontdoor.slack.notifier")


def slack_user(member_key: str | None) -> str | None:
    if member_key is None:
        return None
    platform, _, user_id = member_key.partition(":")
    return valid_user_id(user_id) if platform == PLATFORM else None


class SlackNotifier:
    def __init__(self, conversations: Conversations, staff_channel: str, oncall_mention: str = "") -> None:
        self._conversations = conversations
        self._staff_channel = staff_channel
        self._oncall = oncall_mention

    async def deliver(self, item: OutboxItem) -> None:
        notice = item.notice
        text = notice_text(notice, self._oncall)
        try:
            if notice.audience == "staff":
                message = notice_message(notice, self._oncall)
                if message.blocks:
                    await self._conversations.post(self._staff_channel, message)
                else:
                    await self._conversations.post_text(self._staff_channel, text)
                return
            user_id = slack_user(notice.member_key)
            if user_id is None:  # the member deleted their data: nobody to tell
                log.info("member notice %s has no Slack member any more; dropped", item.id)
                return
            channel_id = await self._conversations.dm_channel(user_id)
            await self._conversations.post_text(channel_id, text)
        except CALL_ERRORS as error:
            why = failure(error)
            raise DeliveryError(why.reason, retry_after=why.retry_after) from None
