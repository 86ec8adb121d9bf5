"""ledger indexes: the ledger page's common filters with the default sort

Revision ID: 0004_ledger_indexes
Revises: 0003_supervision
Create Date: 2026-11-29 23:35:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0004_ledger_indexes'
down_revision: str | None = '0003_supervision'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index('ix_hazard_facility_deadline', ['facility_id', 'deadline'], unique=False)
        batch_op.create_index('ix_hazard_campaign_state_deadline', ['campaign_id', 'state', 'deadline'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_campaign_state_deadline')
        batch_op.drop_index('ix_hazard_facility_deadline')
