"""the reward custodian becomes a role of its own

Revision ID: 0002_reward_custodian
Revises: 0001_gateway
Create Date: 2026-11-30

Accounts created while the custodian was a civil-affairs position move to role ``reward_custodian`` (no
department), so that they keep paying rewards and lose civil affairs' other powers. Their next token (login or
refresh, both signed from the account row) carries the new role. No ``account.updated`` event is published: the
notification service's copy only matters for department heads, which a custodian never is.
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0002_reward_custodian'
down_revision: str | None = '0001_gateway'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("UPDATE account SET role = 'reward_custodian', department = NULL "
               "WHERE role = 'civil_affairs' AND position = 'custodian'")


def downgrade() -> None:
    op.execute("UPDATE account SET role = 'civil_affairs', department = 'civil_affairs' "
               "WHERE role = 'reward_custodian'")
