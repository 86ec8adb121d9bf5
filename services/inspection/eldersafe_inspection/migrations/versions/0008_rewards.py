"""tip rewards

Revision ID: 0008_rewards
Revises: 0007_tips_triage
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision: str = '0008_rewards'
down_revision: str | None = '0007_tips_triage'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
