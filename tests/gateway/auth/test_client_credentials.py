import uuid

import pytest
from fastapi.testclient import TestClient
from jose import jwt
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_gateway.models import ApiClient
from eldersafe_gateway.passwords import hash_secret
from tests.conftest import PUBLIC_KEY

SECRET = "client secret 99"


@pytest.fixture
def api_client(session: Session) -> ApiClient:
    row = ApiClient(id=str(uuid.uuid4()), client_id=f"city-{uuid.uuid4().hex[:8]}", name="市级平台",
                    secret_hash=hash_secret(SECRET), scopes=["facilities:read", "hazards:read"], area="999001",
                    created_at=clock.now())
    session.add(row)
    session.commit()
    return row


def token(client: TestClient, **form: str):  # type: ignore[no-untyped-def]
    return client.post("/api/auth/token", data={"grant_type": "client_credentials", **form})


def test_client_gets_all_its_scopes_by_default(client: TestClient, api_client: ApiClient) -> None:
    response = token(client, client_id=api_client.client_id, client_secret=SECRET)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    assert body["scope"] == "facilities:read hazards:read"
    claims = jwt.decode(body["access_token"], PUBLIC_KEY.read_text(), algorithms=["ES256"], audience="eldersafe")
    assert (claims["role"], claims["position"], claims["area"]) == ("city_platform", "client", "999001")
    assert claims["scopes"] == ["facilities:read", "hazards:read"]
    assert claims["sub"] == api_client.id


def test_client_may_narrow_its_scopes(client: TestClient, api_client: ApiClient) -> None:
    response = token(client, client_id=api_client.client_id, client_secret=SECRET, scope="hazards:read")
    assert response.json()["scope"] == "hazards:read"


def test_scopes_beyond_the_clients_are_refused(client: TestClient, api_client: ApiClient) -> None:
    response = token(client, client_id=api_client.client_id, client_secret=SECRET, scope="hazards:read tips:write")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_scope"


def test_wrong_secret_unknown_client_and_disabled_client(
    client: TestClient, session: Session, api_client: ApiClient
) -> None:
    wrong = token(client, client_id=api_client.client_id, client_secret="nope")
    unknown = token(client, client_id="nobody", client_secret=SECRET)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    api_client.disabled = True
    session.add(api_client)
    session.flush()
    assert token(client, client_id=api_client.client_id, client_secret=SECRET).status_code == 401


def test_other_grant_types_and_missing_fields(client: TestClient, api_client: ApiClient) -> None:
    response = client.post("/api/auth/token", data={"grant_type": "password", "client_id": api_client.client_id,
                                                    "client_secret": SECRET})
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_grant_type"
    missing = client.post("/api/auth/token", data={"grant_type": "client_credentials"})
    assert missing.status_code == 422
    assert missing.headers["content-type"] == "application/problem+json"


def test_client_token_is_not_an_admin(client: TestClient, api_client: ApiClient) -> None:
    access = token(client, client_id=api_client.client_id, client_secret=SECRET).json()["access_token"]
    assert client.get("/api/accounts", headers={"Authorization": f"Bearer {access}"}).status_code == 403
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {access}"}).status_code == 404
