"""indexes the escalation tick's plans need: none so far (EXPLAIN on SQLite and PostgreSQL: the due set reads
ix_notification_hazard_ladder, recipients primary keys and ix_notification_contact_post, the undeliverable
attempts ix_notification_due); the revision fixes the chain 0004 → 0005 → 0006

Revision ID: 0005_tick_indexes
Revises: 0004_webhooks
Create Date: 2026-12-01 00:00:00.000000
"""
from collections.abc import Sequence

revision: str = '0005_tick_indexes'
down_revision: str | None = '0004_webhooks'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
