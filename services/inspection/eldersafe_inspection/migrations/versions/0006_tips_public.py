"""tips: public intake (facility address for the public search)

Revision ID: 0006_tips_public
Revises: 0005_tips
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006_tips_public'
down_revision: str | None = '0005_tips'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing targets get "" and their address with the registry's next facility.updated snapshot.
    with op.batch_alter_table('inspection_target') as batch:
        batch.add_column(sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False,
                                   server_default=''))
    op.create_table('tip_counter',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )


def downgrade() -> None:
    op.drop_table('tip_counter')
    with op.batch_alter_table('inspection_target') as batch:
        batch.drop_column('address')
