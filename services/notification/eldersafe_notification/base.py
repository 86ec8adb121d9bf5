"""The declarative base of every table this service owns (its own registry, so its own metadata)."""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

notification_registry = registry()


class NotificationBase(SQLModel, registry=notification_registry):
    pass
