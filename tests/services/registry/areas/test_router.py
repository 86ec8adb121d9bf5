from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.services.registry.helpers import World

URL = "/api/registry/areas"


def test_areas_and_departments_are_listed(client: TestClient, world: World, auth: Any) -> None:
    headers = auth("community", "officer", area="999001001001")
    areas = client.get(URL, headers=headers, params={"parent": "999001001"}).json()
    assert [a["code"] for a in areas] == ["999001001001", "999001001002"]
    assert areas[0] == {"code": "999001001001", "name_zh": "松鹤社区", "name_en": "Songhe Community",
                        "level": "community", "parent": "999001001"}
    assert len(client.get(URL, headers=headers, params={"level": "subdistrict"}).json()) == 4
    departments = client.get("/api/registry/departments", headers=headers).json()
    assert {d["code"] for d in departments} == {"civil_affairs", "fire", "emergency", "police", "health", "housing",
                                                "market"}


def test_one_area_by_its_code(client: TestClient, world: World, auth: Any) -> None:
    """How another service (the gateway's account checks) asks whether an area code exists."""
    response = client.get(f"{URL}/999001001", headers=auth("admin"))
    assert response.status_code == 200
    assert (response.json()["level"], response.json()["parent"]) == ("subdistrict", "999001")
    missing = client.get(f"{URL}/000000", headers=auth("admin"))
    assert (missing.status_code, missing.json()["code"]) == (404, "area_not_found")
    assert client.get(f"{URL}/99x", headers=auth("admin")).status_code == 404
    assert client.get(f"{URL}/999001", headers=auth("reward_custodian", "custodian")).status_code == 403


def test_adding_a_community(client: TestClient, world: World, admin: dict) -> None:
    body = {"code": "999001001003", "name_zh": "新村社区", "level": "community", "parent": "999001001"}
    response = client.post(URL, headers=admin, json=body)
    assert response.status_code == 201, response.text
    assert client.post(URL, headers=admin, json=body).status_code == 409


@pytest.mark.parametrize("body, field", [
    ({"code": "999001001003", "name_zh": "x", "level": "community", "parent": "999001"}, "body.parent"),
    ({"code": "999001002003", "name_zh": "x", "level": "community", "parent": "999001001"}, "body.code"),
    ({"code": "999001001003", "name_zh": "x", "level": "community"}, "body.parent"),
    ({"code": "99900", "name_zh": "x", "level": "district"}, "body.code"),
    ({"code": "999001001003", "name_zh": "x", "level": "village", "parent": "999001001"}, "body.level"),
])
def test_bad_areas(client: TestClient, world: World, admin: dict, body: dict, field: str) -> None:
    response = client.post(URL, headers=admin, json=body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
