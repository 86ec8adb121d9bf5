"""The photo sweep (run by the worker): inspection photos never attached, and files no row references.

Files are content-addressed (``LocalPhotoStorage`` in ``photos/storage.py``), so one file may back several rows —
inspection photos and tip photos alike — and a file goes only when no row of either table holds its key. Nothing younger
than the grace period is touched: an upload writes its file before its row commits (a tip's intake writes inside
its transaction), and a failed commit is exactly what leaves a file behind. Rows are removed first, in their own
committed transaction, so a file is never removed while a row that will survive still points at it.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from eldersafe_common import files

from . import repository as sweep_repository

log = logging.getLogger("eldersafe.inspection.photo_sweep")

SHARD = re.compile(r"[0-9a-f]{2}")
# What LocalPhotoStorage writes: ``ab/ab…(64 hex).ext``; anything else under the root is not ours to delete.
STORED = re.compile(r"[0-9a-f]{64}\.(?:jpg|png|webp)")
UPLOAD_TEMP = files.UPLOAD_TEMP  # storage.save's temporary file, left behind only when a process died mid-write
QUARANTINE = ".sweep-"  # a file this sweep is about to delete (left behind only if the sweep died)


@dataclass(frozen=True)
class FileSweep:
    """What one shard folder held: files removed (and their bytes), files kept because a row holds them, files
    kept because they are younger than the grace period."""

    removed: int = 0
    removed_bytes: int = 0
    referenced: int = 0
    young: int = 0

    def __add__(self, other: FileSweep) -> FileSweep:
        return FileSweep(self.removed + other.removed, self.removed_bytes + other.removed_bytes,
                         self.referenced + other.referenced, self.young + other.young)


def remove_unattached_photos(session: Session, *, before: datetime) -> int:
    """Delete inspection photo rows that no answer attached and that were uploaded before ``before``."""
    return sweep_repository.delete_unattached(session, uploaded_before=before)


def shards(root: Path) -> list[Path]:
    """The two-hex-digit folders under the photo root (none when the root does not exist yet)."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.iterdir()
                  if SHARD.fullmatch(path.name) and path.is_dir() and not path.is_symlink())


def _remove(path: Path, *, before_ts: float) -> int | None:
    """Delete a stored file unless an upload reused it since it was listed; its size, or None when not deleted here.

    The file is first renamed away, so an upload reusing it from then on finds it missing and writes it again
    (``LocalPhotoStorage.save``); one that touched it before the rename shows in the renamed file's time.
    """
    quarantine = path.with_name(f"{QUARANTINE}{uuid.uuid4().hex}")
    try:
        os.rename(path, quarantine)
    except FileNotFoundError:
        return None  # another worker replica took it
    info = quarantine.lstat()
    if info.st_mtime >= before_ts:
        os.replace(quarantine, path)  # same bytes as any copy an upload wrote meanwhile: content-addressed
        return None
    quarantine.unlink()
    return info.st_size


def _age_out(path: Path, info: os.stat_result) -> int:
    path.unlink(missing_ok=True)
    return info.st_size


def sweep_shard(session: Session, *, shard: Path, before: datetime) -> FileSweep:
    """Delete the shard's files that no photo or tip_photo row holds and that were last written before ``before``;
    leftovers of interrupted writes and sweeps go once as old. Files of any other shape are left alone."""
    before_ts = before.timestamp()
    old: dict[str, tuple[Path, os.stat_result]] = {}
    removed = removed_bytes = young = 0
    for path in shard.iterdir():
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        name = path.name
        if not stat.S_ISREG(info.st_mode):
            continue
        if name.startswith((UPLOAD_TEMP, QUARANTINE)):
            if info.st_mtime < before_ts:
                removed, removed_bytes = removed + 1, removed_bytes + _age_out(path, info)
            continue
        if not (STORED.fullmatch(name) and name.startswith(shard.name)):
            continue
        if info.st_mtime >= before_ts:
            young += 1
        else:
            old[f"{shard.name}/{name}"] = (path, info)
    held = sweep_repository.referenced_keys(session, old)
    for key, (path, _info) in old.items():
        if key in held:
            continue
        size = _remove(path, before_ts=before_ts)
        if size is not None:
            removed, removed_bytes = removed + 1, removed_bytes + size
        elif path.exists():  # an upload reused it; otherwise another worker replica removed it
            young += 1
    return FileSweep(removed=removed, removed_bytes=removed_bytes, referenced=len(held), young=young)
