"""The declarative base of every table this service owns: its own registry, so its own metadata and Alembic history.

Each domain's ``models.py`` derives from :class:`RectificationBase`; ``metadata.py`` collects them for Alembic.
"""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

rectification_registry = registry()


class RectificationBase(SQLModel, registry=rectification_registry):
    pass
