"""notification_campaign, notification_coverage, phase and digest runs, hazard intake

Revision ID: 0006_campaigns
Revises: 0005_tick_indexes
Create Date: 2026-12-01 01:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006_campaigns'
down_revision: str | None = '0005_tick_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notification_campaign',
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('survey_start', sa.Date(), nullable=False),
    sa.Column('survey_end', sa.Date(), nullable=False),
    sa.Column('rectification_start', sa.Date(), nullable=False),
    sa.Column('rectification_end', sa.Date(), nullable=False),
    sa.Column('review_start', sa.Date(), nullable=False),
    sa.Column('review_end', sa.Date(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notification_campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_campaign_review_end'), ['review_end'], unique=False)

    op.create_table('notification_coverage',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('facility_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id', 'facility_id', 'department')
    )
    op.create_table('notification_digest_run',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('account_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('cut', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enqueued', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'department', 'account_id')
    )
    with op.batch_alter_table('notification_digest_run', schema=None) as batch_op:
        batch_op.create_index('ix_notification_digest_run_head', ['account_id', 'cut'], unique=False)

    op.create_table('notification_hazard_intake',
    sa.Column('hazard_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('hazard_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('facility_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('hazard_id', 'department')
    )
    with op.batch_alter_table('notification_hazard_intake', schema=None) as batch_op:
        batch_op.create_index('ix_notification_hazard_intake_received', ['department', 'received_at'], unique=False)

    op.create_table('notification_phase_run',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('phase', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('ran_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('enqueued', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id', 'phase', 'stage', 'end_date')
    )


def downgrade() -> None:
    op.drop_table('notification_phase_run')
    with op.batch_alter_table('notification_hazard_intake', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_hazard_intake_received')

    op.drop_table('notification_hazard_intake')
    with op.batch_alter_table('notification_digest_run', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_digest_run_head')

    op.drop_table('notification_digest_run')
    op.drop_table('notification_coverage')
    with op.batch_alter_table('notification_campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_campaign_review_end'))

    op.drop_table('notification_campaign')
