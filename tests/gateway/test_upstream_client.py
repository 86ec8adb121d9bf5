import asyncio

import pytest

from eldersafe_gateway import upstream_client
from eldersafe_gateway.upstream_client import UpstreamClient, UpstreamTimeout, UpstreamUnavailable
from tests.gateway.upstream import free_port


def _client(read_timeout: float = 2.0) -> UpstreamClient:
    return UpstreamClient(limit=4, connect_timeout=1.0, read_timeout=read_timeout, pool_timeout=0.5)


async def _get(client: UpstreamClient, port: int, path: bytes) -> tuple[int, bytes]:
    pool = client.pool("127.0.0.1", port)
    response = await pool.request("GET", path, [(b"host", b"x")], None, chunked=False)
    body = b"".join([chunk async for chunk in response.body()])
    response.release()
    return response.status, body


def test_connections_are_reused(upstream_url: str) -> None:
    port = int(upstream_url.rsplit(":", 1)[1])

    async def scenario() -> int:
        client = _client()
        for _ in range(5):
            status, _ = await _get(client, port, b"/api/registry/echo/x")
            assert status == 200
        idle = len(client.pool("127.0.0.1", port).idle)
        client.close()
        return idle

    assert asyncio.run(scenario()) == 1


def test_a_connection_the_service_closed_is_replaced(upstream_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = int(upstream_url.rsplit(":", 1)[1])

    async def scenario() -> None:
        client = _client()
        await _get(client, port, b"/api/registry/echo/x")
        (conn,) = client.pool("127.0.0.1", port).idle
        # closed under our feet, and the pool has not heard of it yet (connection_lost comes a tick later)
        conn.transport.close()  # type: ignore[union-attr]
        status, _ = await _get(client, port, b"/api/registry/echo/again")
        assert status == 200
        client.close()

    asyncio.run(scenario())


def test_refused_connection_is_unavailable() -> None:
    async def scenario() -> None:
        with pytest.raises(UpstreamUnavailable):
            await _get(_client(), free_port(), b"/")

    asyncio.run(scenario())


def test_silence_is_a_timeout(upstream_url: str) -> None:
    port = int(upstream_url.rsplit(":", 1)[1])

    async def scenario() -> None:
        client = _client(read_timeout=0.2)
        with pytest.raises(UpstreamTimeout):
            await _get(client, port, b"/api/registry/slow")
        assert client.pool("127.0.0.1", port).idle == []  # a timed-out connection is not reused
        client.close()

    asyncio.run(scenario())


def test_idle_connections_expire_before_the_services_keep_alive(monkeypatch: pytest.MonkeyPatch,
                                                                upstream_url: str) -> None:
    port = int(upstream_url.rsplit(":", 1)[1])
    monkeypatch.setattr(upstream_client, "IDLE_SECONDS", 0.0)

    async def scenario() -> None:
        client = _client()
        await _get(client, port, b"/api/registry/echo/x")
        first = client.pool("127.0.0.1", port).idle[0]
        await _get(client, port, b"/api/registry/echo/y")
        assert first.closed
        client.close()

    asyncio.run(scenario())
