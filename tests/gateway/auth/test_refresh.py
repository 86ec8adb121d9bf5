from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_gateway.models import RefreshToken
from eldersafe_gateway.tokens import refresh_token_hash
from tests.gateway.conftest import AccountFactory, login


def refresh(client: TestClient, token: str):  # type: ignore[no-untyped-def]
    return client.post("/api/auth/refresh", json={"refresh_token": token})


def test_refresh_rotates_the_pair(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    first = login(client, account.username).json()
    second = refresh(client, first["refresh_token"])
    assert second.status_code == 200
    body = second.json()
    assert body["refresh_token"] != first["refresh_token"]
    assert body["access_token"] != first["access_token"]
    assert body["account"]["id"] == account.id
    # the new refresh token works once more
    assert refresh(client, body["refresh_token"]).status_code == 200


def test_reusing_a_rotated_token_revokes_the_family(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    first = login(client, account.username).json()["refresh_token"]
    second = refresh(client, first).json()["refresh_token"]
    reuse = refresh(client, first)
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "refresh_token_reused"
    # the thief's (or victim's) newer token is dead too
    assert refresh(client, second).status_code == 401


def test_other_sessions_survive_reuse_detection(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    phone = login(client, account.username).json()["refresh_token"]
    laptop = login(client, account.username).json()["refresh_token"]
    refresh(client, phone)
    assert refresh(client, phone).status_code == 401
    assert refresh(client, laptop).status_code == 200


def test_only_a_hash_is_stored(client: TestClient, session: Session, make_account: AccountFactory) -> None:
    account = make_account()
    token = login(client, account.username).json()["refresh_token"]
    rows = session.exec(select(RefreshToken).where(RefreshToken.account_id == account.id)).all()
    assert len(rows) == 1
    assert rows[0].token_hash == refresh_token_hash(token)
    assert token not in rows[0].token_hash


def test_unknown_refresh_token_is_refused(client: TestClient) -> None:
    response = refresh(client, "x" * 43)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_disabled_account_cannot_refresh(client: TestClient, session: Session, make_account: AccountFactory) -> None:
    account = make_account()
    token = login(client, account.username).json()["refresh_token"]
    account.disabled = True
    session.add(account)
    session.flush()
    assert refresh(client, token).status_code == 401


def test_logout_ends_the_session(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    token = login(client, account.username).json()["refresh_token"]
    assert client.post("/api/auth/logout", json={"refresh_token": token}).status_code == 204
    assert refresh(client, token).status_code == 401
    # logging out twice, or with nonsense, still answers 204 and reveals nothing
    assert client.post("/api/auth/logout", json={"refresh_token": "nonsense"}).status_code == 204
