"""follow-up policy per campaign and the follow-ups requested (回头看)

Revision ID: 0008_follow_ups
Revises: 0007_plans
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_follow_ups'
down_revision: str | None = '0007_plans'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'follow_up_policy',
        sa.Column('campaign_id', sa.String(length=36), nullable=False),
        sa.Column('delay_days', sa.Integer(), nullable=False),
        sa.Column('monthly_sample_percent', sa.Integer(), nullable=False),
        sa.Column('updated_by', sa.String(length=64), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('campaign_id'),
    )
    op.create_table(
        'follow_up',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('campaign_id', sa.String(length=36), nullable=False),
        sa.Column('facility_id', sa.String(length=36), nullable=False),
        sa.Column('facility_name', sa.String(length=200), nullable=True),
        sa.Column('area_code', sa.String(length=32), nullable=False),
        sa.Column('departments', sa.JSON(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('due_date', sa.Date(), nullable=False),
        sa.Column('sample_month', sa.String(length=7), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('campaign_id', 'facility_id', 'reason', 'due_date', name='uq_follow_up_once'),
    )
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index('ix_follow_up_campaign_requested', ['campaign_id', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_area_code'), ['area_code'], unique=False)
    op.create_table(
        'follow_up_sample_run',
        sa.Column('campaign_id', sa.String(length=36), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('eligible', sa.Integer(), nullable=False),
        sa.Column('drawn', sa.Integer(), nullable=False),
        sa.Column('ran_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('campaign_id', 'month'),
    )


def downgrade() -> None:
    op.drop_table('follow_up_sample_run')
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_area_code'))
        batch_op.drop_index(batch_op.f('ix_follow_up_facility_id'))
        batch_op.drop_index('ix_follow_up_campaign_requested')
    op.drop_table('follow_up')
    op.drop_table('follow_up_policy')
