"""Where photo bytes live: a small interface, and the local folder that implements it by default."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..settings import get_settings


class PhotoStorage(Protocol):
    """Stores image bytes under a key the storage chooses, and reads them back."""

    def save(self, data: bytes, *, extension: str) -> str:
        """Store ``data`` and return its key (the same bytes always give the same key)."""
        ...

    def read(self, key: str) -> bytes:
        """The bytes stored under ``key``; FileNotFoundError when they are gone."""
        ...


class LocalPhotoStorage:
    """Content-addressed files under one folder: ``ab/abcdef….jpg`` named by the SHA-256 of the bytes."""

    def __init__(self, root: Path):
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise FileNotFoundError(key)
        return path

    def save(self, data: bytes, *, extension: str) -> str:
        """Write the file once (atomically); a second upload of the same bytes reuses it."""
        digest = hashlib.sha256(data).hexdigest()
        key = f"{digest[:2]}/{digest}.{extension}"
        path = self._path(key)
        if path.exists():
            # The sweep (photos/sweep.py) removes only files untouched for its grace period, so a reused file
            # must look new; if the sweep took it meanwhile, the touch fails and the bytes are written again.
            try:
                os.utime(path)
                return key
            except FileNotFoundError:
                pass
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        """The stored bytes."""
        return self._path(key).read_bytes()


@lru_cache
def get_photo_storage() -> PhotoStorage:
    """The configured storage (a request dependency; tests override it)."""
    return LocalPhotoStorage(get_settings().photo_dir)
