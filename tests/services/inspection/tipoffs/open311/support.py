"""Helpers of the Open311 tests: a third-party client's view (form posts, JSON and XML answers)."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from fastapi.testclient import TestClient
from httpx import Response

BASE = "/open311/v2"
DESCRIPTION = "养老院楼道里堆满了纸箱，消防通道被堵住，灭火器过期。"


def city_key(make_token: Any, *scopes: str) -> str:
    """A city-platform access token as the gateway issues it (client credentials)."""
    return make_token("city_platform", "client", subject="city-platform-client-id",
                      scopes=list(scopes) or ["tips:write"])


def post(client: TestClient, fmt: str = "json", **fields: Any) -> Response:
    data = {"service_code": "fire", "description": DESCRIPTION, "lat": "22.531234", "long": "113.931234"}
    data.update({key: str(value) for key, value in fields.items() if value is not None})
    for key in [key for key, value in fields.items() if value is None]:
        data.pop(key, None)
    return client.post(f"{BASE}/requests.{fmt}", data=data)


def created(client: TestClient, make_token: Any, **fields: Any) -> dict[str, Any]:
    response = post(client, api_key=city_key(make_token), **fields)
    assert response.status_code == 201, response.text
    [body] = response.json()
    return body


def errors(response: Response) -> list[str]:
    """The descriptions of an Open311 error list, after checking its shape and codes."""
    body = response.json()
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(body, list) and body
    assert all(entry["code"] == response.status_code and set(entry) == {"code", "description"} for entry in body)
    return [entry["description"] for entry in body]


def xml(response: Response) -> ElementTree.Element:
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    # The service's own answer, in a test: no entities or DTD to defuse.
    return ElementTree.fromstring(response.content)  # noqa: S314


def receipt_in(notice: str) -> str:
    """The 16 digits the service_notice carries (grouped by four)."""
    digits = "".join(ch for ch in notice.split("受理回执码", 1)[1].split("，", 1)[0] if ch.isdigit())
    assert len(digits) == 16, notice
    return digits
