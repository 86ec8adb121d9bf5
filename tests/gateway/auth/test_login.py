from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_gateway.models import Account
from tests.gateway.conftest import PASSWORD, AccountFactory, login

PROBLEM = "application/problem+json"


def test_login_returns_tokens_and_the_account(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account("community", "officer", area="999001001001", phone="13700000001")
    response = login(client, account.username)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["access_token"].count(".") == 2
    assert len(body["refresh_token"]) >= 40
    assert body["account"]["id"] == account.id
    assert body["account"]["area"] == "999001001001"
    assert body["account"]["last_login_at"] is not None
    assert "password_hash" not in body["account"]


def test_wrong_password_and_unknown_user_get_the_same_answer(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    wrong = login(client, account.username, "not the password 1")
    unknown = login(client, "nobody-here", "not the password 1")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.headers["content-type"] == unknown.headers["content-type"] == PROBLEM
    for key in ("detail", "code", "title"):
        assert wrong.json()[key] == unknown.json()[key]


def test_failures_are_counted_per_account(client: TestClient, session: Session, make_account: AccountFactory) -> None:
    account, other = make_account(), make_account()
    for _ in range(2):
        assert login(client, account.username, "wrong-password-1").status_code == 401
    session.refresh(account)
    session.refresh(other)
    assert account.failed_logins == 2
    assert other.failed_logins == 0
    assert login(client, account.username).status_code == 200
    session.refresh(account)
    assert account.failed_logins == 0


def test_lockout_after_repeated_failures(client: TestClient, session: Session, make_account: AccountFactory) -> None:
    account = make_account()
    statuses = [login(client, account.username, "wrong-password-1").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 423]
    locked = login(client, account.username)  # even the right password waits
    assert locked.status_code == 423
    assert locked.headers["content-type"] == PROBLEM
    assert 0 < int(locked.headers["retry-after"]) <= 900
    assert locked.json()["code"] == "account_locked"

    account.locked_until = clock.wall_now() - timedelta(seconds=1)
    session.add(account)
    session.flush()
    assert login(client, account.username).status_code == 200


def test_disabled_account_cannot_sign_in(client: TestClient, session: Session, make_account: AccountFactory) -> None:
    account = make_account()
    account.disabled = True
    session.add(account)
    session.flush()
    response = login(client, account.username)
    assert response.status_code == 403
    assert response.json()["code"] == "account_disabled"


def test_username_is_case_insensitive(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    assert login(client, account.username.upper()).status_code == 200


def test_bad_login_bodies_are_problems(client: TestClient) -> None:
    missing = client.post("/api/auth/login", json={"username": "x"})
    assert missing.status_code == 422
    assert missing.headers["content-type"] == PROBLEM
    extra = client.post("/api/auth/login", json={"username": "x", "password": "y", "admin": True})
    assert extra.status_code == 422
    nul = client.post("/api/auth/login", json={"username": "a\u0000b", "password": "y"})
    assert nul.status_code == 422
    malformed = client.post("/api/auth/login", content=b"{not json", headers={"content-type": "application/json"})
    assert malformed.status_code == 400
    assert malformed.headers["content-type"] == PROBLEM


def test_me_returns_the_callers_account(client: TestClient, make_account: AccountFactory) -> None:
    account: Account = make_account("facility", "manager", area="999001001001",
                                    facility="d728f789-9bc8-562e-9acf-2a0e6bc5927a")
    token = login(client, account.username).json()["access_token"]
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == account.username
    assert body["facility"] == "d728f789-9bc8-562e-9acf-2a0e6bc5927a"
    assert set(body) == {"id", "username", "name", "role", "position", "department", "area", "facility", "phone",
                         "email", "disabled", "created_at", "last_login_at"}
    assert body["created_at"].endswith("Z") or body["created_at"].endswith("+00:00")


def test_me_needs_a_token(client: TestClient) -> None:
    response = client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM


def test_password_is_stored_hashed(session: Session, make_account: AccountFactory) -> None:
    account = make_account()
    assert PASSWORD not in account.password_hash
    assert account.password_hash.startswith("$argon2")
