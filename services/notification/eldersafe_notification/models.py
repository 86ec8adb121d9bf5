"""Tables owned by the notification service (its own metadata and Alembic history)."""

from datetime import datetime

from sqlalchemy import Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from eldersafe_common.db import UtcDateTime

notification_registry = registry()


class NotificationBase(SQLModel, registry=notification_registry):
    pass


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


# Imported as modules, not names: a process that starts from a domain module reaches this file while that
# domain's models module is still half-initialised.
from .campaigns import models as _campaigns  # noqa: E402,F401
from .contacts import models as _contacts  # noqa: E402,F401
from .delivery import models as _delivery  # noqa: E402,F401
from .escalation import models as _escalation  # noqa: E402,F401
from .hazards import models as _hazards  # noqa: E402,F401
from .rules import models as _rules  # noqa: E402,F401
from .webhooks import models as _webhooks  # noqa: E402,F401
