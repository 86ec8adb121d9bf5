"""the ledger's states and the accounts as copies; the not_inspected rule; acknowledgements cleared by changes

Revision ID: 0010_ledger_accounts
Revises: 0009_open_api
Create Date: 2026-12-08
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010_ledger_accounts'
down_revision: str | None = '0009_open_api'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_INSPECTED_RULE = {
    'id': '6f1c0b9e-0003-4c1a-9a01-000000000080', 'priority': 80, 'condition': 'not_inspected',
    'class': 'not_inspected', 'reason_zh': '尚未完成检查的部门：{departments}',
    'reason_en': 'Not yet inspected by: {departments}', 'active': True,
}


def upgrade() -> None:
    op.create_table('inspection_hazard',
    sa.Column('hazard_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('hazard_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('facility_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('hazard_id')
    )
    with op.batch_alter_table('inspection_hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_hazard_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_hazard_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_hazard_hazard_key'), ['hazard_key'], unique=False)

    op.create_table('inspection_hazard_key',
    sa.Column('hazard_key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('hazard_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.PrimaryKeyConstraint('hazard_key')
    )
    with op.batch_alter_table('inspection_hazard_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_hazard_key_hazard_id'), ['hazard_id'], unique=False)

    op.create_table('inspection_account',
    sa.Column('account_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('area', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('facility', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_id')
    )
    with op.batch_alter_table('inspection_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_account_department'), ['department'], unique=False)

    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledgement_cleared_at', sa.DateTime(timezone=True), nullable=True))

    # A facility not yet inspected by every department of its campaign is suggested not_inspected, never pass
    # (issue 11). Added unless a district already uses the condition or the priority.
    rule = sa.table('classification_rule', *(sa.column(name) for name in NOT_INSPECTED_RULE))
    bind = op.get_bind()
    taken = bind.execute(sa.select(sa.func.count()).select_from(rule).where(sa.or_(
        rule.c.condition == 'not_inspected', rule.c.priority == NOT_INSPECTED_RULE['priority']))).scalar_one()
    if not taken:
        op.bulk_insert(rule, [NOT_INSPECTED_RULE])


def downgrade() -> None:
    rule = sa.table('classification_rule', sa.column('id'))
    op.execute(rule.delete().where(rule.c.id == NOT_INSPECTED_RULE['id']))
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_column('acknowledgement_cleared_at')
    with op.batch_alter_table('inspection_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_account_department'))
    op.drop_table('inspection_account')
    with op.batch_alter_table('inspection_hazard_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_hazard_key_hazard_id'))
    op.drop_table('inspection_hazard_key')
    with op.batch_alter_table('inspection_hazard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_hazard_hazard_key'))
        batch_op.drop_index(batch_op.f('ix_inspection_hazard_facility_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_hazard_campaign_id'))
    op.drop_table('inspection_hazard')
