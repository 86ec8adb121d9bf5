"""Photo metadata; the bytes live in a PhotoStorage under a content-addressed key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class Photo(InspectionBase, table=True):
    """An uploaded image, re-encoded without metadata; attached to an inspection when an answer cites it."""

    __tablename__ = "photo"

    id: str = Field(primary_key=True, max_length=36)
    storage_key: str = Field(max_length=200)
    sha256: str = Field(max_length=64, index=True)
    content_type: str = Field(max_length=40)
    size: int
    width: int
    height: int
    uploaded_by: str = Field(max_length=64, index=True)
    uploaded_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    inspection_id: str | None = Field(default=None, sa_column=Column(
        String(36), ForeignKey("inspection.id"), nullable=True, index=True))
