from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from eldersafe_gateway.models import Account
from tests.gateway.conftest import FACILITY_ID, PASSWORD, AccountFactory, login

NEW = {"username": "fire.zhang", "name": "张消防", "password": "Strong pass 2026", "role": "fire",
       "position": "staff", "area": "999001", "phone": "13800000009", "email": "zhang@example.org"}


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Account)).one()


def test_admin_creates_and_reads_an_account(client: TestClient, admin_headers: dict[str, str]) -> None:
    created = client.post("/api/accounts", json=NEW, headers=admin_headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["department"] == "fire"
    assert body["disabled"] is False
    assert "password" not in body and "password_hash" not in body
    fetched = client.get(f"/api/accounts/{body['id']}", headers=admin_headers)
    assert fetched.json() == body
    assert login(client, "fire.zhang", NEW["password"]).status_code == 200


def test_list_filters_and_pages(
    client: TestClient, admin_headers: dict[str, str], make_account: AccountFactory
) -> None:
    for _ in range(3):
        make_account("police", "staff")
    disabled = make_account("police", "head")
    client.post(f"/api/accounts/{disabled.id}/disable", headers=admin_headers)
    page = client.get("/api/accounts", params={"role": "police", "page_size": 2}, headers=admin_headers).json()
    assert page["total"] == 4 and len(page["items"]) == 2 and page["page"] == 1
    rest = client.get("/api/accounts", params={"role": "police", "page_size": 2, "page": 2}, headers=admin_headers)
    assert {a["id"] for a in rest.json()["items"]}.isdisjoint({a["id"] for a in page["items"]})
    only_disabled = client.get("/api/accounts", params={"role": "police", "disabled": True}, headers=admin_headers)
    assert [a["id"] for a in only_disabled.json()["items"]] == [disabled.id]
    by_text = client.get("/api/accounts", params={"q": disabled.username[2:9].upper()}, headers=admin_headers)
    assert disabled.id in {a["id"] for a in by_text.json()["items"]}
    wildcard = client.get("/api/accounts", params={"q": "%"}, headers=admin_headers)
    assert wildcard.json()["total"] == 0


def test_non_admins_are_forbidden(client: TestClient, auth: Callable[..., dict[str, str]]) -> None:
    headers = auth("civil_affairs", "head")
    assert client.get("/api/accounts", headers=headers).status_code == 403
    response = client.post("/api/accounts", json=NEW, headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/api/accounts").status_code == 401


def test_invalid_accounts_are_refused_and_change_nothing(
    client: TestClient, session: Session, admin_headers: dict[str, str]
) -> None:
    before = count(session)
    cases = [
        ({"role": "fire", "position": "leader"}, "body.position"),
        ({"role": "civil_affairs", "position": "custodian"}, "body.position"),  # its own role now
        ({"role": "reward_custodian", "position": "staff"}, "body.position"),
        ({"role": "reward_custodian", "position": "custodian", "area": "999001001"}, "body.area"),
        ({"role": "community", "position": "officer", "area": "999001001"}, "body.area"),
        ({"role": "facility", "position": "manager", "area": "999001001001"}, "body.facility"),
        ({"facility": FACILITY_ID}, "body.facility"),
        ({"password": "short1"}, "body.password"),
        ({"password": "onlyletterslong"}, "body.password"),
        ({"area": "99900"}, "body.area"),
        ({"role": "king"}, "body.role"),
        ({"username": "Bad Name"}, "body.username"),
        ({"extra": 1}, "body.extra"),
        ({"name": "a\u0000b"}, "body"),
    ]
    for change, field in cases:
        response = client.post("/api/accounts", json={**NEW, **change}, headers=admin_headers)
        assert response.status_code == 422, (change, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert any(e["field"].startswith(field) for e in response.json()["errors"]), (change, response.json())
    assert count(session) == before


def test_the_reward_custodian_is_a_role_without_a_department(client: TestClient,
                                                              admin_headers: dict[str, str]) -> None:
    data = {**NEW, "username": "custodian.zhao", "role": "reward_custodian", "position": "custodian"}
    created = client.post("/api/accounts", json=data, headers=admin_headers)
    assert created.status_code == 201, created.text
    assert (created.json()["role"], created.json()["position"], created.json()["department"]) == (
        "reward_custodian", "custodian", None)
    token = login(client, "custodian.zhao", NEW["password"]).json()["access_token"]
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200, me.text
    assert (me.json()["role"], me.json()["department"]) == ("reward_custodian", None)


def test_username_must_be_unique(client: TestClient, admin_headers: dict[str, str]) -> None:
    assert client.post("/api/accounts", json=NEW, headers=admin_headers).status_code == 201
    again = client.post("/api/accounts", json=NEW, headers=admin_headers)
    assert again.status_code == 409
    assert again.json()["code"] == "username_taken"


def test_facility_manager_account(client: TestClient, admin_headers: dict[str, str]) -> None:
    data = {**NEW, "role": "facility", "position": "manager", "area": "999001001001", "facility": FACILITY_ID}
    response = client.post("/api/accounts", json=data, headers=admin_headers)
    assert response.status_code == 201
    assert response.json()["facility"] == FACILITY_ID
    assert response.json()["department"] is None


def test_patch_changes_details_and_keeps_rules(
    client: TestClient, admin_headers: dict[str, str], make_account: AccountFactory
) -> None:
    account = make_account("subdistrict", "officer", area="999001001")
    url = f"/api/accounts/{account.id}"
    ok = client.patch(url, json={"position": "head", "phone": "13811112222"}, headers=admin_headers)
    assert ok.status_code == 200
    assert (ok.json()["position"], ok.json()["phone"]) == ("head", "13811112222")
    bad = client.patch(url, json={"role": "community"}, headers=admin_headers)  # a 9-digit area for a community
    assert bad.status_code == 422
    assert client.get(url, headers=admin_headers).json()["role"] == "subdistrict"
    moved = client.patch(url, json={"role": "community", "position": "officer", "area": "999001001002"},
                         headers=admin_headers)
    assert moved.status_code == 200 and moved.json()["area"] == "999001001002"
    cleared = client.patch(url, json={"phone": None}, headers=admin_headers)
    assert cleared.json()["phone"] is None
    assert client.patch(url, json={"name": None}, headers=admin_headers).status_code == 422


def test_unknown_and_malformed_ids(client: TestClient, admin_headers: dict[str, str]) -> None:
    assert client.get("/api/accounts/00000000-0000-0000-0000-000000000000", headers=admin_headers).status_code == 404
    assert client.get("/api/accounts/not-a-uuid", headers=admin_headers).status_code == 422
    assert client.post("/api/accounts/00000000-0000-0000-0000-000000000000/disable",
                       headers=admin_headers).status_code == 404


def test_disable_ends_sessions_and_enable_restores(
    client: TestClient, admin_headers: dict[str, str], make_account: AccountFactory
) -> None:
    account = make_account()
    refresh_token = login(client, account.username).json()["refresh_token"]
    disabled = client.post(f"/api/accounts/{account.id}/disable", headers=admin_headers)
    assert disabled.status_code == 200 and disabled.json()["disabled"] is True
    assert login(client, account.username).status_code == 403
    assert client.post("/api/auth/refresh", json={"refresh_token": refresh_token}).status_code == 401
    enabled = client.post(f"/api/accounts/{account.id}/enable", headers=admin_headers)
    assert enabled.json()["disabled"] is False
    assert login(client, account.username).status_code == 200


def test_admin_cannot_disable_or_demote_self(client: TestClient, admin, admin_headers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert client.post(f"/api/accounts/{admin.id}/disable", headers=admin_headers).status_code == 409
    demote = client.patch(f"/api/accounts/{admin.id}", json={"role": "fire"}, headers=admin_headers)
    assert demote.status_code == 409


def test_reset_password(client: TestClient, admin_headers: dict[str, str], make_account: AccountFactory) -> None:
    account = make_account()
    refresh_token = login(client, account.username).json()["refresh_token"]
    url = f"/api/accounts/{account.id}/reset-password"
    weak = client.post(url, json={"new_password": "123"}, headers=admin_headers)
    assert weak.status_code == 422
    assert login(client, account.username).status_code == 200  # unchanged by the refused reset
    assert client.post(url, json={"new_password": "Brand new 2027"}, headers=admin_headers).status_code == 200
    assert login(client, account.username, PASSWORD).status_code == 401
    assert login(client, account.username, "Brand new 2027").status_code == 200
    assert client.post("/api/auth/refresh", json={"refresh_token": refresh_token}).status_code == 401


def test_enable_lifts_a_lockout(
    client: TestClient, admin_headers: dict[str, str], make_account: AccountFactory
) -> None:
    account = make_account()
    for _ in range(5):
        login(client, account.username, "wrong-password-1")
    assert login(client, account.username).status_code == 423
    client.post(f"/api/accounts/{account.id}/enable", headers=admin_headers)
    assert login(client, account.username).status_code == 200
