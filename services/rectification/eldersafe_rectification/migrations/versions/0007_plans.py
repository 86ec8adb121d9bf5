"""facility_plan, plan milestones and relocation records (一院一策, 安置)

Revision ID: 0007_plans
Revises: 0006_hazard_departments
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision: str = '0007_plans'
down_revision: str | None = '0006_hazard_departments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
