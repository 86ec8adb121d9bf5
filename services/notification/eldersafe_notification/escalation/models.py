"""The scheduler's lease on SQLite (PostgreSQL uses an advisory lock instead)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase


class SchedulerLock(NotificationBase, table=True):
    """One row per job: the replica holding it and until when; taken by UPDATE … WHERE expired or mine."""

    __tablename__ = "scheduler_lock"

    name: str = Field(primary_key=True, max_length=40)
    holder: str | None = Field(default=None, max_length=80)
    expires_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
