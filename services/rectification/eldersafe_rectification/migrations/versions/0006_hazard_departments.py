"""hazard_department: one row per (hazard, department) so the ledger filters by department on an index

Revision ID: 0006_hazard_departments
Revises: 0005_hazard_found_by_name
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006_hazard_departments'
down_revision: str | None = '0005_hazard_found_by_name'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
WIDENED = {
    'ix_hazard_found_at': ['found_at', 'id', 'state', 'deadline', 'severity', 'area_code'],
    'ix_hazard_updated_at': ['updated_at', 'id', 'state', 'deadline', 'severity', 'area_code'],
    'ix_hazard_area_deadline': ['area_code', 'deadline', 'id', 'state', 'severity', 'facility_id', 'campaign_id',
                                'found_at', 'updated_at'],
    'ix_hazard_deadline': ['deadline', 'id', 'found_at', 'updated_at', 'state', 'severity', 'area_code'],
}
BEFORE = {
    'ix_hazard_found_at': ['found_at', 'id'],
    'ix_hazard_updated_at': ['updated_at', 'id'],
    'ix_hazard_area_deadline': ['area_code', 'deadline', 'id'],
    'ix_hazard_deadline': ['deadline', 'id'],
}


def upgrade() -> None:
    op.create_table('hazard_department',
    sa.Column('hazard_id', sa.String(length=36), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hazard_id', 'department')
    )
    _backfill()
    with op.batch_alter_table('hazard_department', schema=None) as batch_op:
        batch_op.create_index('ix_hazard_department_filter', ['department', 'severity', 'area_code', 'hazard_id'],
                              unique=False)
    # The ledger page's walks and area ranges test the common filters on index entries (bench/ledger README).
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        for name, columns in WIDENED.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)


def _backfill() -> None:
    """Existing hazards' department lists as rows, in id order and batches (the JSON is read by SQLAlchemy on
    both SQLite and PostgreSQL, so no dialect's JSON functions are needed)."""
    connection = op.get_bind()
    hazard = sa.table('hazard', sa.column('id', sa.String), sa.column('departments', sa.JSON),
                      sa.column('severity', sa.String), sa.column('area_code', sa.String))
    target = sa.table('hazard_department', sa.column('hazard_id', sa.String), sa.column('department', sa.String),
                      sa.column('severity', sa.String), sa.column('area_code', sa.String))
    last = ''
    while True:
        rows = connection.execute(sa.select(hazard.c.id, hazard.c.departments, hazard.c.severity,
                                            hazard.c.area_code).where(hazard.c.id > last)
                                  .order_by(hazard.c.id).limit(BATCH)).all()
        if not rows:
            return
        values = [{'hazard_id': row.id, 'department': department, 'severity': row.severity,
                   'area_code': row.area_code} for row in rows for department in dict.fromkeys(row.departments or [])]
        if values:
            connection.execute(target.insert(), values)
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        for name, columns in BEFORE.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns, unique=False)
    with op.batch_alter_table('hazard_department', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_department_filter')
    op.drop_table('hazard_department')
