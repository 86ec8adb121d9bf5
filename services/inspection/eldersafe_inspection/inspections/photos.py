"""Reading an inspection photo: its uploader, or whoever may see the inspection an answer attached it to."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common.auth import Principal
from eldersafe_common.errors import NotFound

from ..photos import repository as photos
from ..photos.models import Photo
from ..photos.storage import PhotoStorage
from . import access, repository


def load_readable(session: Session, *, principal: Principal, photo_id: str) -> Photo:
    """The photo, or 404: its uploader may read it; others through the inspection it is attached to."""
    access.require_reader(principal)
    photo = photos.get_photo(session, photo_id)
    if photo is None:
        raise NotFound("Photo not found.", code="photo_not_found")
    if photo.uploaded_by == principal.subject:
        return photo
    inspection = repository.get_inspection(session, photo.inspection_id) if photo.inspection_id else None
    if inspection is None or not access.sees(principal, inspection):
        raise NotFound("Photo not found.", code="photo_not_found")
    return photo


def read_photo(session: Session, *, principal: Principal, photo_id: str, storage: PhotoStorage) -> tuple[bytes, Photo]:
    """The stored bytes and their metadata."""
    photo = load_readable(session, principal=principal, photo_id=photo_id)
    try:
        return storage.read(photo.storage_key), photo
    except FileNotFoundError as exc:
        raise NotFound("The photo's file is missing.", code="photo_file_missing") from exc
