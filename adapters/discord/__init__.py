"""The Discord front door: a thin discord.py adapter that only translates to and from the core.

Modules, one concept each:

* ``render``    — core replies and notices -> Discord message content (escaped, mentions off)
* ``buttons``   — the ``fd:`` button as a ``DynamicItem``, rebuilt from its custom_id
* ``inbound``   — Discord messages and interactions -> ``bot.messages.Inbound``
* ``delivery``  — where replies go (DM, interaction follow-up, ephemeral) and in what order
* ``frontdoor`` — the handlers: DMs, mentions, slash commands, button presses
* ``commands``  — the slash commands (``/frontdoor``, ``/book``, ``/mybookings``, ``/help``)
* ``client``    — the ``discord.Client`` subclass and its intents
* ``notifier``  — the outbox relay's port: staff channel and member DMs
* ``invite``    — the OAuth2 invite URL and its minimal permissions
* ``main``      — ``frontdoor discord``: wiring, start-up checks, the relay loop
"""
