"""The public tip-off paths: nothing identifying reaches a service or the audit trail; per-IP limits."""

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_gateway import deps
from eldersafe_gateway.main import GatewayApp
from eldersafe_gateway.models import AuditEntry
from eldersafe_gateway.privacy import AccessLogScrubber
from eldersafe_gateway.settings import GatewaySettings
from tests.gateway.stubs import arrived, echo_services, stub_settings

EDGE = "10.0.0.1"  # the trusted proxy in front of the gateway
IDENTIFYING = {
    "X-Forwarded-For": "198.51.100.7", "X-Real-IP": "198.51.100.7", "Forwarded": "for=198.51.100.7",
    "User-Agent": "Mozilla/5.0 (Reporter's phone)", "Referer": "https://example.org/from", "Cookie": "sid=abc",
}
PUBLIC = ["/api/inspection/public/facilities?q=松鹤", "/api/inspection/public/tips",
          "/api/inspection/public/tips/status", "/open311/v2/services.json", "/open311/v2/requests.json"]


@pytest.fixture(scope="module")
def stub_urls() -> Iterator[dict[str, str]]:
    with echo_services() as urls:
        yield urls


@pytest.fixture
def settings(stub_urls: dict[str, str], tmp_path: Path) -> GatewaySettings:
    return stub_settings(stub_urls, tmp_path, trusted_proxies=f"{EDGE}/32", public_tip_burst=2,
                         public_tip_rate_per_minute=1, public_receipt_burst=1, public_receipt_rate_per_minute=1,
                         open311_post_burst=3, public_read_burst=50)


@pytest.fixture
def edge(gateway: GatewayApp, session: Session) -> Iterator[TestClient]:
    """Requests arriving through the trusted edge proxy, which names the caller in X-Forwarded-For."""
    gateway.api.dependency_overrides[deps.get_session] = lambda: (yield from deps.run_in_transaction(session))
    with TestClient(gateway, client=(EDGE, 40000)) as client:
        yield client
    gateway.api.dependency_overrides.clear()


def flushed(client: TestClient, gateway: GatewayApp, audited: list[AuditEntry]) -> list[AuditEntry]:
    client.portal.call(gateway.recorder.flush)  # type: ignore[union-attr]
    return audited


@pytest.mark.parametrize("path", PUBLIC)
def test_identifying_headers_never_reach_the_service(client: TestClient, path: str) -> None:
    for method in ("GET", "POST"):
        response = client.request(method, path, headers={**IDENTIFYING, "X-Custom": "kept"})
        assert response.status_code == 200, (method, path)
        seen = arrived(response)
        for header in IDENTIFYING:
            assert header.lower() not in seen, (method, path, header)
        assert "198.51.100.7" not in response.text and "testclient" not in response.text
        assert seen["x-custom"] == ["kept"]
        assert "x-request-id" in seen


def test_other_paths_keep_forwarding_the_client(client: TestClient) -> None:
    for path in ("/api/inspection/tips", "/api/registry/facilities", "/api/open/v1/facilities"):
        seen = arrived(client.get(path, headers=IDENTIFYING))
        assert seen["x-forwarded-for"] == ["198.51.100.7, testclient"], path
        assert seen["user-agent"] == [IDENTIFYING["User-Agent"]]
        assert seen["cookie"] == ["sid=abc"]


def test_public_responses_are_not_kept(client: TestClient) -> None:
    response = client.get("/open311/v2/services.json")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    own = client.get("/api/inspection/public/facilities?q=x&cache=1")  # what the service set stands
    assert own.headers.get_list("cache-control") == ["private, max-age=5"]
    assert own.headers["referrer-policy"] == "no-referrer"
    assert "referrer-policy" not in client.get("/api/inspection/tips").headers


def test_public_writes_are_audited_without_an_address(
    edge: TestClient, gateway: GatewayApp, audited: list[AuditEntry]
) -> None:
    edge.post("/api/inspection/public/tips", headers=IDENTIFYING, data={"category": "fire"})
    edge.post("/open311/v2/requests.json", headers=IDENTIFYING)
    edge.post("/api/inspection/tips/t-1/close", headers=IDENTIFYING)
    public_tip, open311, staff = flushed(edge, gateway, audited)
    for entry in (public_tip, open311):
        assert entry.client_ip is None
        assert entry.actor == "anonymous"
        assert "198.51.100.7" not in repr(entry.model_dump())
    assert (public_tip.path, open311.path) == ("/api/inspection/public/tips", "/open311/v2/requests.json")
    assert staff.client_ip == "198.51.100.7", "behind the trusted edge, the forwarded caller is recorded"


def test_tip_submissions_are_limited_per_caller(edge: TestClient) -> None:
    reporter = {"X-Forwarded-For": "198.51.100.7"}
    assert [edge.post("/api/inspection/public/tips", headers=reporter).status_code for _ in range(2)] == [200, 200]
    refused = edge.post("/api/inspection/public/tips", headers=reporter)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["cache-control"] == "no-store"
    other = edge.post("/api/inspection/public/tips", headers={"X-Forwarded-For": "198.51.100.8"})
    assert other.status_code == 200, "another caller has a bucket of its own"
    assert edge.get("/api/inspection/public/facilities?q=x", headers=reporter).status_code == 200, \
        "reads and submissions are counted apart"


def test_receipt_use_has_its_own_stricter_bucket(edge: TestClient) -> None:
    guesser = {"X-Forwarded-For": "203.0.113.9"}
    assert edge.post("/api/inspection/public/tips/status", headers=guesser).status_code == 200
    assert edge.post("/api/inspection/public/tips/status", headers=guesser).status_code == 429
    assert edge.post("/api/inspection/public/tips/messages", headers=guesser).status_code == 429
    assert edge.post("/api/inspection/public/tips", headers=guesser).status_code == 200


def test_open311_posts_are_limited(edge: TestClient) -> None:
    caller = {"X-Forwarded-For": "203.0.113.10"}
    codes = [edge.post("/open311/v2/requests.json", headers=caller).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert edge.get("/open311/v2/requests.json", headers=caller).status_code == 200


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_picks_no_bucket(client: TestClient) -> None:
    codes = [client.post("/api/inspection/public/tips", headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
             for i in range(3)]
    assert codes == [200, 200, 429], "the peer (not a trusted proxy) is the caller whatever it claims"


def test_access_log_lines_of_public_paths_carry_no_address() -> None:
    scrubber = AccessLogScrubber()

    def line(path: str) -> str:
        record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                                   ("198.51.100.7:5123", "POST", path, "1.1", 201), None)
        assert scrubber.filter(record)
        return record.getMessage()

    assert "198.51.100.7" not in line("/api/inspection/public/tips")
    assert "198.51.100.7" not in line("/open311/v2/requests.json?jurisdiction_id=x")
    assert "198.51.100.7" not in line("/tip/status")
    assert "198.51.100.7" in line("/api/inspection/tips")
