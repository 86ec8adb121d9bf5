"""Gateway settings (env prefix ``GATEWAY_``); key paths and the database fall back to ``ELDERSAFE_``."""

from __future__ import annotations

import json
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from eldersafe_common.settings import DEMO_KEY_DIR, REPO_ROOT, ServiceSettings, is_under

DEMO_DISTRICT = REPO_ROOT / "deploy" / "demo" / "district.json"


def _demo_secrets() -> set[str]:
    """The demo password and client secret, so production can refuse them wherever they appear."""
    try:
        data = json.loads(DEMO_DISTRICT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(data[key]) for key in ("demo_password", "demo_client_secret") if data.get(key)}


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    schema_name: str = "gateway"
    host: str = "127.0.0.1"
    port: int = 8000

    jwt_private_key_path: Path = Field(
        default=DEMO_KEY_DIR / "jwt-private.pem",
        validation_alias=AliasChoices("GATEWAY_JWT_PRIVATE_KEY_PATH", "ELDERSAFE_JWT_PRIVATE_KEY_PATH"),
    )
    access_token_ttl_seconds: int = Field(default=15 * 60, ge=60, le=3600)
    refresh_token_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=3600)

    registry_url: str = "http://127.0.0.1:8101"
    inspection_url: str = "http://127.0.0.1:8102"
    rectification_url: str = "http://127.0.0.1:8103"
    notification_url: str = "http://127.0.0.1:8104"

    # Proxy timeouts: a service that does not accept a connection is down (503); one that accepts but
    # does not answer in time is slow (504).
    proxy_connect_timeout: float = 2.0
    proxy_read_timeout: float = 30.0
    proxy_pool_timeout: float = 5.0
    proxy_max_connections: int = 256
    openapi_cache_seconds: float = 300.0
    health_timeout: float = 2.0

    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    demo_district_path: Path = DEMO_DISTRICT

    lockout_threshold: int = Field(default=5, ge=1)
    lockout_seconds: int = Field(default=15 * 60, ge=1)

    audit_queue_size: int = Field(default=10_000, ge=10)
    audit_batch_size: int = Field(default=200, ge=1)

    # Peers (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For names the real caller: the
    # edge proxy. Anyone else could write any address there and so pick their own rate-limit bucket.
    trusted_proxies: Annotated[list[IPv4Network | IPv6Network], NoDecode] = Field(default_factory=list)
    # Per-IP token buckets for the public tip-off paths (rate = refill per minute, burst = bucket size).
    # Receipt lookups and reporter messages are the strictest: a receipt is the only secret there is.
    public_tip_rate_per_minute: float = Field(default=10, gt=0)
    public_tip_burst: int = Field(default=10, ge=1)
    public_receipt_rate_per_minute: float = Field(default=5, gt=0)
    public_receipt_burst: int = Field(default=5, ge=1)
    open311_post_rate_per_minute: float = Field(default=20, gt=0)
    open311_post_burst: int = Field(default=20, ge=1)
    public_read_rate_per_minute: float = Field(default=120, gt=0)
    public_read_burst: int = Field(default=60, ge=1)
    # Most callers tracked per bucket kind; beyond it the least recently seen is forgotten.
    rate_limit_table_size: int = Field(default=50_000, ge=100)
    # City-platform clients, per client (token subject).
    client_rate_per_minute: float = Field(default=600, gt=0)
    client_burst: int = Field(default=120, ge=1)
    # How long a verified token's identity is reused: verifying ES256 costs about 0.35 ms per request.
    client_token_cache_seconds: float = Field(default=60.0, ge=0, le=900)

    # Used only by ``python -m eldersafe_gateway.seed --bootstrap-admin`` to create the first real admin.
    bootstrap_admin_password: SecretStr | None = None

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            return [ip_network(item.strip(), strict=False) for item in value.split(",") if item.strip()]
        return value

    @property
    def services(self) -> dict[str, str]:
        """Service name → base URL; the name is also the public path segment (/api/<name>/…)."""
        return {
            "registry": self.registry_url.rstrip("/"),
            "inspection": self.inspection_url.rstrip("/"),
            "rectification": self.rectification_url.rstrip("/"),
            "notification": self.notification_url.rstrip("/"),
        }

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if is_under(self.jwt_private_key_path, DEMO_KEY_DIR):
            problems.append("ELDERSAFE_JWT_PRIVATE_KEY_PATH must not be the demo key")
        if self.bootstrap_admin_password is not None:
            secret = self.bootstrap_admin_password.get_secret_value()
            if secret in _demo_secrets():
                problems.append("GATEWAY_BOOTSTRAP_ADMIN_PASSWORD must not be a demo password")
        return problems


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
