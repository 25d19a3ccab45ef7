"""The Slack front door: a thin slack-bolt adapter over the core.

Slack payload -> ``bot.messages.Inbound`` -> ``Core.handle`` -> replies -> Block Kit.
Modules, one concept each:

* ``escape``        - Slack's ``& < >`` escaping, and Slack markup back to plain text;
* ``inbound``       - Slack payloads (events, actions, commands) to ``Inbound``;
* ``render``        - replies, the App Home and notices to Block Kit / Slack text;
* ``client``        - the Web API client (base URL, retry handlers) and its errors;
* ``conversations`` - where replies go: DMs, ephemeral notes, the App Home;
* ``notifier``      - the outbox relay's ``Notifier`` for Slack;
* ``app``           - the bolt app and its listeners (ack first, then the core);
* ``inflight``      - counts listener work still running (clean shutdown, tests);
* ``http``          - HTTP mode: the aiohttp endpoint with a strict signature check;
* ``startup``       - start-up checks (token, staff channel privacy and membership);
* ``main``          - ``run_slack``: Socket Mode or HTTP mode, plus the relay loop.
"""
