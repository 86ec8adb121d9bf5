"""relocation (安置): how and by whom a resident moved out; the copy of each facility's approved plan

Revision ID: 0002_relocation
Revises: 0001_registry
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002_relocation'
down_revision: str | None = '0001_registry'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.add_column(sa.Column('move_out_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('receiving_facility_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('relocated_by', sa.String(length=100), nullable=True))
        batch_op.create_foreign_key('fk_resident_receiving_facility_id', 'facility',
                                    ['receiving_facility_id'], ['id'])

    op.create_table('facility_plan_approval',
    sa.Column('facility_id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_name', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.PrimaryKeyConstraint('facility_id')
    )


def downgrade() -> None:
    op.drop_table('facility_plan_approval')
    with op.batch_alter_table('resident', schema=None) as batch_op:
        batch_op.drop_constraint('fk_resident_receiving_facility_id', type_='foreignkey')
        batch_op.drop_column('relocated_by')
        batch_op.drop_column('confirmed_by_name')
        batch_op.drop_column('receiving_facility_id')
        batch_op.drop_column('move_out_kind')
