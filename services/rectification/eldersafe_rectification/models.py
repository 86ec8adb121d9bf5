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
    # 0007_plans: what receiving-facility suggestions need (where it is, free beds, its latest class).
    latitude: float | None = None
    longitude: float | None = None
    licensed_beds: int | None = None
    residents_count: int | None = None
    classification: str | None = Field(default=None, max_length=16)
    classified_campaign_id: str | None = Field(default=None, max_length=36)
    classified_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


# Imported as modules, not names: a process that starts from a domain module (the worker imports
# ledger code first) reaches this file while that domain's models module is still half-initialised.
from .campaigns import models as _campaigns  # noqa: E402,F401
from .followups import models as _followups  # noqa: E402,F401
from .ledger import models as _ledger  # noqa: E402,F401
from .plans import models as _plans  # noqa: E402,F401
from .supervision import models as _supervision  # noqa: E402,F401
