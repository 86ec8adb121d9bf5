import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_gateway import seed
from eldersafe_gateway.settings import DEMO_DISTRICT, GatewaySettings


@pytest.fixture
def district() -> dict:  # type: ignore[type-arg]
    return json.loads(DEMO_DISTRICT.read_text(encoding="utf-8"))


def test_seed_creates_demo_accounts_once(session: Session, client: TestClient, district: dict) -> None:  # type: ignore[type-arg]
    created = seed.seed_demo(session=session, district=district)
    assert created == (len(district["accounts"]), len(district["clients"]))
    session.commit()
    assert seed.seed_demo(session=session, district=district) == (0, 0)

    login = client.post("/api/auth/login", json={"username": "facility_manager",
                                                 "password": district["demo_password"]})
    assert login.status_code == 200
    assert login.json()["account"]["facility"] == "d728f789-9bc8-562e-9acf-2a0e6bc5927a"
    (demo_client,) = district["clients"]
    token = client.post("/api/auth/token", data={"grant_type": "client_credentials",
                                                 "client_id": demo_client["client_id"],
                                                 "client_secret": district["demo_client_secret"]})
    assert token.status_code == 200
    assert token.json()["scope"].split() == sorted(demo_client["scopes"])


def test_seed_refuses_production(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    production = GatewaySettings.model_construct(environment="production")
    monkeypatch.setattr(seed, "get_settings", lambda: production)
    assert seed.main([]) == 2
    assert "refusing" in capsys.readouterr().err
