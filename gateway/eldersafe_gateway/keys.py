"""``python -m eldersafe_gateway.keys``: create the ES256 (P-256) signing key pair for development."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .settings import get_settings


def ensure_keypair(private_path: Path, public_path: Path) -> bool:
    """Write a new key pair unless the private key exists; return True when keys were created."""
    if private_path.exists():
        return False
    private_path.parent.mkdir(parents=True, exist_ok=True)
    public_path.parent.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Create with 0600 from the start: a chmod after writing leaves a window where others could read it.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public_path.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return True


def main() -> int:
    settings = get_settings()
    if settings.environment == "production":
        print("refusing to generate keys in production: provision them from your secret store", file=sys.stderr)
        return 2
    created = ensure_keypair(settings.jwt_private_key_path, settings.jwt_public_key_path)
    state = "created" if created else "already present"
    print(f"signing key {state}: {settings.jwt_private_key_path} (public: {settings.jwt_public_key_path})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
