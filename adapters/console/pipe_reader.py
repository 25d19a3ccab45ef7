"""Reading JSON-lines input from a pipe on the event loop itself (no thread hop a line).

``PipeLineReader`` gives the same lines as ``jsonl.LineReader`` (each at most ``limit``
bytes with its line end; a longer line, read and thrown away to its end, comes back as
``TOO_LONG``; None at the end of input), but waits for input with the loop's own poll
instead of a worker thread. Only for pipes and sockets (``usable``); anything else (a
regular file, a terminal, an in-memory stream) keeps the threaded reader.
"""

from __future__ import annotations

import asyncio
import os
import stat
from typing import BinaryIO, Generic, TypeVar

T = TypeVar("T")


def usable(stream: BinaryIO) -> bool:
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, AttributeError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


class PipeLineReader(Generic[T]):
    def __init__(self, stream: BinaryIO, limit: int, too_long: T) -> None:
        self._stream = stream
        self._limit = limit
        self._too_long = too_long
        self._reader: asyncio.StreamReader | None = None
        self._transport: asyncio.ReadTransport | None = None

    async def _open(self) -> asyncio.StreamReader:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=self._limit)
        transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                                    self._stream)
        self._reader, self._transport = reader, transport
        return reader

    async def read(self) -> bytes | T | None:
        reader = self._reader or await self._open()
        try:
            line = await reader.readuntil(b"\n")
        except asyncio.IncompleteReadError as end:  # the input ended, maybe mid-line
            if len(end.partial) > self._limit:
                return self._too_long
            return end.partial or None
        except asyncio.LimitOverrunError as over:
            await self._skip_line(reader, over.consumed)
            return self._too_long
        return line

    async def _skip_line(self, reader: asyncio.StreamReader, consumed: int) -> None:
        """Throw away the rest of an over-long line, keeping memory bounded."""
        while True:
            await reader.readexactly(consumed)  # bytes known to hold no line end
            try:
                await reader.readuntil(b"\n")
                return
            except asyncio.IncompleteReadError:
                return
            except asyncio.LimitOverrunError as over:
                consumed = over.consumed

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
