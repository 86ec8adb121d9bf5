"""facility_plan, plan milestones and relocation records (一院一策, 安置)

Revision ID: 0007_plans
Revises: 0006_hazard_departments
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007_plans'
down_revision: str | None = '0006_hazard_departments'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('rectification_facility', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('licensed_beds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('residents_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('classification', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('classified_campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True))
        batch_op.add_column(sa.Column('classified_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('facility_plan',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('facility_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('facility_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('measures', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('milestones', sa.JSON(), nullable=False),
    sa.Column('relocation_plan', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('cooperation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('support_measures', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('enforcement_measures', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('approved_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approval_note', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
    sa.Column('relocation_completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('created_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('facility_id')
    )
    with op.batch_alter_table('facility_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_plan_area_code'), ['area_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_facility_plan_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facility_plan_state'), ['state'], unique=False)

    op.create_table('rectification_relocation',
    sa.Column('resident_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('facility_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('id_number', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('care_level', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('destination_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('receiving_facility_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('receiving_facility_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('receiving_resident_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('confirmed_by_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('relocated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('relocated_by_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('resident_id')
    )
    with op.batch_alter_table('rectification_relocation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_relocation_facility_id'), ['facility_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rectification_relocation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_relocation_facility_id'))
    op.drop_table('rectification_relocation')
    with op.batch_alter_table('facility_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_plan_state'))
        batch_op.drop_index(batch_op.f('ix_facility_plan_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_facility_plan_area_code'))
    op.drop_table('facility_plan')
    with op.batch_alter_table('rectification_facility', schema=None) as batch_op:
        for column in ('classified_at', 'classified_campaign_id', 'classification', 'residents_count',
                       'licensed_beds', 'longitude', 'latitude'):
            batch_op.drop_column(column)
