"""The city platform as a third-party client, across real processes and only through the gateway: it takes a
token with its client credentials, files a tip through Open311 (form-encoded, as the GeoReport v2 specification
has it) and follows it, reads the open API with cursors, is held to its scopes, and every call it makes is in the
audit trail."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ElementTree
from typing import Any

import httpx
import pytest

from tests.support.platform import Platform
from tests.support.survey import bearer

pytestmark = pytest.mark.e2e

CLIENT = {"grant_type": "client_credentials", "client_id": "city-platform-demo",
          "client_secret": "demo-city-platform-secret"}


def _client_token(api: str, scope: str | None = None) -> str:
    form = {**CLIENT, **({"scope": scope} if scope else {})}
    response = httpx.post(f"{api}/api/auth/token", data=form)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _facility(api: str, token: str) -> dict[str, Any]:
    """A facility the open API lists (registry) that inspection has learnt too (the address_id of a request)."""
    page = httpx.get(f"{api}/api/open/v1/facilities", params={"limit": 5}, headers=bearer(token))
    assert page.status_code == 200, page.text
    facility = dict(page.json()["items"][0])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = httpx.get(f"{api}/api/inspection/public/facilities", params={"q": facility["name"][:10]}).json()
        if any(row["facility_id"] == facility["id"] for row in found):
            return facility
        time.sleep(0.3)
    raise AssertionError(f"inspection never learnt {facility['name']}")


def test_the_city_platform_files_and_follows_a_tip_through_open311(platform: Platform) -> None:
    api = platform.base_url
    token = _client_token(api)
    facility = _facility(api, token)

    services = httpx.get(f"{api}/open311/v2/services.xml")
    assert services.status_code == 200 and services.headers["content-type"].startswith("text/xml")
    root = ElementTree.fromstring(services.content)  # noqa: S314  (our own answer: no entities or DTD to defuse)
    codes = {node.findtext("service_code") for node in root}
    assert {"fire", "food", "abuse_neglect", "building", "unlicensed", "other"} <= codes

    posted = httpx.post(f"{api}/open311/v2/requests.json", data={
        "api_key": token, "service_code": "fire", "address_id": facility["id"],
        "description": "市民热线转来：夜间消防通道被电动车堵塞，疏散门上锁"})
    assert posted.status_code == 201, posted.text
    (created,) = posted.json()
    number, request_token = created["service_request_id"], created["token"]
    assert re.fullmatch(r"JB-\d{4}-\d{6}", number)
    assert re.search(r"\d{4} \d{4} \d{4} \d{4}", created["service_notice"])  # the receipt, to pass on

    (resolved,) = httpx.get(f"{api}/open311/v2/tokens/{request_token}.json").json()
    assert resolved == {"service_request_id": number, "token": request_token}
    (keyed,) = httpx.get(f"{api}/open311/v2/requests/{number}.json", headers=bearer(token)).json()
    assert keyed["status"] == "open" and keyed["description"].startswith("市民热线转来")
    (public,) = httpx.get(f"{api}/open311/v2/requests/{number}.json").json()
    assert public["status"] == "open" and public["description"] is None and public["address"] is None

    unknown = httpx.post(f"{api}/open311/v2/requests.json", data={
        "api_key": token, "service_code": "noise", "address_id": facility["id"], "description": "x" * 20})
    assert unknown.status_code == 404 and unknown.json()[0]["code"] == 404
    nowhere = httpx.post(f"{api}/open311/v2/requests.json", data={
        "api_key": token, "service_code": "fire", "description": "没有地点的举报内容，无法核查"})
    assert nowhere.status_code == 400 and "location" in nowhere.json()[0]["description"]
    narrow = _client_token(api, scope="facilities:read")
    refused = httpx.post(f"{api}/open311/v2/requests.json", data={
        "api_key": narrow, "service_code": "fire", "address_id": facility["id"], "description": "x" * 20})
    assert refused.status_code == 403 and refused.json()[0]["code"] == 403


def test_the_open_api_pages_with_cursors_holds_scopes_and_is_audited(platform: Platform) -> None:
    api = platform.base_url
    token = _client_token(api)
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page = httpx.get(f"{api}/api/open/v1/facilities", headers=bearer(token),
                         params={"limit": 7, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert len(seen) == len(set(seen)) >= 20  # the demo district's facilities, each once
    again = httpx.get(f"{api}/api/open/v1/facilities", headers=bearer(token), params={"cursor": cursor}).json()
    assert again["items"] == [] and again["next_cursor"]  # nothing changed since: an empty poll, a cursor to keep

    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    bad = httpx.get(f"{api}/api/open/v1/facilities", headers=bearer(token), params={"cursor": tampered})
    assert bad.status_code in (400, 422) and bad.json()["code"] == "invalid_cursor"

    for path in ("/api/open/v1/campaigns", "/api/open/v1/hazard-summaries/facilities",
                 "/api/open/v1/statistics/hazards", "/api/open/v1/statistics/facilities"):
        assert httpx.get(f"{api}{path}", headers=bearer(token)).status_code == 200, path
    narrow = _client_token(api, scope="facilities:read")
    scoped = httpx.get(f"{api}/api/open/v1/statistics/hazards", headers=bearer(narrow))
    assert scoped.status_code == 403 and scoped.json()["code"] == "scope_missing"
    staff = platform.login("fire_staff")
    assert httpx.get(f"{api}/api/open/v1/facilities", headers=bearer(staff)).status_code == 403

    # Every call the client made, reads included, is audited under the client.
    admin = platform.login("admin")
    deadline = time.monotonic() + 10
    paths: set[str] = set()
    while "/api/open/v1/statistics/hazards" not in paths and time.monotonic() < deadline:
        entries = httpx.get(f"{api}/api/audit", headers=bearer(admin),
                            params={"path": "/api/open/v1/", "page_size": 200}).json()["items"]
        paths = {entry["path"] for entry in entries if entry["method"] == "GET"}
        time.sleep(0.2)
    assert {"/api/open/v1/facilities", "/api/open/v1/campaigns", "/api/open/v1/statistics/hazards"} <= paths
    refusal = [e for e in entries if e["path"] == "/api/open/v1/statistics/hazards" and e["status"] == 403]
    assert refusal and all(entry["actor_name"] for entry in refusal)
