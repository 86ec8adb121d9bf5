"""Where photo bytes live: a small interface, and the local folder that implements it by default."""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

from eldersafe_common.files import ContentAddressedFiles

from ..settings import get_settings


class PhotoStorage(Protocol):
    """Stores image bytes under a key the storage chooses, and reads them back."""

    def save(self, data: bytes, *, extension: str) -> str:
        """Store ``data`` and return its key (the same bytes always give the same key)."""
        ...

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key``; FileNotFoundError when they are gone."""
        ...


class LocalPhotoStorage(ContentAddressedFiles):
    """Content-addressed files under one folder: ``ab/abcdef….jpg`` named by the SHA-256 of the bytes. A reused
    file is touched, so the photo sweep (``photo_sweep/``) never takes it inside its grace period."""


@lru_cache
def get_photo_storage() -> PhotoStorage:
    """The configured storage (a request dependency; tests override it)."""
    return LocalPhotoStorage(get_settings().photo_dir)
