"""The platform across processes: gateway, four services and their workers, talking over HTTP and events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.support.platform import Platform

pytestmark = pytest.mark.e2e

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(body17: str) -> str:
    check = 31 - sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True)) % 31
    return body17 + USCC_CHARS[0 if check == 31 else check]


def eventually(probe: Callable[[], Any], *, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_reports_every_service(platform: Platform) -> None:
    body = httpx.get(f"{platform.base_url}/healthz").json()
    text = str(body)
    for service in ("registry", "inspection", "rectification", "notification"):
        assert service in text
    assert "degraded" not in text


def test_a_registered_facility_reaches_the_other_services_through_events(platform: Platform) -> None:
    token = platform.login("civil_affairs_staff")
    facility = {
        "name": "端到端测试颐养院",
        "uscc": uscc("52999001E2E000001"),
        "ownership": "private",
        "address": "鹤鸣区青松街道测试路1号",
        "subdistrict_code": "999001001",
        "community_code": "999001001002",
        "legal_representative": "测试法人",
        "legal_representative_phone": "13900009999",
        "manager": "测试负责人",
        "manager_phone": "13700009999",
        "licensed_beds": 40,
    }
    created = httpx.post(f"{platform.base_url}/api/registry/facilities", json=facility, headers=bearer(token))
    assert created.status_code == 201, created.text
    facility_id = created.json()["id"]

    def known_to(service_path: str) -> bool:
        response = httpx.get(f"{platform.base_url}{service_path}", headers=bearer(token),
                             params={"page_size": 100})
        return facility_id in response.text

    assert eventually(lambda: known_to("/api/notification/contacts"))
    assert eventually(lambda: known_to("/api/inspection/targets"))
    assert eventually(lambda: known_to("/api/rectification/facilities"))


def test_community_officer_sees_only_the_own_community(platform: Platform) -> None:
    token = platform.login("community_officer")
    me = httpx.get(f"{platform.base_url}/api/auth/me", headers=bearer(token)).json()
    page = httpx.get(f"{platform.base_url}/api/registry/facilities", headers=bearer(token),
                     params={"page_size": 100}).json()
    assert page["items"], "the demo community has facilities"
    assert all(item["community_code"] == me["area"] for item in page["items"])

    admin = platform.login("civil_affairs_head")
    everything = httpx.get(f"{platform.base_url}/api/registry/facilities", headers=bearer(admin),
                           params={"page_size": 100}).json()
    outside = next(item for item in everything["items"] if item["community_code"] != me["area"])
    hidden = httpx.get(f"{platform.base_url}/api/registry/facilities/{outside['id']}", headers=bearer(token))
    assert hidden.status_code == 404


def test_a_service_that_is_down_answers_503(platform: Platform) -> None:
    token = platform.login("civil_affairs_staff")
    platform.stop("inspection")
    try:
        response = httpx.get(f"{platform.base_url}/api/inspection/targets", headers=bearer(token))
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("application/problem+json")
    finally:
        platform.start("inspection")
        platform.wait_healthy()


def test_writes_are_audited_with_their_outcome(platform: Platform) -> None:
    staff = platform.login("civil_affairs_staff")
    refused = httpx.post(f"{platform.base_url}/api/registry/facilities", json={"name": ""}, headers=bearer(staff))
    assert refused.status_code == 422
    admin = platform.login("admin")

    def audited() -> list[dict[str, Any]]:
        page = httpx.get(f"{platform.base_url}/api/audit", headers=bearer(admin), params={"page_size": 100}).json()
        return [e for e in page["items"] if e.get("path") == "/api/registry/facilities" and e.get("status") == 422]

    assert eventually(audited)


def test_requests_carry_one_request_id_end_to_end(platform: Platform) -> None:
    token = platform.login("fire_staff")
    response = httpx.get(f"{platform.base_url}/api/registry/facilities", headers={**bearer(token),
                         "X-Request-ID": "e2e-trace-1"})
    assert response.headers["x-request-id"] == "e2e-trace-1"
