"""A lean HTTP/1.1 keep-alive client for the proxy: asyncio protocols and the httptools parser.

Measured on this platform's loopback, httpcore's pool spends about 2 ms of Python per request and
degrades with concurrency; the proxy only needs to write a request head, stream bytes and parse a
response head, which this does with one parser per connection and no per-request objects beyond the
response. httpx stays the client for everything else (OpenAPI, health).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator

import httptools

# Below uvicorn's default keep-alive timeout (5 s), so that we rarely reuse a socket the service is closing.
IDLE_SECONDS = 4.0
_HIGH_WATER = 256 * 1024


class UpstreamError(Exception):
    """The service gave no usable answer."""


class UpstreamUnavailable(UpstreamError):
    """The service could not be reached (refused, unreachable, or too many connections waiting)."""


class UpstreamTimeout(UpstreamError):
    """The service accepted the request but did not answer in time."""


class Connection(asyncio.Protocol):
    """One keep-alive connection; carries one request at a time."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.closed = False
        self.idle_since = 0.0
        self.reused = False
        self._reset()

    def _reset(self) -> None:
        self.status = 0
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.headers_done = False
        self.done = False
        self.keep_alive = False
        self.error: BaseException | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.writable: asyncio.Future[None] | None = None
        self.got_bytes = False

    # asyncio protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.got_bytes = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(UpstreamError(f"invalid response: {exc}"))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if not self.done:
            self._fail(UpstreamError("the service closed the connection"))
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)

    def pause_writing(self) -> None:
        self.writable = self.loop.create_future()

    def resume_writing(self) -> None:
        if self.writable is not None and not self.writable.done():
            self.writable.set_result(None)
        self.writable = None

    # httptools callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        self.status = self.parser.get_status_code()
        self.keep_alive = self.parser.should_keep_alive()
        self.headers_done = True
        self._wake()

    def on_body(self, body: bytes) -> None:
        self.chunks.append(body)
        self.buffered += len(body)
        if self.buffered > _HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()  # back-pressure: the caller reads slower than the service writes
        self._wake()

    def on_message_complete(self) -> None:
        self.done = True
        self._wake()

    # helpers
    def _wake(self) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def _fail(self, exc: BaseException) -> None:
        self.error = exc
        self._wake()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    async def wait(self, timeout: float) -> None:
        """Wait for the next parser event, or raise UpstreamTimeout."""
        self.waiter = self.loop.create_future()
        timer = self.loop.call_later(timeout, _expire, self.waiter)
        try:
            await self.waiter
        finally:
            timer.cancel()
            self.waiter = None

    async def write(self, data: bytes) -> None:
        assert self.transport is not None
        self.transport.write(data)
        if self.writable is not None:
            await self.writable


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(UpstreamTimeout("the service did not answer in time"))


class Response:
    """A response whose head has arrived; iterate ``body()`` and then ``release()`` it."""

    __slots__ = ("_conn", "_pool", "_read_timeout", "headers", "status")

    def __init__(self, conn: Connection, pool: HostPool, read_timeout: float):
        self._conn = conn
        self._pool = pool
        self._read_timeout = read_timeout
        self.status = conn.status
        self.headers = conn.headers

    async def body(self) -> AsyncIterator[bytes]:
        conn = self._conn
        while True:
            if conn.chunks:
                chunk = conn.chunks.popleft()
                conn.buffered -= len(chunk)
                if conn.buffered <= _HIGH_WATER and conn.transport is not None and not conn.closed:
                    conn.transport.resume_reading()
                yield chunk
            elif conn.done:
                return
            elif conn.error is not None:
                raise conn.error
            else:
                await conn.wait(self._read_timeout)

    def release(self) -> None:
        self._pool.release(self._conn)


class HostPool:
    """Keep-alive connections to one service, at most ``limit`` at a time."""

    def __init__(self, host: str, port: int, *, tls: bool, limit: int, connect_timeout: float,
                 read_timeout: float, pool_timeout: float):
        self.host, self.port, self.tls = host, port, tls
        self.connect_timeout, self.read_timeout, self.pool_timeout = connect_timeout, read_timeout, pool_timeout
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(limit)

    async def _connect(self) -> Connection:
        loop = asyncio.get_running_loop()
        try:
            _, conn = await asyncio.wait_for(
                loop.create_connection(lambda: Connection(loop), self.host, self.port, ssl=self.tls or None),
                self.connect_timeout,
            )
        except (OSError, TimeoutError) as exc:
            raise UpstreamUnavailable(f"cannot connect to {self.host}:{self.port}: {exc!r}") from exc
        return conn

    async def _acquire(self) -> Connection:
        try:
            await asyncio.wait_for(self.slots.acquire(), self.pool_timeout) if self.slots.locked() \
                else await self.slots.acquire()
        except TimeoutError as exc:
            raise UpstreamUnavailable("too many requests waiting for a connection") from exc
        now = time.monotonic()
        while self.idle:
            conn = self.idle.pop()
            if not conn.closed and now - conn.idle_since < IDLE_SECONDS:
                conn.reused = True
                return conn
            conn.close()
        try:
            return await self._connect()
        except BaseException:
            self.slots.release()
            raise

    def release(self, conn: Connection) -> None:
        """Return a connection after a complete exchange; anything else is closed."""
        if conn.done and conn.keep_alive and not conn.closed and conn.error is None:
            conn._reset()
            conn.idle_since = time.monotonic()
            self.idle.append(conn)
        else:
            conn.close()
        self.slots.release()

    async def request(self, method: str, target: bytes, headers: list[tuple[bytes, bytes]],
                      body: AsyncIterable[bytes] | None, *, chunked: bool) -> Response:
        """Send the request and wait for the response head."""
        head = b"".join([method.encode(), b" ", target, b" HTTP/1.1\r\n",
                         *(b"%s: %s\r\n" % pair for pair in headers), b"\r\n"])
        for attempt in (0, 1):
            conn = await self._acquire()
            try:
                await conn.write(head)
                if body is not None:
                    async for chunk in body:
                        await conn.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                    if chunked:
                        await conn.write(b"0\r\n\r\n")
                while not conn.headers_done:
                    if conn.error is not None:
                        raise conn.error
                    await conn.wait(self.read_timeout)
                if method == "HEAD":  # no body follows, whatever the headers announce
                    conn.done, conn.keep_alive = True, False
                return Response(conn, self, self.read_timeout)
            except UpstreamTimeout:
                self.release(conn)
                raise
            except UpstreamError:
                stale = conn.reused and not conn.got_bytes and body is None
                self.release(conn)
                if stale and attempt == 0:
                    continue  # the service closed an idle connection just as we reused it: retry once
                raise
            except BaseException:
                self.release(conn)
                raise
        raise UpstreamError("unreachable")  # pragma: no cover


class UpstreamClient:
    """One pool per service host, shared by every proxied request of the process."""

    def __init__(self, *, limit: int, connect_timeout: float, read_timeout: float, pool_timeout: float):
        self._settings = {"limit": limit, "connect_timeout": connect_timeout, "read_timeout": read_timeout,
                          "pool_timeout": pool_timeout}
        self._pools: dict[tuple[str, int], HostPool] = {}  # created lazily, inside the running loop

    def pool(self, host: str, port: int, *, tls: bool = False) -> HostPool:
        key = (host, port)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = HostPool(host, port, tls=tls, **self._settings)  # type: ignore[arg-type]
        return pool

    def close(self) -> None:
        for pool in self._pools.values():
            for conn in pool.idle:
                conn.close()
            pool.idle.clear()
        self._pools.clear()
