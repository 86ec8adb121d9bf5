"""Settings shared by every service, read from the environment (pydantic-settings).

Each service subclasses :class:`ServiceSettings` with its own ``env_prefix`` (``REGISTRY_``, ...). Values
every process must agree on (database URL, key paths, environment) also fall back to the common
``ELDERSAFE_`` variables so that one export configures the whole platform.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from . import clock
from .faults import CRASH_AT

REPO_ROOT = Path(__file__).resolve().parents[3]
VAR_DIR = REPO_ROOT / "var"
DEMO_KEY_DIR = VAR_DIR / "keys"
DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'eldersafe.db'}"
DEMO_CURSOR_SECRET = "eldersafe-demo-cursor-secret"  # noqa: S105 - the demo value production refuses

Environment = Literal["development", "test", "production"]


def common(name: str, prefix: str) -> AliasChoices:
    """Accept ``<PREFIX>NAME`` first, then the platform-wide ``ELDERSAFE_NAME``."""
    return AliasChoices(f"{prefix}{name}".upper(), f"ELDERSAFE_{name}".upper())


class ServiceSettings(BaseSettings):
    """Base settings; subclasses set ``model_config`` with their own env prefix."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    environment: Environment = Field(
        default="development", validation_alias=AliasChoices("ELDERSAFE_ENVIRONMENT")
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL, validation_alias=AliasChoices("ELDERSAFE_DATABASE_URL")
    )
    jwt_public_key_path: Path = Field(
        default=DEMO_KEY_DIR / "jwt-public.pem",
        validation_alias=AliasChoices("ELDERSAFE_JWT_PUBLIC_KEY_PATH"),
    )
    jwt_issuer: str = Field(default="eldersafe-gateway", validation_alias=AliasChoices("ELDERSAFE_JWT_ISSUER"))
    jwt_audience: str = Field(default="eldersafe", validation_alias=AliasChoices("ELDERSAFE_JWT_AUDIENCE"))
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("ELDERSAFE_LOG_LEVEL"))
    # Signs the open API's paging cursors (eldersafe_common.sync); one value for the whole platform.
    cursor_secret: SecretStr = Field(
        default=SecretStr(DEMO_CURSOR_SECRET), validation_alias=AliasChoices("ELDERSAFE_CURSOR_SECRET")
    )

    @model_validator(mode="after")
    def _refuse_demo_material_in_production(self) -> ServiceSettings:
        if self.environment == "production":
            problems = self.production_problems()
            if problems:
                raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """What would make this configuration unsafe in production (subclasses extend)."""
        problems = []
        if self.database_url.startswith("sqlite"):
            problems.append("ELDERSAFE_DATABASE_URL must point at PostgreSQL")
        if is_under(self.jwt_public_key_path, DEMO_KEY_DIR):
            problems.append("ELDERSAFE_JWT_PUBLIC_KEY_PATH must not be the demo key")
        if self.cursor_secret.get_secret_value() == DEMO_CURSOR_SECRET or len(
                self.cursor_secret.get_secret_value()) < 32:
            problems.append("ELDERSAFE_CURSOR_SECRET must be set (32+ characters, not the demo value)")
        if os.environ.get(CRASH_AT):
            problems.append(f"{CRASH_AT} is for tests only")
        problems.extend(clock.production_problems())
        return problems

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def is_under(path: Path, folder: Path) -> bool:
    """True when ``path`` lies inside ``folder`` (both resolved)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
