"""Queries on photo metadata."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from .models import Photo


def get_photo(session: Session, photo_id: str) -> Photo | None:
    return session.get(Photo, photo_id)


def photos_by_id(session: Session, ids: Iterable[str]) -> dict[str, Photo]:
    ids = list(set(ids))
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(Photo).where(col(Photo.id).in_(ids)))}


def save(session: Session, photo: Photo) -> Photo:
    session.add(photo)
    session.flush()
    return photo
