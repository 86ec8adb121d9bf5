"""ledger counters: hazard_tally and hazard_due_tally, back-filled from the ledger

Statistics read counters kept by every ledger write (ledger/tally.py) instead of scanning the ledger. The back-fill
groups the entries in SQL and merges department lists that differ only in order in Python (the JSON column has no
portable sort); the result has one row per bucket, not per entry.

Revision ID: 0012_hazard_tally
Revises: 0011_campaigns
Create Date: 2026-12-08
"""
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012_hazard_tally'
down_revision: str | None = '0011_campaigns'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

def _mix(value: Any) -> str:
    departments = json.loads(value) if isinstance(value, str) else value
    return ",".join(sorted(set(departments or [])))


def _backfill() -> None:
    bind = op.get_bind()
    tally: Counter[tuple[Any, ...]] = Counter()
    for row in bind.execute(sa.text(
            "SELECT campaign_id, area_code, CAST(departments AS TEXT), state, severity, count(*) FROM hazard "
            "GROUP BY campaign_id, area_code, CAST(departments AS TEXT), state, severity")):
        tally[(row[0], row[1], _mix(row[2]), row[3], row[4])] += row[5]
    due: Counter[tuple[Any, ...]] = Counter()
    for row in bind.execute(sa.text(
            "SELECT campaign_id, area_code, CAST(departments AS TEXT), severity, deadline, count(*) FROM hazard "
            "WHERE state IN ('open', 'in_progress', 'submitted') "  # states.OPEN when this was written
            "GROUP BY campaign_id, area_code, CAST(departments AS TEXT), severity, deadline")):
        due[(row[0], row[1], _mix(row[2]), row[3], row[4])] += row[5]
    tally_table = sa.table('hazard_tally', *(sa.column(name) for name in (
        'campaign_id', 'area_code', 'departments', 'state', 'severity', 'hazards')))
    due_table = sa.table('hazard_due_tally', *(sa.column(name) for name in (
        'campaign_id', 'area_code', 'departments', 'severity', 'deadline', 'hazards')))
    rows = [dict(zip(('campaign_id', 'area_code', 'departments', 'state', 'severity'), key, strict=True),
                 hazards=count) for key, count in tally.items()]
    if rows:
        op.bulk_insert(tally_table, rows)
    rows = [dict(zip(('campaign_id', 'area_code', 'departments', 'severity', 'deadline'), key, strict=True),
                 hazards=count) for key, count in due.items()]
    for start in range(0, len(rows), 10_000):
        op.bulk_insert(due_table, rows[start:start + 10_000])


def upgrade() -> None:
    op.create_table('hazard_tally',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('departments', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('hazards', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id', 'area_code', 'departments', 'state', 'severity')
    )
    op.create_table('hazard_due_tally',
    sa.Column('campaign_id', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('area_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('departments', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('hazards', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('campaign_id', 'area_code', 'departments', 'severity', 'deadline')
    )
    with op.batch_alter_table('hazard_due_tally', schema=None) as batch_op:
        batch_op.create_index('ix_hazard_due_tally_deadline', ['deadline', 'campaign_id', 'area_code', 'departments',
                                                               'severity', 'hazards'], unique=False)
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table('hazard_due_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_due_tally_deadline')
    op.drop_table('hazard_due_tally')
    op.drop_table('hazard_tally')
