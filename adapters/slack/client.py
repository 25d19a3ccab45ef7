"""The Slack Web API client: base URL (``SLACK_API_URL``), shared session, retry handlers.

slack_sdk's retry handlers wait out a 429 (its ``Retry-After``), retry 500/503 and
dropped connections once each; whatever still fails surfaces as an exception,
which :func:`failure` describes without any message content (error code, status,
and the 429 ``Retry-After`` hint for the relay's backoff).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import (
    BackoffRetryIntervalCalculator,
)
from slack_sdk.http_retry.jitter import RandomJitter
from slack_sdk.web.async_client import AsyncWebClient

TIMEOUT_SECONDS = 10

# Exceptions a Web API call can end in, besides a clean response.
CALL_ERRORS: tuple[type[BaseException], ...] = (SlackClientError, aiohttp.ClientError, TimeoutError,
                                                asyncio.TimeoutError, OSError, ValueError)


def retry_handlers(backoff_factor: float = 0.5) -> list[AsyncRetryHandler]:
    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff_factor, jitter=RandomJitter())
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=1, interval_calculator=interval),
        AsyncRateLimitErrorRetryHandler(max_retry_count=1),
        AsyncServerErrorRetryHandler(max_retry_count=1, interval_calculator=interval),
    ]


def make_client(token: str, base_url: str, session: aiohttp.ClientSession | None = None, *,
                backoff_factor: float = 0.5) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=base_url, session=session, timeout=TIMEOUT_SECONDS,
                          retry_handlers=retry_handlers(backoff_factor))


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a call failed, safe to log: no message text, no token."""

    reason: str
    retry_after: float | None = None
    status: int | None = None


def failure(error: BaseException) -> Failure:
    if isinstance(error, SlackApiError):
        response = error.response
        code = response.get("error") if isinstance(response.data, dict) else None
        status = response.status_code
        retry_after: float | None = None
        if status == 429:
            raw = response.headers.get("Retry-After") or response.headers.get("retry-after")
            if isinstance(raw, list):
                raw = raw[0] if raw else None
            try:
                retry_after = float(raw) if raw is not None else None
            except ValueError:
                retry_after = None
        return Failure(f"slack: {code or 'http_' + str(status)}", retry_after, status)
    return Failure(f"network: {type(error).__name__}")
