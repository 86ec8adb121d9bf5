"""Tables of facility plans and relocation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime, optimistic, version_column

from ..base import RectificationBase

DECISIONS = ("shutdown", "suspend", "rectify")


# The database checks the version on every UPDATE (eldersafe_common.db.optimistic).
_PLAN_VERSION = version_column()


class FacilityPlan(RectificationBase, table=True):
    """One facility, one plan (一院一策) per campaign: the decision, how it is carried out, and the task-force
    leader's approval. A later campaign decides anew with a plan of its own (0011)."""

    __tablename__ = "facility_plan"
    __mapper_args__: ClassVar[dict[str, Any]] = optimistic(_PLAN_VERSION)
    __table_args__ = (UniqueConstraint("facility_id", "campaign_id", name="uq_facility_plan_campaign"),)

    id: str = Field(primary_key=True, max_length=36)
    campaign_id: str | None = Field(default=None, max_length=36, index=True)
    facility_id: str = Field(max_length=36, index=True)
    facility_name: str | None = Field(default=None, max_length=200)
    area_code: str = Field(max_length=32, index=True)
    decision: str = Field(max_length=16)
    measures: str | None = Field(default=None, max_length=4000)
    # [{title, owner, due_date, done, done_at}]: a handful per plan, always read and written with the plan.
    milestones: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    relocation_plan: str | None = Field(default=None, max_length=4000)
    cooperation: str | None = Field(default=None, max_length=16)
    support_measures: str | None = Field(default=None, max_length=4000)
    enforcement_measures: str | None = Field(default=None, max_length=4000)
    state: str = Field(default="draft", max_length=16, index=True)
    approved_by: str | None = Field(default=None, max_length=64)
    approved_by_name: str | None = Field(default=None, max_length=200)
    approved_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    approval_note: str | None = Field(default=None, max_length=4000)
    relocation_completed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    created_by: str | None = Field(default=None, max_length=64)
    created_by_name: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_by: str | None = Field(default=None, max_length=64)
    updated_by_name: str | None = Field(default=None, max_length=200)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    version: int = Field(default=1, sa_column=_PLAN_VERSION)


class Relocation(RectificationBase, table=True):
    """Where one resident went when their facility had to empty, as the registry announced it.

    Prefixed with the service: the registry owns residents and could well name a table ``relocation`` too, and
    the embedded database holds every service's tables side by side.
    """

    __tablename__ = "rectification_relocation"

    resident_id: str = Field(primary_key=True, max_length=36)
    facility_id: str = Field(max_length=36, index=True)
    area_code: str = Field(max_length=32)
    name: str = Field(max_length=100)
    id_number: str | None = Field(default=None, max_length=32)
    care_level: str | None = Field(default=None, max_length=32)
    destination_kind: str = Field(max_length=16)
    receiving_facility_id: str | None = Field(default=None, max_length=36)
    receiving_facility_name: str | None = Field(default=None, max_length=200)
    receiving_resident_id: str | None = Field(default=None, max_length=36)
    destination: str | None = Field(default=None, max_length=300)
    moved_on: date
    confirmed_by_name: str | None = Field(default=None, max_length=100)
    relocated_by: str | None = Field(default=None, max_length=64)
    relocated_by_name: str | None = Field(default=None, max_length=200)
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
