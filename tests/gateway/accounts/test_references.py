"""An account's area and facility must exist (asked of the registry): an area such as 000000 would lock the
account out of everything. The registry being down refuses the change with a 503 problem, never accepts it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord
from eldersafe_gateway.models import Account
from tests.gateway.conftest import FACILITY_ID, AccountFactory

NEW = {"username": "li.shequ", "name": "李社区", "password": "Strong pass 2026", "role": "community",
       "position": "officer", "area": "999001001001"}


def accounts_named(session: Session, username: str) -> list[Account]:
    return list(session.exec(select(Account).where(col(Account.username) == username)))


def refused(response, status: int, code: str, fields: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    assert [e["field"] for e in problem["errors"]] == fields


@pytest.mark.parametrize("role, position, area", [
    ("fire", "staff", "000000"), ("subdistrict", "officer", "999001099"), ("community", "officer", "999001001099")])
def test_an_area_that_does_not_exist_is_refused(client: TestClient, session: Session, admin_headers: dict[str, str],
                                                role: str, position: str, area: str) -> None:
    body = {**NEW, "role": role, "position": position, "area": area}
    refused(client.post("/api/accounts", json=body, headers=admin_headers), 422, "area_not_found", ["body.area"])
    assert accounts_named(session, NEW["username"]) == []
    assert client.post("/api/accounts", json=NEW, headers=admin_headers).status_code == 201


def test_an_account_cannot_be_moved_to_an_area_that_does_not_exist(
        client: TestClient, admin_headers: dict[str, str], make_account: AccountFactory) -> None:
    account = make_account("fire", "staff", area="999001")
    url = f"/api/accounts/{account.id}"
    refused(client.patch(url, json={"area": "000000"}, headers=admin_headers), 422, "area_not_found", ["body.area"])
    assert client.get(url, headers=admin_headers).json()["area"] == "999001"


def test_a_facility_account_needs_a_facility_that_exists_in_its_community(
        client: TestClient, session: Session, admin_headers: dict[str, str]) -> None:
    manager = {**NEW, "role": "facility", "position": "manager", "username": "huang.yuanzhang"}
    unknown = {**manager, "facility": "00000000-0000-4000-8000-000000000000"}
    refused(client.post("/api/accounts", json=unknown, headers=admin_headers), 422, "facility_not_found",
            ["body.facility"])
    elsewhere = {**manager, "facility": FACILITY_ID, "area": "999001001002"}  # the facility lies in …001001
    refused(client.post("/api/accounts", json=elsewhere, headers=admin_headers), 422, "invalid_assignment",
            ["body.area"])
    assert accounts_named(session, "huang.yuanzhang") == []
    ok = client.post("/api/accounts", json={**manager, "facility": FACILITY_ID}, headers=admin_headers)
    assert ok.status_code == 201, ok.text


@pytest.mark.usefixtures("registry_down")
def test_the_registry_down_refuses_with_a_503_problem(client: TestClient, session: Session,
                                                      admin_headers: dict[str, str],
                                                      make_account: AccountFactory) -> None:
    before = len(session.exec(select(EventRecord)).all())
    refused(client.post("/api/accounts", json=NEW, headers=admin_headers), 503, "upstream_unavailable", [])
    assert accounts_named(session, NEW["username"]) == []
    assert len(session.exec(select(EventRecord)).all()) == before
    # Changes that name no area or facility need no registry.
    account = make_account("fire", "staff", area="999001")
    url = f"/api/accounts/{account.id}"
    assert client.patch(url, json={"phone": "13811112222"}, headers=admin_headers).status_code == 200
    refused(client.patch(url, json={"area": "999001"}, headers=admin_headers), 503, "upstream_unavailable", [])
