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
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change_seq', sa.BigInteger(), server_default='0', nullable=False))
    # Entries already in the ledger are numbered 1..n in the order they last changed: a feed reads after its
    # position (> 0), so entries left at 0 would never reach a client.
    op.execute(
        "UPDATE hazard SET change_seq = numbered.n FROM "
        "(SELECT id, row_number() OVER (ORDER BY updated_at, id) AS n FROM hazard) AS numbered "
        "WHERE hazard.id = numbered.id")
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_change_seq'), ['change_seq'], unique=False)
        batch_op.create_index('ix_hazard_facility_change_seq', ['facility_id', 'change_seq', 'area_code'],
                              unique=False, sqlite_where=sa.text('change_seq IS NOT NULL'),
                              postgresql_where=sa.text('change_seq IS NOT NULL'))


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_facility_change_seq')
        batch_op.drop_index(batch_op.f('ix_hazard_change_seq'))
        batch_op.drop_column('change_seq')
