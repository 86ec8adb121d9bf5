"""Campaign copy (deadlines, phases, targets) and one plan per facility and campaign

The campaign sets its hazards' deadlines: the ledger's own per-campaign policy table goes (its values were a
second, competing setting). A facility gets a plan per campaign, so a later campaign can decide anew.

Revision ID: 0011_campaigns
Revises: 0010_open_api
Create Date: 2026-12-10
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011_campaigns'
down_revision: str | None = '0010_open_api'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0007 left the facility's unique constraint unnamed: SQLite's batch copy names it by this convention,
# PostgreSQL named it itself.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_unique_name() -> str:
    return "facility_plan_facility_id_key" if op.get_bind().dialect.name == "postgresql" else \
        "uq_facility_plan_facility_id"


def upgrade() -> None:
    op.create_table('rectification_campaign',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('survey_start', sa.Date(), nullable=False),
    sa.Column('survey_end', sa.Date(), nullable=False),
    sa.Column('rectification_start', sa.Date(), nullable=False),
    sa.Column('rectification_end', sa.Date(), nullable=False),
    sa.Column('review_start', sa.Date(), nullable=False),
    sa.Column('review_end', sa.Date(), nullable=False),
    sa.Column('deadline_days_major', sa.Integer(), nullable=True),
    sa.Column('deadline_days_ordinary', sa.Integer(), nullable=True),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id')
    )
    with op.batch_alter_table('rectification_campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_campaign_area_code'), ['area_code'], unique=False)

    op.drop_table('deadline_policy')

    with op.batch_alter_table('facility_plan', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_constraint(_old_unique_name(), type_='unique')
        batch_op.create_unique_constraint('uq_facility_plan_campaign', ['facility_id', 'campaign_id'])
        batch_op.create_index(batch_op.f('ix_facility_plan_facility_id'), ['facility_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('facility_plan', schema=None, naming_convention=_NAMING) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_plan_facility_id'))
        batch_op.drop_constraint('uq_facility_plan_campaign', type_='unique')
        batch_op.create_unique_constraint(_old_unique_name(), ['facility_id'])

    op.create_table('deadline_policy',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('major_days', sa.Integer(), nullable=False),
    sa.Column('ordinary_days', sa.Integer(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id')
    )

    with op.batch_alter_table('rectification_campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_campaign_area_code'))
    op.drop_table('rectification_campaign')
