"""GET / PUT /reward-rule: the defaults until set, who may set it, and refused values named by field."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import COMMUNITY, DISTRICT

URL = "/api/inspection/reward-rule"
RULE = {"percent_basis_points": 2000, "minimum_fen": 500_000, "maximum_fen": 20_000_000, "first_valid_only": False}


def test_the_defaults_until_someone_sets_the_rule(client: TestClient, auth: Any) -> None:
    for role, position, area in (("fire", "staff", DISTRICT), ("community", "officer", COMMUNITY),
                                 ("civil_affairs", "staff", DISTRICT)):
        response = client.get(URL, headers=auth(role, position, area=area))
        assert response.status_code == 200, response.text
        assert response.json() == {"area_code": DISTRICT, "percent_basis_points": 1500, "minimum_fen": 300_000,
                                   "maximum_fen": 30_000_000, "first_valid_only": True, "updated_by_name": None,
                                   "updated_at": None}


@pytest.mark.parametrize("role, position", [("facility", "manager"), ("city_platform", "client"),
                                            ("reward_custodian", "custodian")])
def test_facilities_the_city_platform_and_the_custodian_do_not_read_it(client: TestClient, auth: Any, role: str,
                                                                       position: str) -> None:
    assert client.get(URL, headers=auth(role, position, area=COMMUNITY, facility="f")).status_code == 403


@pytest.mark.parametrize("role, position", [("admin", "staff"), ("civil_affairs", "head")])
def test_admin_and_the_civil_affairs_head_set_it(client: TestClient, auth: Any, role: str, position: str) -> None:
    response = client.put(URL, json=RULE, headers=auth(role, position))
    assert response.status_code == 200, response.text
    body = response.json()
    assert {key: body[key] for key in RULE} == RULE
    assert body["updated_by_name"] == f"Test {role} {position}" and body["updated_at"]
    assert client.get(URL, headers=auth("police", "staff")).json() == body
    again = client.put(URL, json={**RULE, "percent_basis_points": 1000}, headers=auth(role, position))
    assert again.json()["percent_basis_points"] == 1000


@pytest.mark.parametrize("role, position", [("civil_affairs", "staff"), ("reward_custodian", "custodian"),
                                            ("fire", "head"), ("task_force", "leader")])
def test_nobody_else_sets_it(client: TestClient, auth: Any, role: str, position: str) -> None:
    assert client.put(URL, json=RULE, headers=auth(role, position)).status_code == 403


@pytest.mark.parametrize("changes, field", [
    ({"percent_basis_points": 0}, "body.percent_basis_points"),
    ({"percent_basis_points": 10_001}, "body.percent_basis_points"),
    ({"percent_basis_points": "1500"}, "body.percent_basis_points"),
    ({"minimum_fen": -1}, "body.minimum_fen"),
    ({"maximum_fen": -100}, "body.maximum_fen"),
    ({"maximum_fen": 2_000_000_001}, "body.maximum_fen"),
    ({"minimum_fen": 600_000, "maximum_fen": 500_000}, "body.maximum_fen"),
    ({"first_valid_only": "yes"}, "body.first_valid_only"),
    ({"extra": 1}, "body.extra"),
])
def test_refused_values_name_their_field(client: TestClient, auth: Any, changes: dict[str, Any], field: str) -> None:
    response = client.put(URL, json={**RULE, **changes}, headers=auth("admin", "staff"))
    assert response.status_code == 422, response.text
    assert field in [error["field"] for error in response.json()["errors"]]


def test_an_integral_json_number_is_taken(client: TestClient, auth: Any) -> None:
    response = client.put(URL, json={**RULE, "minimum_fen": 500000.0}, headers=auth("admin", "staff"))
    assert response.status_code == 200 and response.json()["minimum_fen"] == 500_000
