"""Tables owned by the rectification service (its own metadata and Alembic history)."""

from datetime import datetime

from sqlalchemy import Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from eldersafe_common.db import UtcDateTime

rectification_registry = registry()


class RectificationBase(SQLModel, registry=rectification_registry):
    pass


class RectificationFacility(RectificationBase, table=True):
    """A facility as rectification needs it (who answers for it), kept from registry events."""

    __tablename__ = "rectification_facility"

    facility_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32, index=True)
    manager: str | None = Field(default=None, max_length=100)
    manager_phone: str | None = Field(default=None, max_length=20)
    status: str = Field(max_length=20)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


from .ledger.models import DeadlineExtension, DeadlinePolicy, Hazard, HazardEvidence, HazardHistory  # noqa: E402
from .supervision.models import SupervisionCounter, SupervisionOrder  # noqa: E402

__all__ = [
    "DeadlineExtension", "DeadlinePolicy", "Hazard", "HazardEvidence", "HazardHistory", "RectificationBase",
    "RectificationFacility", "SupervisionCounter", "SupervisionOrder", "rectification_registry",
]
