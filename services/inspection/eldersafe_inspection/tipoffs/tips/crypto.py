"""The reporter's contact, encrypted with AES-256-GCM: only the reward custodian's endpoint decrypts it.

Stored as ``v1.<base64 nonce>.<base64 ciphertext+tag>``; the tip id is the associated data, so a ciphertext
copied onto another tip fails to decrypt instead of revealing one reporter as another's.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ...settings import get_settings

PREFIX = "v1"
NONCE_BYTES = 12


class ContactUnreadable(Exception):
    """The ciphertext was altered, belongs to another tip, or the key changed."""


def _cipher() -> AESGCM:
    return AESGCM(base64.b64decode(get_settings().tip_contact_key.get_secret_value()))


def encrypt_contact(contact: str, *, tip_id: str) -> str:
    """Encrypt ``contact`` for the tip ``tip_id`` (a fresh random nonce each time)."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher().encrypt(nonce, contact.encode(), tip_id.encode())
    return ".".join((PREFIX, base64.b64encode(nonce).decode(), base64.b64encode(sealed).decode()))


def decrypt_contact(ciphertext: str, *, tip_id: str) -> str:
    """The contact stored for ``tip_id``; ContactUnreadable when it does not authenticate."""
    try:
        prefix, nonce, sealed = ciphertext.split(".")
        if prefix != PREFIX:
            raise ContactUnreadable("unknown contact format")
        plain = _cipher().decrypt(base64.b64decode(nonce), base64.b64decode(sealed), tip_id.encode())
    except (ValueError, InvalidTag) as exc:
        raise ContactUnreadable("the contact does not decrypt") from exc
    return plain.decode()
