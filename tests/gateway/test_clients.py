"""City-platform clients: limited per client, every call audited (reads too), verification cached."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eldersafe_gateway.clients import ClientRecognizer
from eldersafe_gateway.main import GatewayApp
from eldersafe_gateway.models import AuditEntry
from eldersafe_gateway.settings import GatewaySettings
from tests.gateway.stubs import echo_services, stub_settings

TokenFactory = Callable[..., str]


@pytest.fixture(scope="module")
def stub_urls() -> Iterator[dict[str, str]]:
    with echo_services() as urls:
        yield urls


@pytest.fixture
def settings(stub_urls: dict[str, str], tmp_path: Path) -> GatewaySettings:
    return stub_settings(stub_urls, tmp_path, client_burst=3, client_rate_per_minute=1)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def flushed(client: TestClient, gateway: GatewayApp, audited: list[AuditEntry]) -> list[AuditEntry]:
    client.portal.call(gateway.recorder.flush)  # type: ignore[union-attr]
    return audited


def test_every_client_call_is_audited_reads_included(
    client: TestClient, gateway: GatewayApp, audited: list[AuditEntry], make_token: TokenFactory
) -> None:
    token = make_token("city_platform", "client", subject="client-city", scopes=["facilities:read"])
    assert client.get("/api/open/v1/facilities?limit=5", headers=bearer(token)).status_code == 200
    assert client.get("/api/open/v1/nothing", headers=bearer(token)).status_code == 404
    staff = make_token("admin", "staff", subject="acct-admin")
    assert client.get("/api/open/v1/facilities", headers=bearer(staff)).status_code == 200
    entries = flushed(client, gateway, audited)
    assert [(e.actor, e.actor_name, e.method, e.path, e.status) for e in entries] == [
        ("client-city", "Test city_platform client", "GET", "/api/open/v1/facilities", 200),
        ("client-city", "Test city_platform client", "GET", "/api/open/v1/nothing", 404),
    ], "a staff member's read is not audited; the client's are, with the client as actor"
    assert entries[0].client_ip == "testclient"
    assert entries[0].request_id


def test_clients_are_limited_each_on_its_own(
    client: TestClient, gateway: GatewayApp, audited: list[AuditEntry], make_token: TokenFactory
) -> None:
    first = bearer(make_token("city_platform", "client", subject="client-a"))
    codes = [client.get("/api/open/v1/campaigns", headers=first).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/open/v1/campaigns", headers={**first, "X-Request-ID": "rl-1"})
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.headers["x-request-id"] == "rl-1"
    # a fresh token for the same client is the same client
    again = bearer(make_token("city_platform", "client", subject="client-a", jti="another"))
    assert client.get("/api/open/v1/campaigns", headers=again).status_code == 429
    second = bearer(make_token("city_platform", "client", subject="client-b"))
    assert client.get("/api/open/v1/campaigns", headers=second).status_code == 200
    staff = bearer(make_token("admin", "staff"))
    assert all(client.get("/api/open/v1/campaigns", headers=staff).status_code == 200 for _ in range(5))
    refusals = [e for e in flushed(client, gateway, audited) if e.status == 429]
    assert len(refusals) == 3 and {e.actor for e in refusals} == {"client-a"}


def test_invalid_or_foreign_tokens_are_not_clients(client: TestClient, make_token: TokenFactory,
                                                   settings: GatewaySettings, tmp_path: Path) -> None:
    from tests.support.keys import sign, write_keypair

    private, _ = write_keypair(tmp_path / "other-keys")
    forged = sign(private, ttl=600, sub="client-x", role="city_platform", position="client", area="999001")
    expired = make_token("city_platform", "client", subject="client-y", ttl=-10)
    recognizer = ClientRecognizer(settings)
    for token in (forged, expired, "not-a-token"):
        assert recognizer.recognize([(b"authorization", f"Bearer {token}".encode())]) is None
    valid = make_token("city_platform", "client", subject="client-z")
    assert recognizer.recognize([(b"authorization", f"Basic {valid}".encode())]) is None
    assert recognizer.recognize([]) is None
    assert recognizer.recognize([(b"authorization", f"bearer {valid}".encode())]).subject == "client-z"  # type: ignore[union-attr]


def test_verification_is_cached_briefly(settings: GatewaySettings, make_token: TokenFactory,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    recognizer = ClientRecognizer(settings, clock=lambda: now[0])
    calls: list[str] = []
    verify = recognizer._verify
    monkeypatch.setattr(recognizer, "_verify", lambda token: (calls.append(token), verify(token))[1])
    headers = [(b"authorization", f"Bearer {make_token('city_platform', 'client', subject='c1')}".encode())]
    assert recognizer.recognize(headers).subject == "c1"  # type: ignore[union-attr]
    assert recognizer.recognize(headers).subject == "c1"  # type: ignore[union-attr]
    assert len(calls) == 1
    now[0] += settings.client_token_cache_seconds + 1
    recognizer.recognize(headers)
    assert len(calls) == 2, "verified again once the cached outcome is stale"
    short = [(b"authorization", f"Bearer {make_token('city_platform', 'client', ttl=2)}".encode())]
    recognizer.recognize(short)
    now[0] += 3
    recognizer.recognize(short)
    assert len(calls) == 4, "never cached past the token's own expiry"
