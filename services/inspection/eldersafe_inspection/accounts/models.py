"""Inspection's copy of the gateway's accounts (the gateway owns them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class InspectionAccount(InspectionBase, table=True):
    """An account's name, role, department and area: whom a task may be given to, and who sees it in 我的任务."""

    __tablename__ = "inspection_account"

    account_id: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=64)
    name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    position: str = Field(max_length=32)
    department: str | None = Field(default=None, max_length=20, index=True)
    area: str = Field(max_length=32)
    facility: str | None = Field(default=None, max_length=36)
    disabled: bool = False
    # The event that wrote the row: an older event arriving late changes nothing.
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
