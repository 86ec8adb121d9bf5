"""open API: campaign change sequence

Revision ID: 0009_open_api
Revises: 0008_rewards
Create Date: 2026-11-30
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_open_api'
down_revision: str | None = '0008_rewards'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        # NOT NULL with a default, added in place: making the column NOT NULL afterwards would rebuild the
        # table on SQLite, whose DROP TABLE fails while other tables' rows reference it.
        batch_op.add_column(sa.Column('change_seq', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
    # Existing campaigns enter the feed in the order they were last updated.
    campaign = sa.table('campaign', sa.column('id', sa.String), sa.column('updated_at', sa.DateTime(timezone=True)),
                        sa.column('change_seq', sa.BigInteger), sa.column('changed_at', sa.DateTime(timezone=True)))
    bind = op.get_bind()
    rows = bind.execute(sa.select(campaign.c.id, campaign.c.updated_at)
                        .order_by(campaign.c.updated_at, campaign.c.id)).all()
    for seq, (campaign_id, updated_at) in enumerate(rows, start=1):
        bind.execute(campaign.update().where(campaign.c.id == campaign_id)
                     .values(change_seq=seq, changed_at=updated_at))
    if bind.dialect.name != 'sqlite':  # SQLite keeps the harmless default (dropping it rebuilds the table)
        op.alter_column('campaign', 'change_seq', existing_type=sa.BigInteger(), server_default=None)
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_change_seq', ['change_seq'], unique=True)
        batch_op.create_index(batch_op.f('ix_campaign_changed_at'), ['changed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_changed_at'))
        batch_op.drop_index('ix_campaign_change_seq')
        batch_op.drop_column('changed_at')
        batch_op.drop_column('change_seq')
