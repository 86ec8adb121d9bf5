"""tips: triage and the tip check

Revision ID: 0007_tips_triage
Revises: 0006_tips_public
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision: str = '0007_tips_triage'
down_revision: str | None = '0006_tips_public'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
