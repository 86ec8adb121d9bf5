"""hazard.found_by_name: who found the hazard, by name (the ledger showed only an account id)

Revision ID: 0005_hazard_found_by_name
Revises: 0004_ledger_indexes
Create Date: 2026-11-29
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_hazard_found_by_name'
down_revision: str | None = '0004_ledger_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('found_by_name', sa.String(length=100), nullable=True))
    # Entries made before this column existed: the checker defaults to the inspector who found it.
    op.execute("UPDATE hazard SET found_by_name = checker_name WHERE found_by_name IS NULL")


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_column('found_by_name')
