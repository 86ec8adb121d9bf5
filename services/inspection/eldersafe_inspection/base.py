"""The inspection service's declarative base: every table of the service is a subclass, in its own registry
(its own metadata and Alembic history). Domains import this; ``metadata.py`` collects their tables."""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

inspection_registry = registry()


class InspectionBase(SQLModel, registry=inspection_registry):
    pass
