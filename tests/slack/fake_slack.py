"""A small local fake of the Slack Web API (and of Socket Mode's WebSocket), recording every call.

Point ``SLACK_API_URL`` at ``FakeSlack.url``. It answers the methods the bot uses
(auth.test, chat.postMessage, chat.postEphemeral, views.publish, conversations.open,
conversations.info, apps.connections.open, chat.update, and files_upload_v2's three steps) like Slack does, checks the bearer
token, records each call (method, parameters, HTTP status), and can be scripted
to fail: ``fake.fail("chat.postMessage", 429, retry_after=1, when=to_channel("C1"))``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

Params = dict[str, Any]
Match = Callable[[Params], bool]


@dataclass
class Call:
    method: str
    params: Params
    status: int
    token: str | None
    answer: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Scripted:
    method: str
    status: int
    times: int
    retry_after: float | None = None
    error: str | None = None
    when: Match | None = None


@dataclass
class Envelope:
    envelope_id: str
    payload: dict[str, Any]
    acked: asyncio.Event = field(default_factory=asyncio.Event)
    ack: dict[str, Any] | None = None


def to_channel(channel: str) -> Match:
    return lambda params: params.get("channel") == channel


class FakeSlack:
    def __init__(self, *, token: str = "xoxb-test-token", app_token: str = "xapp-test-token",
                 bot_user_id: str = "UBOT", bot_id: str = "BBOT", team_id: str = "T0FAKE") -> None:
        self.token = token
        self.app_token = app_token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.team_id = team_id
        self.calls: list[Call] = []
        self.channels: dict[str, dict[str, Any]] = {}
        self.script: list[Scripted] = []
        self.delays: dict[str, float] = {}
        self.envelopes: dict[str, Envelope] = {}
        self.uploads: dict[str, bytes] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self._changed = asyncio.Event()
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_get("/link", self._socket)
        app.router.add_post("/upload/{file_id}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/api/"
        self._ws_url = f"ws://127.0.0.1:{port}/link"
        self._upload_url = f"http://127.0.0.1:{port}/upload/"
        return self.url

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- scripting ------------------------------------------------------------------------

    def fail(self, method: str, status: int, *, times: int = 1, retry_after: float | None = None,
             error: str | None = None, when: Match | None = None) -> None:
        """The next ``times`` calls of ``method`` (matching ``when``) answer ``status``."""
        self.script.append(Scripted(method, status, times, retry_after, error, when))

    def slow(self, method: str, seconds: float) -> None:
        """Every call of ``method`` takes ``seconds`` before answering (a slow Slack)."""
        self.delays[method] = seconds

    def set_channel(self, channel: str, *, is_private: bool = True, is_member: bool = True) -> None:
        self.channels[channel] = {"id": channel, "is_private": is_private, "is_member": is_member,
                                  "is_channel": not is_private, "is_group": is_private}

    # -- what was called ---------------------------------------------------------------

    def called(self, method: str | None = None, *, ok_only: bool = True) -> list[Call]:
        return [c for c in self.calls if (method is None or c.method == method) and (c.ok or not ok_only)]

    def posts(self, channel: str | None = None) -> list[Params]:
        """Successful chat.postMessage parameters, optionally to one channel."""
        return [c.params for c in self.called("chat.postMessage")
                if channel is None or c.params.get("channel") == channel]

    def texts(self, channel: str | None = None) -> list[str]:
        return [p.get("text", "") for p in self.posts(channel)]

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError("timed out waiting for the fake Slack API; calls: "
                                     + ", ".join(c.method for c in self.calls))
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 0.05))
            except TimeoutError:
                pass

    # -- the Web API ---------------------------------------------------------------------

    async def _params(self, request: web.Request) -> Params:
        params: Params = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                params.update(dict(await request.post()))
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    def _scripted(self, method: str, params: Params) -> Scripted | None:
        for entry in self.script:
            if entry.method == method and entry.times > 0 and (entry.when is None or entry.when(params)):
                entry.times -= 1
                return entry
        return None

    def _record(self, method: str, params: Params, status: int, token: str | None,
                answer: dict[str, Any] | None = None) -> None:
        self.calls.append(Call(method, params, status, token, answer))
        self._changed.set()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else params.get("token")
        expected = self.app_token if method == "apps.connections.open" else self.token
        if token != expected:
            self._record(method, params, 200, token)
            return web.json_response({"ok": False, "error": "invalid_auth"})
        scripted = self._scripted(method, params)
        if scripted is not None:
            self._record(method, params, scripted.status, token)
            headers = {} if scripted.retry_after is None else {"Retry-After": str(int(scripted.retry_after))}
            if scripted.status == 200:
                return web.json_response({"ok": False, "error": scripted.error or "fatal_error"})
            body = {"ok": False, "error": scripted.error or ("ratelimited" if scripted.status == 429 else
                                                             "internal_error")}
            return web.json_response(body, status=scripted.status, headers=headers)
        answer = self._answer(method, params)
        self._record(method, params, 200, token, answer)
        return web.json_response(answer)

    async def _upload(self, request: web.Request) -> web.Response:
        """Step 2 of files_upload_v2: the file's bytes, POSTed to the URL step 1 gave."""
        self.uploads[request.match_info["file_id"]] = await request.read()
        self._changed.set()
        return web.Response(text="OK")

    def uploaded(self, channel: str | None = None) -> list[tuple[str, str]]:
        """(title, content) of each file shared (files.completeUploadExternal), optionally to a channel."""
        shared = []
        for call in self.called("files.completeUploadExternal"):
            if channel is not None and call.params.get("channel_id") != channel:
                continue
            files = call.params.get("files")
            for entry in json.loads(files) if isinstance(files, str) else files or []:
                data = self.uploads.get(entry["id"], b"")
                shared.append((entry.get("title", ""), data.decode("utf-8", "replace")))
        return shared

    def _answer(self, method: str, params: Params) -> dict[str, Any]:
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        match method:
            case "auth.test":
                return {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "frontdoor",
                        "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id,
                        "is_enterprise_install": False}
            case "chat.postMessage":
                return {"ok": True, "channel": params.get("channel"), "ts": ts,
                        "message": {"text": params.get("text"), "ts": ts, "bot_id": self.bot_id}}
            case "chat.update":
                return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts"),
                        "text": params.get("text")}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            case "conversations.open":
                return {"ok": True, "channel": {"id": "D" + str(params.get("users", ""))}}
            case "conversations.info":
                channel = self.channels.get(str(params.get("channel")))
                if channel is None:
                    return {"ok": False, "error": "channel_not_found"}
                return {"ok": True, "channel": channel}
            case "views.publish":
                return {"ok": True, "view": {"id": "V" + ts.replace(".", ""), **params.get("view", {})}}
            case "apps.connections.open":
                return {"ok": True, "url": self._ws_url}
            case "files.getUploadURLExternal":
                file_id = f"F{next(self._ts):08d}"
                return {"ok": True, "file_id": file_id, "upload_url": self._upload_url + file_id}
            case "files.completeUploadExternal":
                files = params.get("files")
                entries = json.loads(files) if isinstance(files, str) else files or []
                return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in entries]}
        return {"ok": False, "error": "unknown_method"}

    # -- Socket Mode ---------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1,
                            "connection_info": {"app_id": "AFAKE"}, "debug_info": {"host": "fake"}})
        self._socket_ready.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                envelope = self.envelopes.get(str(data.get("envelope_id")))
                if envelope is not None:
                    envelope.ack = data
                    envelope.acked.set()
        self._sockets.remove(ws)
        return ws

    async def push(self, kind: str, payload: dict[str, Any]) -> Envelope:
        """Send one Socket Mode envelope (``events_api``, ``interactive``, ``slash_commands``)."""
        await asyncio.wait_for(self._socket_ready.wait(), timeout=5)
        envelope = Envelope(f"env-{next(self._ts)}", payload)
        self.envelopes[envelope.envelope_id] = envelope
        await self._sockets[-1].send_json({"envelope_id": envelope.envelope_id, "type": kind,
                                           "payload": payload, "accepts_response_payload": False,
                                           "retry_attempt": 0, "retry_reason": ""})
        return envelope
