"""Supervision orders and the per-year counter that numbers them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import RectificationBase


class SupervisionOrder(RectificationBase, table=True):
    """A supervision order (督办单) over one facility's hazards, open until every hazard is signed off."""

    __tablename__ = "supervision_order"

    id: str = Field(primary_key=True, max_length=36)
    number: str = Field(max_length=20, unique=True)
    target: str = Field(max_length=10)  # hazards | facility: what the issuer named
    hazard_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    facility_id: str = Field(max_length=36, index=True)
    facility_name: str = Field(max_length=200)
    area_code: str = Field(max_length=32, index=True)
    level: str = Field(max_length=10)
    supervisor_name: str = Field(max_length=100)
    deadline: date = Field(index=True)
    requirements: str = Field(max_length=4000)
    issued_by: str = Field(max_length=64)
    issued_by_name: str = Field(max_length=100)
    issued_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    state: str = Field(max_length=10, index=True)
    closed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    closed_by: str | None = Field(default=None, max_length=64)


class SupervisionCounter(RectificationBase, table=True):
    """The last number handed out per year; incremented in the issuing transaction (the row lock orders issuers)."""

    __tablename__ = "supervision_counter"

    year: int = Field(primary_key=True, ge=2000, le=2100)
    last: int = Field(default=0)
