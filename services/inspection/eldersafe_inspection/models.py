"""Tables owned by the inspection service (its own metadata and Alembic history)."""

from datetime import datetime

from sqlalchemy import Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from eldersafe_common.db import UtcDateTime

inspection_registry = registry()


class InspectionBase(SQLModel, registry=inspection_registry):
    pass


class InspectionTarget(InspectionBase, table=True):
    """A facility as inspections need it, kept from registry events (the registry owns the facility)."""

    __tablename__ = "inspection_target"

    facility_id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    # For the public tip form's facility search (name or address); "" until the registry's next snapshot.
    address: str = Field(default="", max_length=300)
    area_code: str = Field(max_length=32, index=True)
    ownership: str = Field(max_length=20)
    licensed_beds: int
    residents_count: int
    status: str = Field(max_length=20)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


# Every domain's tables must be imported here so that Alembic and the architecture test see the whole
# metadata; the imports sit at the bottom because the domain models import InspectionBase from here.
from .accounts import models as _accounts  # noqa: E402,F401
from .campaigns import models as _campaigns  # noqa: E402,F401
from .checklists import models as _checklists  # noqa: E402,F401
from .classification import models as _classification  # noqa: E402,F401
from .inspections import models as _inspections  # noqa: E402,F401
from .ledger import models as _ledger  # noqa: E402,F401
from .photos import models as _photos  # noqa: E402,F401
from .rewards import models as _rewards  # noqa: E402,F401
from .tasks import models as _tasks  # noqa: E402,F401
from .tips import models as _tips  # noqa: E402,F401
from .tips import numbering as _tip_numbering  # noqa: E402,F401
