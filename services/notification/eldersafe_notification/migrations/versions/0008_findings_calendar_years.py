"""issue 11: hazard copies keep the finding's words; facility managers hear their hazards' reminders by default;
calendar_year records the years whose whole arrangement an admin entered

Revision ID: 0008_findings_calendar_years
Revises: 0007_updated_by_name
Create Date: 2026-12-02
"""
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008_findings_calendar_years'
down_revision: str | None = '0007_updated_by_name'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The hazard ladder's reminders that the facility manager's account now gets by default (frozen here as data).
MANAGER_STAGES = ("remind_3d", "remind_1d", "due_day")
RULES = sa.table("notification_rule", sa.column("id"), sa.column("rule_key"), sa.column("severity"),
                 sa.column("campaign_id"), sa.column("stages", sa.JSON()), sa.column("updated_by"))


def _with_manager(stages: list[dict[str, Any]], *, add: bool) -> list[dict[str, Any]]:
    changed = []
    for stage in stages:
        recipients = [kind for kind in stage["recipients"] if kind != "facility_manager"]
        if add and stage["stage"] in MANAGER_STAGES:
            recipients.append("facility_manager")
        changed.append({**stage, "recipients": recipients})
    return changed


def _default_ladder(*, add: bool) -> None:
    # Only the seeded default, and only while no admin has changed it: an admin's own ladder is their word.
    connection = op.get_bind()
    rows = connection.execute(sa.select(RULES.c.id, RULES.c.stages).where(
        RULES.c.rule_key == "hazard.deadline", RULES.c.severity == "", RULES.c.campaign_id == "",
        RULES.c.updated_by.is_(None))).all()
    for rule_id, stages in rows:
        connection.execute(RULES.update().where(RULES.c.id == rule_id)
                           .values(stages=_with_manager(list(stages), add=add)))


def upgrade() -> None:
    with op.batch_alter_table('notification_hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True))
        batch_op.add_column(sa.Column('item_text', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True))
    with op.batch_alter_table('notification_hazard_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True))
    op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('holidays', sa.Integer(), nullable=False),
    sa.Column('workdays', sa.Integer(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('updated_by_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )
    _default_ladder(add=True)


def downgrade() -> None:
    _default_ladder(add=False)
    op.drop_table('calendar_year')
    with op.batch_alter_table('notification_hazard_item', schema=None) as batch_op:
        batch_op.drop_column('description')
    with op.batch_alter_table('notification_hazard', schema=None) as batch_op:
        batch_op.drop_column('item_text')
        batch_op.drop_column('description')
