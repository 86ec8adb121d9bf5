"""contacts, hazard and order copies, rules, settings, calendar overrides and the scheduler lock

Revision ID: 0003_ladders
Revises: 0002_delivery
Create Date: 2026-11-30 01:00:00.000000
"""
from collections.abc import Sequence

revision: str = '0003_ladders'
down_revision: str | None = '0002_delivery'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
