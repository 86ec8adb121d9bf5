from pathlib import Path

import pytest
from pydantic import ValidationError

from eldersafe_common.settings import DEMO_CURSOR_SECRET, DEMO_KEY_DIR, ServiceSettings


def test_development_defaults_need_no_configuration(no_env_leak: None, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ELDERSAFE_ENVIRONMENT", "ELDERSAFE_DATABASE_URL", "ELDERSAFE_JWT_PUBLIC_KEY_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = ServiceSettings()
    assert settings.environment == "development" and settings.is_sqlite


def test_production_refuses_sqlite_and_the_demo_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "production")
    monkeypatch.setenv("ELDERSAFE_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("ELDERSAFE_JWT_PUBLIC_KEY_PATH", str(DEMO_KEY_DIR / "jwt-public.pem"))
    with pytest.raises(ValidationError) as caught:
        ServiceSettings()
    assert "PostgreSQL" in str(caught.value) and "demo key" in str(caught.value)


def test_production_accepts_real_material(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "production")
    monkeypatch.delenv("ELDERSAFE_CLOCK_OFFSET_DAYS", raising=False)  # CI runs the suite at a moved hour
    monkeypatch.setenv("ELDERSAFE_DATABASE_URL", "postgresql+psycopg://u:p@db/eldersafe")
    monkeypatch.setenv("ELDERSAFE_JWT_PUBLIC_KEY_PATH", str(tmp_path / "public.pem"))
    monkeypatch.setenv("ELDERSAFE_CURSOR_SECRET", "a-production-cursor-secret-of-32-chars")
    assert ServiceSettings().environment == "production"


@pytest.mark.parametrize("secret", [None, DEMO_CURSOR_SECRET, "too-short"])
def test_production_refuses_the_demo_or_a_weak_cursor_secret(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, secret: str | None) -> None:
    monkeypatch.setenv("ELDERSAFE_ENVIRONMENT", "production")
    monkeypatch.setenv("ELDERSAFE_DATABASE_URL", "postgresql+psycopg://u:p@db/eldersafe")
    monkeypatch.setenv("ELDERSAFE_JWT_PUBLIC_KEY_PATH", str(tmp_path / "public.pem"))
    if secret is None:
        monkeypatch.delenv("ELDERSAFE_CURSOR_SECRET", raising=False)
    else:
        monkeypatch.setenv("ELDERSAFE_CURSOR_SECRET", secret)
    with pytest.raises(ValidationError, match="ELDERSAFE_CURSOR_SECRET"):
        ServiceSettings()
