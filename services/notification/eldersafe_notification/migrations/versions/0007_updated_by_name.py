"""rules, settings and calendar days keep the name of who changed them

Revision ID: 0007_updated_by_name
Revises: 0006_campaigns
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007_updated_by_name'
down_revision: str | None = '0006_campaigns'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ('notification_rule', 'notification_settings', 'calendar_day')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('updated_by_name', sqlmodel.sql.sqltypes.AutoString(length=100),
                                          nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('updated_by_name')
