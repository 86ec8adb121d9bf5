"""Campaign copy and approved plans per campaign: closing a facility needs this campaign's plan

Revision ID: 0004_campaign_plans
Revises: 0003_open_api
Create Date: 2026-12-10
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_campaign_plans'
down_revision: str | None = '0003_open_api'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_COLUMNS = ('facility_id', 'plan_id', 'decision', 'approved_at', 'approved_by_name')


def _approvals() -> sa.TableClause:
    return sa.table('facility_plan_approval', *(sa.column(name) for name in (*_OLD_COLUMNS, 'campaign_id')))


def upgrade() -> None:
    op.create_table('registry_campaign',
    sa.Column('campaign_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('area_code', sa.String(length=32), nullable=False),
    sa.Column('survey_start', sa.Date(), nullable=False),
    sa.Column('review_end', sa.Date(), nullable=False),
    sa.Column('targets', sa.JSON(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id')
    )
    # One row per plan instead of per facility: the table is small (one row per approved plan), so its rows are
    # read, the table made anew and the rows put back (the key changes; nothing references the table).
    bind = op.get_bind()
    old = sa.table('facility_plan_approval', *(sa.column(name) for name in _OLD_COLUMNS))
    rows = [dict(row._mapping) for row in bind.execute(sa.select(old))]
    op.drop_table('facility_plan_approval')
    op.create_table('facility_plan_approval',
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('facility_id', sa.String(length=36), nullable=False),
    sa.Column('campaign_id', sa.String(length=36), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_name', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.PrimaryKeyConstraint('plan_id')
    )
    with op.batch_alter_table('facility_plan_approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_plan_approval_facility_id'), ['facility_id'], unique=False)
    if rows:
        # Approvals kept before name no campaign, so none of them counts for a campaign under way.
        op.bulk_insert(_approvals(), [{**row, 'campaign_id': None} for row in rows])


def downgrade() -> None:
    bind = op.get_bind()
    approvals = _approvals()
    latest: dict[str, dict[str, object]] = {}
    for row in bind.execute(sa.select(approvals).order_by(approvals.c.approved_at)):
        latest[row.facility_id] = {name: getattr(row, name) for name in _OLD_COLUMNS}
    with op.batch_alter_table('facility_plan_approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_plan_approval_facility_id'))
    op.drop_table('facility_plan_approval')
    op.create_table('facility_plan_approval',
    sa.Column('facility_id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_name', sa.String(length=200), nullable=True),
    sa.ForeignKeyConstraint(['facility_id'], ['facility.id'], ),
    sa.PrimaryKeyConstraint('facility_id')
    )
    if latest:
        op.bulk_insert(sa.table('facility_plan_approval', *(sa.column(name) for name in _OLD_COLUMNS)),
                       list(latest.values()))
    op.drop_table('registry_campaign')
