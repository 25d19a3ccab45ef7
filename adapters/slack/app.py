"""The bolt app and its listeners: acknowledge Slack first, then translate, call the core, reply.

* Events (``message.im``, ``app_mention``, ``app_home_opened``) are acknowledged by
  bolt before the listener runs (``process_before_response=False``); slash commands
  and button presses call ``ack()`` as their first step. The core's work happens
  after the acknowledgement, so Slack's 3-second rule never depends on it.
* The core deduplicates events by id; a duplicate outcome posts nothing. The core
  runs a few turns at a time (a possible crisis never waits) and never raises.
* Replies about a member go only to that member's DM; a mention in a channel gets
  a private (ephemeral) note there, never the conversation.
* Logs carry member references and Slack error codes, never message text.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Protocol

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import inbound
from bot import actions
from adapters.slack.client import CALL_ERRORS, failure
from adapters.slack.conversations import Conversations
from adapters.slack.escape import escape
from adapters.slack.inflight import InFlight
from adapters.slack.render import home_view, reply_message
from adapters.slack.startup import BotIdentity
from bot.messages import Inbound, MemberKey, Outcome

log = logging.getLogger("frontdoor.slack")

# bolt's own logger: kept at WARNING (bolt logs request bodies at INFO/DEBUG). Named
# under slack_bolt so bolt's per-request loggers never touch our "frontdoor" loggers.
BOLT_LOGGER = "slack_bolt.frontdoor"
SDK_LOGGERS = ("slack_bolt", "slack_sdk")

OUR_ACTIONS = re.compile("^" + re.escape(actions.PREFIX))
ANY_ACTION = re.compile(r".*")

PRIVATE_NOTE = ("Thanks for reaching out. I've sent you a direct message so this stays private "
                "between us.")
COMMAND_NOTE = "I've sent you a direct message so we can talk privately."
HOME_INTRO = (
    "I'm frontdoor, an automated assistant (not a therapist and not an emergency service). "
    "I can answer questions about therapy and our weekly online groups, check which groups "
    "you can join, book or cancel a seat, and put you in touch with a person on our team.\n"
    "Open the Messages tab and say hello to start. We talk in private direct messages, "
    "never in public channels.")


def quiet_sdk_loggers() -> logging.Logger:
    """Keep slack_bolt / slack_sdk at WARNING or above (they log payloads below that)."""
    for name in SDK_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
    bolt_logger = logging.getLogger(BOLT_LOGGER)
    bolt_logger.setLevel(max(logging.WARNING, bolt_logger.level))
    return bolt_logger


def build_bolt_app(client: AsyncWebClient, identity: BotIdentity, signing_secret: str | None) -> AsyncApp:
    """The bolt app; ``signing_secret`` None means Socket Mode (no request signatures).

    Authorisation comes from the start-up auth.test (``identity``), so no request ever
    waits on a Web API call before it is acknowledged. Bolt's own client carries no
    token (each request's client gets it from ``authorize``); it shares the base URL,
    session and retry handlers of ``client``.
    """
    token = client.token

    async def authorize() -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=None, team_id=identity.team_id, bot_token=token,
                               bot_id=identity.bot_id, bot_user_id=identity.user_id)

    bolt_client = AsyncWebClient(token=None, base_url=client.base_url, session=client.session,
                                 timeout=client.timeout, retry_handlers=client.retry_handlers)
    return AsyncApp(name=BOLT_LOGGER, client=bolt_client, authorize=authorize, logger=quiet_sdk_loggers(),
                    signing_secret=signing_secret or "",
                    request_verification_enabled=signing_secret is not None,
                    process_before_response=False)


class Answers(Protocol):
    """The core, as the Slack listeners use it (it never raises)."""

    async def handle(self, inbound: Inbound) -> Outcome: ...

    async def bookings_view(self, member: MemberKey) -> Outcome: ...


class SlackHandlers:
    """The listeners bolt calls; each one translates and hands the work to the core."""

    def __init__(self, core: Answers, conversations: Conversations, *, bot_user_id: str | None,
                 command: str, inflight: InFlight) -> None:
        self._core = core
        self._conversations = conversations
        self._bot_user_id = bot_user_id
        self._command = command
        self.inflight = inflight

    def register(self, app: AsyncApp) -> None:
        app.event("message")(self.on_message)
        app.event("app_mention")(self.on_mention)
        app.event("app_home_opened")(self.on_home_opened)
        app.action(OUR_ACTIONS)(self.on_button)
        app.action(ANY_ACTION)(self.on_other_action)
        app.command(self._command)(self.on_command)

    # -- listeners ----------------------------------------------------------------------

    async def on_message(self, body: dict[str, Any]) -> None:
        """``message.im``: the conversation itself. Bots, edits and deletions are ignored."""
        with self.inflight.track():
            message = inbound.direct_message(body, self._bot_user_id)
            if message is None:
                return
            channel = (body.get("event") or {}).get("channel")
            if isinstance(channel, str) and channel.startswith("D"):
                self._conversations.remember_dm(message.member.user_id, channel)
            await self._converse(message)

    async def on_mention(self, body: dict[str, Any]) -> None:
        """``app_mention`` in a channel: continue in DM, and say so privately in the channel."""
        with self.inflight.track():
            message = inbound.mention(body, self._bot_user_id)
            if message is None:
                return
            outcome = await self._core.handle(message)
            if outcome.duplicate:
                return
            work = [self._deliver(message, outcome)]
            channel = (body.get("event") or {}).get("channel")
            if isinstance(channel, str):
                work.append(self._ephemeral(channel, message, outcome))
            await asyncio.gather(*work)

    async def on_command(self, ack: Any, body: dict[str, Any]) -> None:
        """The slash command: a private acknowledgement, then the conversation in DM."""
        with self.inflight.track():
            await ack(text=COMMAND_NOTE, response_type="ephemeral")
            message = inbound.command(body)
            if message is not None:
                await self._converse(message)

    async def on_button(self, ack: Any, body: dict[str, Any]) -> None:
        """A button from a DM or the App Home; the core answers stale or forged ids itself."""
        with self.inflight.track():
            await ack()
            if body.get("type") != "block_actions":
                return
            message = inbound.button(body)
            if message is not None:
                await self._converse(message)

    async def on_other_action(self, ack: Any) -> None:
        """Anything that is not one of our buttons: acknowledged and ignored."""
        await ack()

    async def on_home_opened(self, body: dict[str, Any]) -> None:
        """The App Home tab: what the bot does, and the member's bookings with cancel buttons."""
        with self.inflight.track():
            request = inbound.home_opened(body)
            if request is None:
                return
            outcome = await self._core.bookings_view(request.member)
            try:
                await self._conversations.publish_home(request.member.user_id,
                                                       home_view(HOME_INTRO, outcome.replies))
            except CALL_ERRORS as error:
                self._failed("views.publish", outcome, error)

    # -- the work -------------------------------------------------------------------------

    async def _converse(self, message: Inbound) -> None:
        """Run one turn and post its replies to the member's DM."""
        await self._deliver(message, await self._core.handle(message))

    async def _deliver(self, message: Inbound, outcome: Outcome) -> None:
        """Post a turn's replies, in order, to the member's DM (nothing for a duplicate)."""
        if outcome.duplicate or not outcome.replies:
            return
        try:
            channel = await self._conversations.dm_channel(message.member.user_id)
            for reply in outcome.replies:
                await self._conversations.post(channel, reply_message(reply))
                for file in reply.files:  # exports: only ever to this DM, never a channel
                    await self._conversations.upload(channel, file.name, file.text)
        except CALL_ERRORS as error:
            self._failed("reply", outcome, error, urgent=outcome.crisis)

    def _private_note(self, outcome: Outcome) -> str:
        """The ephemeral note under a mention; a crisis reply is repeated there too, privately."""
        texts = [reply.text for reply in outcome.replies] if outcome.crisis else []
        return "\n\n".join(escape(text) for text in [*texts, PRIVATE_NOTE])

    async def _ephemeral(self, channel: str, message: Inbound, outcome: Outcome) -> None:
        try:
            await self._conversations.ephemeral(channel, message.member.user_id, self._private_note(outcome))
        except CALL_ERRORS as error:
            self._failed("chat.postEphemeral", outcome, error)

    @staticmethod
    def _failed(what: str, outcome: Outcome, error: BaseException, *, urgent: bool = False) -> None:
        why = failure(error)
        level = logging.ERROR if urgent else logging.WARNING
        log.log(level, "slack %s failed member=%s %s%s", what, outcome.member_ref, why.reason,
                " (crisis reply)" if urgent else "")
