import asyncio
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import select

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_gateway import deps
from eldersafe_gateway.audit.recorder import AuditEvent, AuditRecorder, write_to_database
from eldersafe_gateway.main import GatewayApp
from eldersafe_gateway.models import AuditEntry
from tests.gateway.conftest import AccountFactory, login
from tests.support.keys import sign, write_keypair


def flushed(client: TestClient, gateway: GatewayApp, audited: list[AuditEntry]) -> list[AuditEntry]:
    client.portal.call(gateway.recorder.flush)  # type: ignore[union-attr]
    return audited


def test_proxied_write_is_recorded_with_verified_actor(
    client: TestClient, gateway: GatewayApp, audited: list[AuditEntry], make_token: Callable[..., str]
) -> None:
    token = make_token("fire", "staff", subject="acct-fire-1")
    client.post("/api/registry/echo/facilities?status=201", json={"a": 1},
                headers={"Authorization": f"Bearer {token}", "X-Request-ID": "audit-1"})
    (entry,) = flushed(client, gateway, audited)
    assert (entry.actor, entry.method, entry.path, entry.status) == ("acct-fire-1", "POST",
                                                                     "/api/registry/echo/facilities", 201)
    assert entry.request_id == "audit-1"
    assert entry.client_ip == "testclient"
    assert entry.actor_name == "Test fire staff"


def test_unverifiable_token_is_recorded_as_anonymous(
    client: TestClient, gateway: GatewayApp, audited: list[AuditEntry], tmp_path: Path
) -> None:
    other, _ = write_keypair(tmp_path)
    forged = sign(other, sub="admin-impostor", name="x", role="admin", position="staff", area="999001")
    client.delete("/api/registry/echo/x", headers={"Authorization": f"Bearer {forged}"})
    (entry,) = flushed(client, gateway, audited)
    assert entry.actor == "anonymous"
    assert entry.status == 200


def test_failed_outcomes_and_gateway_writes_are_recorded(
    client: TestClient, gateway: GatewayApp, audited: list[AuditEntry], make_account: AccountFactory
) -> None:
    account = make_account()
    client.patch("/api/inspection/campaigns/1", json={})  # service down
    login(client, account.username, "wrong-password-1")
    login(client, account.username)
    entries = flushed(client, gateway, audited)
    assert [(e.method, e.path, e.status) for e in entries] == [
        ("PATCH", "/api/inspection/campaigns/1", 503),
        ("POST", "/api/auth/login", 401),
        ("POST", "/api/auth/login", 200),
    ]
    assert entries[1].actor == "anonymous" and entries[1].actor_name == account.username
    assert entries[2].actor == account.id


def test_reads_are_not_recorded(client: TestClient, gateway: GatewayApp, audited: list[AuditEntry]) -> None:
    client.get("/api/registry/echo/x")
    client.get("/healthz")
    assert flushed(client, gateway, audited) == []


def test_stop_flushes_what_is_buffered() -> None:
    written: list[AuditEntry] = []

    def slow_sink(entries: Sequence[AuditEntry]) -> None:
        written.extend(entries)

    async def scenario() -> None:
        recorder = AuditRecorder(slow_sink)
        await recorder.start(queue_size=100, batch_size=3)
        for i in range(7):
            recorder.record(AuditEvent(occurred_at=clock.now(), method="POST", path=f"/p/{i}", status=201,
                                       duration_ms=1))
        await recorder.stop()

    asyncio.run(scenario())
    assert [e.path for e in written] == [f"/p/{i}" for i in range(7)]


def test_full_buffer_drops_instead_of_blocking() -> None:
    async def scenario() -> int:
        recorder = AuditRecorder(lambda entries: None)
        await recorder.start(queue_size=10, batch_size=10)
        for _ in range(15):  # the drain task has had no chance to run yet
            recorder.record(AuditEvent(occurred_at=clock.now(), method="POST", path="/p", status=200,
                                       duration_ms=0))
        await recorder.stop()
        return recorder.dropped

    assert asyncio.run(scenario()) == 5


def test_database_sink_writes_entries(migrated: str) -> None:
    marker = uuid.uuid4().hex
    entry = AuditEntry(id=str(uuid.uuid4()), occurred_at=clock.now(), actor="t", method="POST", path="/x",
                       status=201, request_id=marker)
    write_to_database([entry])
    with transaction(deps.get_engine()) as session:
        rows = session.exec(select(AuditEntry).where(AuditEntry.request_id == marker)).all()
        assert [r.status for r in rows] == [201]
        for row in rows:
            session.delete(row)
