"""Tables owned by the registry service (its own metadata and Alembic history).

Enumerations are stored as bounded strings, not database enums, so that adding a value is a code change
and not a migration on PostgreSQL.
"""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from eldersafe_common.db import UtcDateTime, optimistic, version_column
from eldersafe_common.sync import track_changes

registry_registry = registry()


class RegistryBase(SQLModel, registry=registry_registry):
    pass


class Area(RegistryBase, table=True):
    """A district, sub-district or community; the code is hierarchical (each level adds three digits)."""

    __tablename__ = "area"

    code: str = Field(primary_key=True, max_length=32)
    name_zh: str = Field(max_length=100)
    name_en: str | None = Field(default=None, max_length=200)
    level: str = Field(max_length=20)
    parent_code: str | None = Field(default=None, max_length=32, foreign_key="area.code", index=True)


class Department(RegistryBase, table=True):
    """One of the seven departments of the joint campaign (codes equal the token's ``department``)."""

    __tablename__ = "department"

    code: str = Field(primary_key=True, max_length=40)
    name_zh: str = Field(max_length=100)
    name_en: str | None = Field(default=None, max_length=200)


class TaskForceMember(RegistryBase, table=True):
    """A member of the district's campaign task force (专班)."""

    __tablename__ = "task_force_member"

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=100)
    title: str = Field(max_length=200)
    position: str = Field(max_length=20)
    department: str | None = Field(default=None, max_length=40, foreign_key="department.code")
    phone: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


# The database checks the version on every UPDATE (eldersafe_common.db.optimistic).
_FACILITY_VERSION = version_column()


class Facility(RegistryBase, table=True):
    """An elderly-care facility with its building facts and emergency readiness record."""

    __tablename__ = "facility"
    __mapper_args__: ClassVar[dict[str, Any]] = optimistic(_FACILITY_VERSION)
    __table_args__ = (Index("ix_facility_change_seq", "change_seq", unique=True),)

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200, index=True)
    uscc: str = Field(max_length=18, unique=True)
    ownership: str = Field(max_length=20)
    address: str = Field(max_length=300)
    subdistrict_code: str = Field(max_length=32, foreign_key="area.code")
    community_code: str = Field(max_length=32, foreign_key="area.code")
    area_code: str = Field(max_length=32, index=True)
    latitude: float | None = None
    longitude: float | None = None
    legal_representative: str = Field(max_length=100)
    legal_representative_phone: str = Field(max_length=20)
    manager: str = Field(max_length=100)
    manager_phone: str = Field(max_length=20)
    licensed_beds: int
    residents_count: int = 0
    capacity_note: str | None = Field(default=None, max_length=1000)
    floors: int | None = None
    height_m: float | None = None
    structure: str | None = Field(default=None, max_length=40)
    floor_area_m2: float | None = None
    year_built: int | None = None
    status: str = Field(max_length=20, index=True)
    emergency_plan_date: date | None = None
    last_drill_date: date | None = None
    micro_fire_station: bool = False
    extinguishers: int = 0
    evacuation_tools: bool = False
    readiness_notes: str | None = Field(default=None, max_length=4000)
    readiness_updated_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    readiness_updated_by: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False, index=True))
    version: int = Field(default=1, sa_column=_FACILITY_VERSION)
    # The class the task force decided (shutdown / suspend / pass), kept from inspection's facility.classified.
    classification: str | None = Field(default=None, max_length=20)
    classified_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime))
    # The open API's change feed (eldersafe_common.sync): stamped on every insert and update, in commit order.
    change_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    changed_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, index=True))


# Every write path (forms, imports, status, residents, relocation, the classification copy) is stamped.
track_changes(Facility, time_attribute="changed_at")


class FacilityStatusChange(RegistryBase, table=True):
    """One entry of a facility's operating-status history (the first has no ``from_status``)."""

    __tablename__ = "facility_status_change"
    __table_args__ = (Index("ix_facility_status_change_facility_at", "facility_id", "changed_at"),)

    id: str = Field(primary_key=True, max_length=36)
    facility_id: str = Field(max_length=36, foreign_key="facility.id")
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    reason: str = Field(max_length=1000)
    changed_by: str = Field(max_length=100)
    changed_by_name: str | None = Field(default=None, max_length=200)
    changed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class Resident(RegistryBase, table=True):
    """A resident on a facility's roster; moving out keeps the row (relocation must stay traceable)."""

    __tablename__ = "resident"
    __table_args__ = (Index("ix_resident_facility_active", "facility_id", "moved_out_on"),)

    id: str = Field(primary_key=True, max_length=36)
    facility_id: str = Field(max_length=36, foreign_key="facility.id")
    name: str = Field(max_length=100)
    id_number: str = Field(max_length=18, index=True)
    care_level: str = Field(max_length=20)
    guardian_name: str | None = Field(default=None, max_length=100)
    guardian_phone: str | None = Field(default=None, max_length=20)
    admitted_on: date
    over_capacity_reason: str | None = Field(default=None, max_length=1000)
    moved_out_on: date | None = None
    move_out_destination: str | None = Field(default=None, max_length=300)
    # Set by a relocation (安置); a plain move-out leaves them empty.
    move_out_kind: str | None = Field(default=None, max_length=20)
    receiving_facility_id: str | None = Field(default=None, max_length=36, foreign_key="facility.id")
    confirmed_by_name: str | None = Field(default=None, max_length=100)
    relocated_by: str | None = Field(default=None, max_length=100)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class FacilityPlanApproval(RegistryBase, table=True):
    """The registry's copy of an approved facility plan (一院一策), kept from ``plan.approved``: one row per plan,
    so one per facility and campaign (0004).

    Suspension and shutdown need one of a campaign under way that covers the facility: the facility's status
    changes only when the plan of this campaign says so (P6); an earlier campaign's plan no longer counts.
    """

    __tablename__ = "facility_plan_approval"

    plan_id: str = Field(primary_key=True, max_length=36)
    facility_id: str = Field(max_length=36, foreign_key="facility.id", index=True)
    # Null for an approval announced without one (before plans named their campaign): it never counts.
    campaign_id: str | None = Field(default=None, max_length=36)
    decision: str = Field(max_length=20)
    approved_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    approved_by_name: str | None = Field(default=None, max_length=200)


class RegistryCampaign(RegistryBase, table=True):
    """inspection's campaign as the registry needs it (when it runs, whom it covers), from its campaign events.

    Prefixed: inspection owns ``campaign`` and the embedded database holds every service's tables.
    """

    __tablename__ = "registry_campaign"

    campaign_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32)
    survey_start: date
    review_end: date
    targets: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The event the row was last taken from: an older snapshot delivered late never replaces a newer one.
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
