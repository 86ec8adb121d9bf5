"""Who this service can reach: accounts as the gateway's account events describe them (who holds which post,
and how to reach them), and facilities as the registry's events describe them (where they are, and their
manager's phone)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase


class NotificationContact(NotificationBase, table=True):
    """One account: its post (role, position, department, area, facility) and its phone and email."""

    __tablename__ = "notification_contact"
    # The tick finds heads by post and area: role + position first, then the area prefix test.
    __table_args__ = (Index("ix_notification_contact_post", "role", "position", "area"),)

    account_id: str = Field(primary_key=True, max_length=36)
    username: str = Field(max_length=40)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)
    position: str = Field(max_length=20)
    department: str | None = Field(default=None, max_length=20)
    area: str = Field(max_length=12)
    facility: str | None = Field(default=None, max_length=36)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    disabled: bool = Field(default=False)
    # The id of the event this row reflects: a replayed older event never overwrites a newer one.
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class NotificationFacility(NotificationBase, table=True):
    """What this service knows of a facility, kept from registry events: who to tell, and where it is."""

    __tablename__ = "notification_facility"

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32, index=True)
    manager: str | None = Field(default=None, max_length=100)
    manager_phone: str | None = Field(default=None, max_length=20)
    status: str = Field(max_length=20)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
