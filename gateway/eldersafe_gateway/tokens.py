"""Signing access tokens (ES256). The gateway is the only component that holds the private key."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

from jose import jwt

from eldersafe_common.auth import ALGORITHM, DEPARTMENTS, Role

from .settings import GatewaySettings


@lru_cache(maxsize=4)
def _read_key(path: str, mtime: float) -> str:
    return Path(path).read_text()


def load_private_key(path: Path) -> str:
    """Read the signing key (re-read when the file changes, for key rotation)."""
    try:
        return _read_key(str(path), path.stat().st_mtime)
    except FileNotFoundError as exc:  # a deployment error: run python -m eldersafe_gateway.keys
        raise RuntimeError(f"JWT private key not found at {path}") from exc


def department_of(role: str) -> str | None:
    """The department code carried by a department role, else None."""
    return role if role in {r.value for r in DEPARTMENTS} else None


def sign_access_token(
    settings: GatewaySettings,
    *,
    subject: str,
    name: str,
    role: Role | str,
    position: str,
    area: str,
    facility: str | None = None,
    scopes: list[str] | None = None,
) -> str:
    """Sign an access token carrying exactly the documented claims."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "typ": "access",
        "sub": subject,
        "name": name,
        "role": str(role),
        "position": str(position),
        "department": department_of(str(role)),
        "area": area,
        "facility": facility,
        "scopes": list(scopes or []),
        "iat": now,
        "exp": now + settings.access_token_ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, load_private_key(settings.jwt_private_key_path), algorithm=ALGORITHM)


def new_refresh_token() -> str:
    """An opaque, unguessable refresh token (256 bits)."""
    return secrets.token_urlsafe(32)


def refresh_token_hash(token: str) -> str:
    """What the database keeps instead of the token: a leaked table cannot be replayed."""
    return hashlib.sha256(token.encode()).hexdigest()
