import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from jose import jwt

from tests.conftest import PUBLIC_KEY
from tests.gateway.conftest import AccountFactory, login
from tests.support.keys import sign, write_keypair

CLAIMS = {"iss", "aud", "typ", "sub", "name", "role", "position", "department", "area", "facility", "scopes", "iat",
          "exp", "jti"}


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def me(client: TestClient, token: str):  # type: ignore[no-untyped-def]
    return client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})


def test_access_token_verifies_with_the_public_key(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account("fire", "head")
    token = login(client, account.username).json()["access_token"]
    assert jwt.get_unverified_header(token)["alg"] == "ES256"
    claims = jwt.decode(token, PUBLIC_KEY.read_text(), algorithms=["ES256"], audience="eldersafe",
                        issuer="eldersafe-gateway")
    assert set(claims) == CLAIMS
    assert claims["typ"] == "access"
    assert claims["sub"] == account.id
    assert (claims["role"], claims["position"], claims["department"]) == ("fire", "head", "fire")
    assert claims["exp"] - claims["iat"] == 900
    assert claims["scopes"] == []


def test_two_tokens_have_distinct_ids(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    ids = {jwt.get_unverified_claims(login(client, account.username).json()["access_token"])["jti"]
           for _ in range(2)}
    assert len(ids) == 2


def test_expired_token_is_refused(client: TestClient, admin, private_key_path: Path) -> None:  # type: ignore[no-untyped-def]
    token = sign(private_key_path, ttl=-30, sub=admin.id, name="x", role="admin", position="staff", area="999001")
    response = me(client, token)
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"


def test_tampered_token_is_refused(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account("fire", "staff")
    token = login(client, account.username).json()["access_token"]
    header, _payload, signature = token.split(".")
    claims = jwt.get_unverified_claims(token)
    claims["role"] = "admin"
    forged = f"{header}.{_b64(claims)}.{signature}"
    assert me(client, forged).status_code == 401
    assert client.get("/api/accounts", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_alg_none_is_refused(client: TestClient, admin) -> None:  # type: ignore[no-untyped-def]
    claims = {"iss": "eldersafe-gateway", "aud": "eldersafe", "typ": "access", "sub": admin.id, "name": "x",
              "role": "admin", "position": "staff", "area": "999001", "exp": 4102444800, "iat": 0, "jti": "j"}
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    response = me(client, token)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_hs256_signed_with_the_public_key_is_refused(client: TestClient, admin) -> None:  # type: ignore[no-untyped-def]
    claims = {"iss": "eldersafe-gateway", "aud": "eldersafe", "typ": "access", "sub": admin.id, "name": "x",
              "role": "admin", "position": "staff", "area": "999001", "exp": 4102444800, "iat": 0, "jti": "j"}
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64(claims)}"
    mac = hmac.new(PUBLIC_KEY.read_bytes(), signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert me(client, token).status_code == 401


def test_token_from_another_key_is_refused(client: TestClient, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other_private, _ = write_keypair(tmp_path / "other")
    token = sign(other_private, sub=admin.id, name="x", role="admin", position="staff", area="999001")
    assert me(client, token).status_code == 401


def test_a_good_token_for_the_same_admin_works(client: TestClient, admin, make_token: Callable[..., str]) -> None:  # type: ignore[no-untyped-def]
    # the control for the refusals above: a correctly signed token is accepted
    assert me(client, make_token("admin", "staff", subject=admin.id)).status_code == 200


def test_refresh_token_is_not_a_bearer_token(client: TestClient, make_account: AccountFactory) -> None:
    account = make_account()
    refresh_token = login(client, account.username).json()["refresh_token"]
    assert me(client, refresh_token).status_code == 401
