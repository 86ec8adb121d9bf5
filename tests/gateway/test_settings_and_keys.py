import stat
from pathlib import Path

import pytest
from jose import jwt

from eldersafe_common.settings import DEMO_KEY_DIR
from eldersafe_gateway.keys import ensure_keypair
from eldersafe_gateway.settings import GatewaySettings


def test_production_refuses_the_demo_private_key(tmp_path: Path) -> None:
    settings = GatewaySettings.model_construct(
        environment="production", database_url="postgresql+psycopg://x@db/eldersafe",
        jwt_public_key_path=tmp_path / "pub.pem", jwt_private_key_path=DEMO_KEY_DIR / "jwt-private.pem",
        bootstrap_admin_password=None,
    )
    assert any("PRIVATE_KEY" in p for p in settings.production_problems())


def test_production_refuses_a_demo_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "production")
    monkeypatch.setenv("ELDERSAFE_DATABASE_URL", "postgresql+psycopg://x@db/eldersafe")
    monkeypatch.delenv("ELDERSAFE_CLOCK_OFFSET_DAYS", raising=False)  # CI runs the suite at a moved hour
    monkeypatch.setenv("ELDERSAFE_JWT_PUBLIC_KEY_PATH", str(tmp_path / "pub.pem"))
    monkeypatch.setenv("ELDERSAFE_JWT_PRIVATE_KEY_PATH", str(tmp_path / "priv.pem"))
    monkeypatch.setenv("ELDERSAFE_CURSOR_SECRET", "a-production-cursor-secret-of-32-chars")
    assert GatewaySettings().environment == "production"  # the control: a clean production config is fine
    monkeypatch.setenv("GATEWAY_BOOTSTRAP_ADMIN_PASSWORD", "Demo@2026!")
    with pytest.raises(ValueError, match="demo password"):
        GatewaySettings()


def test_keys_are_created_once_with_a_private_mode(tmp_path: Path) -> None:
    private, public = tmp_path / "k" / "priv.pem", tmp_path / "k" / "pub.pem"
    assert ensure_keypair(private, public) is True
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    before = private.read_bytes()
    assert ensure_keypair(private, public) is False
    assert private.read_bytes() == before
    token = jwt.encode({"sub": "x"}, private.read_text(), algorithm="ES256")
    assert jwt.decode(token, public.read_text(), algorithms=["ES256"])["sub"] == "x"
