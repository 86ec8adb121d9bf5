"""tips: public intake (facility address for the public search)

Revision ID: 0006_tips_public
Revises: 0005_tips
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision: str = '0006_tips_public'
down_revision: str | None = '0005_tips'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
