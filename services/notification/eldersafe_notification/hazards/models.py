"""Copies of the ledger's hazards and of supervision orders, kept from rectification's events (never its
tables), with how far each one's ladder has gone."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase

OPEN_STATES = ("open", "in_progress", "submitted")
# ``fired_offset``: the offset (days) of the last ladder stage handled for the current deadline. A new
# deadline or a reopening starts again below every stage; a closed hazard is parked above every stage,
# so the tick's index range never reaches it.
NOT_STARTED = -10_000
CLOSED = 10_000


class NotificationHazard(NotificationBase, table=True):
    """A ledger entry as far as alerts need it: state, deadline, severity, people and where it is."""

    __tablename__ = "notification_hazard"
    # The tick's one range: stages not yet handled (a handful of offsets) × deadline up to the cut-off.
    __table_args__ = (Index("ix_notification_hazard_ladder", "fired_offset", "deadline"),)

    id: str = Field(primary_key=True, max_length=36)
    hazard_key: str = Field(max_length=200, index=True)
    campaign_id: str = Field(max_length=36)
    facility_id: str = Field(max_length=36)
    area_code: str = Field(max_length=32)
    severity: str = Field(max_length=16)
    state: str = Field(max_length=16)
    deadline: date
    responsible_name: str | None = Field(default=None, max_length=100)
    responsible_phone: str | None = Field(default=None, max_length=20)
    supervisor_subject: str | None = Field(default=None, max_length=64)
    supervisor_name: str | None = Field(default=None, max_length=100)
    # What was found ("三楼活动室采用易燃芯材彩钢板搭建") and the check item it failed, when the ledger's events
    # carry them (optional in rectification's payload; hazard.found's copy below fills in otherwise).
    description: str | None = Field(default=None, max_length=4000)
    item_text: str | None = Field(default=None, max_length=1000)
    fired_offset: int = Field(default=NOT_STARTED)
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class NotificationHazardDepartment(NotificationBase, table=True):
    """One department responsible for a hazard: the tick joins department heads through it."""

    __tablename__ = "notification_hazard_department"

    hazard_id: str = Field(primary_key=True, max_length=36)
    department: str = Field(primary_key=True, max_length=32)


class NotificationHazardItem(NotificationBase, table=True):
    """The finding and the check item it failed, from inspection's hazard.found (older ledger events lack them)."""

    __tablename__ = "notification_hazard_item"

    hazard_key: str = Field(primary_key=True, max_length=200)
    item_code: str = Field(max_length=64)
    item_text: str = Field(max_length=1000)
    # The finding's own words: what messages name (the item's text is written as the compliant state).
    description: str | None = Field(default=None, max_length=4000)


class NotificationOrder(NotificationBase, table=True):
    """A supervision order (督办单): its hazards, supervisor and deadline, and how far its ladder has gone."""

    __tablename__ = "notification_order"
    __table_args__ = (Index("ix_notification_order_ladder", "fired_offset", "deadline"),)

    id: str = Field(primary_key=True, max_length=36)
    number: str = Field(max_length=20)
    level: str = Field(max_length=10)
    facility_id: str = Field(max_length=36)
    area_code: str = Field(max_length=32)
    hazard_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    supervisor_name: str = Field(max_length=100)
    deadline: date
    state: str = Field(max_length=10)
    issued_by: str = Field(max_length=64)
    fired_offset: int = Field(default=NOT_STARTED)
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class NotificationOrderHazard(NotificationBase, table=True):
    """One hazard named by a supervision order: the order's responsible people are found through it."""

    __tablename__ = "notification_order_hazard"

    order_id: str = Field(primary_key=True, max_length=36)
    hazard_id: str = Field(primary_key=True, max_length=36, index=True)
