"""Make ES256 key pairs for tests and sign tokens with them (the product signs only in the gateway)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jwt


def write_keypair(folder: Path, stem: str = "jwt") -> tuple[Path, Path]:
    """Write ``<stem>-private.pem`` and ``<stem>-public.pem`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    private = folder / f"{stem}-private.pem"
    public = folder / f"{stem}-public.pem"
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return private, public


def sign(private_key_path: Path, *, ttl: int = 600, **claims: Any) -> str:
    """Sign an access token with the given claims (issuer/audience default to the platform's)."""
    now = int(time.time())
    body = {
        "iss": "eldersafe-gateway",
        "aud": "eldersafe",
        "iat": now,
        "exp": now + ttl,
        "jti": uuid.uuid4().hex,
        "typ": "access",
        **claims,
    }
    return jwt.encode(body, private_key_path.read_text(), algorithm="ES256")
