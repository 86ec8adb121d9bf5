"""Tip receipts: 16 random digits shown to the reporter once; only a peppered scrypt hash of them is stored.

The hash is deterministic (the pepper is the salt) so that a receipt can be looked up by its hash; the pepper
lives outside the database, so a stolen table alone cannot be searched, and scrypt makes each guess costly.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ...settings import get_settings

RECEIPT_DIGITS = 16


def new_receipt() -> str:
    """Sixteen digits from the operating system's CSPRNG (about 53 bits)."""
    return "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS))


def receipt_hash(receipt: str) -> str:
    """Hex of scrypt(receipt, salt=pepper) with the configured cost (64 hex characters)."""
    settings = get_settings()
    n, r, p = settings.tip_receipt_scrypt_n, settings.tip_receipt_scrypt_r, settings.tip_receipt_scrypt_p
    digest = hashlib.scrypt(receipt.encode(), salt=settings.tip_receipt_pepper.get_secret_value().encode(),
                            n=n, r=r, p=p, maxmem=256 * n * r + 1024 * 1024, dklen=32)
    return digest.hex()


def normalise(receipt: str) -> str | None:
    """The 16 digits of a receipt as typed (spaces and dashes allowed between groups), or None."""
    digits = receipt.replace(" ", "").replace("-", "")
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def matches(stored_hash: str, candidate_hash: str) -> bool:
    """Constant-time comparison of two receipt hashes."""
    return hmac.compare_digest(stored_hash.encode(), candidate_hash.encode())
