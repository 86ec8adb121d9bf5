"""Password and secret hashing (argon2 through pwdlib; passlib is broken with bcrypt 5)."""

from __future__ import annotations

import re
from functools import lru_cache

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

_hasher = PasswordHash((Argon2Hasher(),))

MIN_LENGTH = 10
_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")


def hash_secret(secret: str) -> str:
    """Argon2 hash of a password or client secret."""
    return _hasher.hash(secret)


def verify_secret(secret: str, hashed: str) -> bool:
    """True when ``secret`` matches ``hashed``; a malformed hash never matches."""
    try:
        return _hasher.verify(secret, hashed)
    except Exception:  # an unreadable stored hash is a mismatch, not a server error
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("eldersafe-timing-equaliser-0")


def burn_verification_time(secret: str) -> None:
    """Spend the time of one verification, so an unknown username answers as slowly as a known one."""
    verify_secret(secret, _dummy_hash())


def password_policy_violation(password: str) -> str | None:
    """Why ``password`` is too weak, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters long"
    if not _LETTER.search(password) or not _DIGIT.search(password):
        return "must contain letters and digits"
    return None
