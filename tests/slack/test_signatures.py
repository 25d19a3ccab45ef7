"""HTTP mode's front gate: only requests signed with the signing secret get in; the rest get 401."""

from __future__ import annotations

import json
import logging
import time

import pytest
from sqlalchemy import text

from adapters.slack.http import SignatureCheck
from tests.slack.harness import (
    SECRET,
    SlackHarness,
    event_body,
    payload,
    signature,
    signed_headers,
)

MEMBER = "U0MEMBER1"
SECRET_WORDS = "my secret worry about my marriage"


def dm_bytes() -> bytes:
    return json.dumps(event_body("message_im", user=MEMBER, text=SECRET_WORDS)).encode()


def bad_requests() -> list[tuple[str, dict[str, str]]]:
    body = dm_bytes()
    now = str(int(time.time()))
    stale = str(int(time.time()) - 6 * 60)
    future = str(int(time.time()) + 6 * 60)
    good = signature(body, now)
    return [
        ("forged: signed with another secret", signed_headers(body, "application/json", secret="not-the-secret")),
        ("stale: correctly signed, 6 minutes old", signed_headers(body, "application/json", timestamp=stale)),
        ("from the future: correctly signed, 6 minutes ahead",
         signed_headers(body, "application/json", timestamp=future)),
        ("signature for another body", {"X-Slack-Request-Timestamp": now,
                                        "X-Slack-Signature": signature(body + b" ", now)}),
        ("malformed signature", {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "garbage"}),
        ("wrong version", {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v1=" + good[3:]}),
        ("non-numeric timestamp", {"X-Slack-Request-Timestamp": "yesterday", "X-Slack-Signature": good}),
        ("float timestamp", {"X-Slack-Request-Timestamp": now + ".5", "X-Slack-Signature": good}),
        ("negative timestamp", {"X-Slack-Request-Timestamp": "-" + now, "X-Slack-Signature": good}),
        ("unicode digits timestamp", {"X-Slack-Request-Timestamp": "١٢٣", "X-Slack-Signature": good}),
        ("missing signature", {"X-Slack-Request-Timestamp": now}),
        ("missing timestamp", {"X-Slack-Signature": good}),
        ("no headers at all", {}),
        ("empty headers", {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": ""}),
    ]


async def test_bad_stale_and_malformed_signatures_get_401_and_change_nothing(
        slack: SlackHarness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name, headers in bad_requests():
        answer = await slack.post(dm_bytes(), {"Content-Type": "application/json", **headers})
        assert answer.status == 401, name
        assert json.loads(answer.text) == {"error": "invalid request"}, name
    await slack.settle()
    assert slack.fake.calls == []
    assert all(SECRET_WORDS not in record.getMessage() for record in caplog.records)
    assert slack.door.app is not None
    async with slack.door.app.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM members"))).scalar_one() == 0


async def test_a_signed_request_with_an_unreadable_body_is_refused_without_a_500(slack: SlackHarness) -> None:
    body = b"{not json"
    answer = await slack.post(body, signed_headers(body, "application/json"))
    assert answer.status == 400
    body = b"\xff\xfe\x00"
    answer = await slack.post(body, signed_headers(body, "application/json"))
    assert answer.status == 401  # not UTF-8, so it cannot carry a valid v0 signature


async def test_url_verification_answers_the_challenge(slack: SlackHarness) -> None:
    challenge = payload("url_verification")
    answer = await slack.send_json(challenge)
    assert answer.status == 200 and json.loads(answer.text) == {"challenge": challenge["challenge"]}


async def test_other_paths_and_methods_are_not_served(slack: SlackHarness) -> None:
    body = dm_bytes()
    async with slack.session.post(slack.url.replace("/slack/events", "/other"), data=body,
                                  headers=signed_headers(body, "application/json")) as response:
        assert response.status == 404
    async with slack.session.get(slack.url) as response:
        assert response.status == 405


def test_signature_check_accepts_exactly_slacks_v0_scheme() -> None:
    now = 1_764_150_000
    check = SignatureCheck(SECRET, now=lambda: now)
    body = b'{"type":"event_callback"}'
    good = signature(body, str(now))
    assert check.valid(body, str(now), good)
    assert check.valid(body, str(now - 300), signature(body, str(now - 300)))
    assert not check.valid(body, str(now - 301), signature(body, str(now - 301)))
    assert not check.valid(body, str(now), good.upper())
    assert not check.valid(body, None, good)
    assert not check.valid(body, "1" * 40, good)


async def test_slacks_ssl_check_probe_gets_an_empty_200_and_reaches_no_listener(slack: SlackHarness) -> None:
    async with slack.session.post(slack.url, data=b"ssl_check=1&token=x", headers={
            "Content-Type": "application/x-www-form-urlencoded"}) as response:
        assert response.status == 200 and await response.text() == ""
    unsigned_command = b"ssl_check=1&command=%2Ffrontdoor&user_id=U0MEMBER1&text=help"
    async with slack.session.post(slack.url, data=unsigned_command, headers={
            "Content-Type": "application/x-www-form-urlencoded"}) as response:
        assert response.status == 200
    await slack.settle()
    assert slack.fake.calls == []
