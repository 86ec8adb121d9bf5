"""open API: hazard change sequence

Revision ID: 0010_open_api
Revises: 0009_hazard_escalation
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision: str = '0010_open_api'
down_revision: str | None = '0009_hazard_escalation'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Entries written before this revision share 0: the first sync reads them in facility order.
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_seq', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_hazard_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_hazard_facility_change_seq', ['facility_id', 'change_seq'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_facility_change_seq')
        batch_op.drop_index(batch_op.f('ix_hazard_change_seq'))
        batch_op.drop_column('change_seq')
