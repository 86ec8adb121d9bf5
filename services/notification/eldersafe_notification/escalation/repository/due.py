"""The due set of one hazard stage: which hazards the stage has reached, kept in a temporary table for the
batch's other statements, and the ladder mark moved over it at the end.

The set holds (id, event_id) of each hazard, so the notifications, the events and the ladder mark all concern
the very rows that were found due (a hazard changed since has another event_id and is left to the next tick).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    Insert,
    MetaData,
    Select,
    String,
    Table,
    Update,
    and_,
    delete,
    insert,
    not_,
    select,
    true,
    update,
)
from sqlmodel import col

from ...contacts.models import NotificationFacility
from ...hazards.models import OPEN_STATES, NotificationHazard, NotificationHazardItem
from ...hazards.repository import finding_column, item_column
from ...rules.models import ANY, NotificationRule
from ..plan import HazardStage

H = NotificationHazard
F = NotificationFacility
ITEM = NotificationHazardItem
AnySelect = Select[*tuple[Any, ...]]

# Per connection, never shared, emptied for each batch.
DUE = Table("tick_due", MetaData(), Column("id", String(36), primary_key=True),
            Column("event_id", BigInteger, nullable=False), prefixes=["TEMPORARY"])
DUE_DDL = "CREATE TEMPORARY TABLE IF NOT EXISTS tick_due (id VARCHAR(36) PRIMARY KEY, event_id BIGINT NOT NULL)"


def _matches(rule: NotificationRule) -> ColumnElement[bool]:
    terms: list[ColumnElement[bool]] = []
    if rule.campaign_id != ANY:
        terms.append(col(H.campaign_id) == rule.campaign_id)
    if rule.severity != ANY:
        terms.append(col(H.severity) == rule.severity)
    return and_(true(), *terms)


def variant_filter(stage: HazardStage) -> ColumnElement[bool]:
    """Hazards whose most specific ladder is the stage's: its variant's, and no stronger variant's."""
    return and_(_matches(stage.rule), *(not_(_matches(other)) for other in stage.stronger))


def due(stage: HazardStage, *, limit: int) -> AnySelect:
    """Ids (and the event they reflect) of the hazards due, earliest deadline first, at most ``limit``.

    The marks the stage follows on as an IN list let the (fired_offset, deadline) index read only the due rows,
    where a range would read every hazard not yet past the stage.
    """
    plan = stage.stage
    return (select(col(H.id), col(H.event_id))
            .where(col(H.fired_offset).in_(stage.marks_below) if stage.marks_below
                   else col(H.fired_offset) < plan.mark, col(H.deadline) <= plan.cutoff,
                   col(H.state).in_(OPEN_STATES), variant_filter(stage))
            .order_by(col(H.deadline), col(H.id)).limit(limit))


def empty(connection: Connection) -> None:
    """Create the temporary table if this connection has none yet, and empty it."""
    connection.exec_driver_sql(DUE_DDL)
    if connection.dialect.name == "postgresql":
        # The temporary table lives as long as the pooled connection: emptied by DELETE it keeps growing, and
        # PostgreSQL, sizing an unanalysed table by its pages, came to plan the INSERT as a scan of every
        # hazard (~1 s a batch instead of ~0.1 s, bench/escalation). TRUNCATE, then statistics of the batch.
        connection.exec_driver_sql("TRUNCATE tick_due")
    else:
        connection.execute(delete(DUE))


def fill(stage: HazardStage, *, limit: int) -> Insert:
    """INSERT INTO tick_due the stage's due hazards."""
    return insert(DUE).from_select(["id", "event_id"], due(stage, limit=limit))


def analyze(connection: Connection) -> None:
    """Statistics of the filled set, so that PostgreSQL plans the next statements from it (SQLite: nothing)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("ANALYZE tick_due")


def due_event() -> Any:
    """The event_id the hazard had when it was found due."""
    return select(DUE.c.event_id).where(DUE.c.id == col(H.id)).scalar_subquery()


def in_due_set() -> list[ColumnElement[bool]]:
    """The hazard is in the due set and unchanged since.

    An IN on the primary key, which both planners drive from the (small) due set; a join could be planned the
    other way round (a scan of every hazard probing the due set), since the temporary table has no statistics.
    """
    return [col(H.id).in_(select(DUE.c.id)), col(H.event_id) == due_event()]


def hazard_details() -> AnySelect:
    """The due hazards with what the message and the event name: facility, finding, deadline, severity, area."""
    return (select(col(H.id), col(H.event_id), col(H.deadline), col(H.severity), col(H.area_code),
                   col(H.facility_id), col(F.name).label("facility_name"), item_column().label("item_text"),
                   finding_column().label("description"))
            .select_from(H).where(*in_due_set())
            .outerjoin(F, col(F.id) == col(H.facility_id))
            .outerjoin(ITEM, col(ITEM.hazard_key) == col(H.hazard_key)))


def mark_due(mark: int) -> Update:
    """Move the due hazards' ladder to ``mark``: only rows unchanged since found due (same event_id)."""
    return update(H).where(*in_due_set(), col(H.fired_offset) < mark).values(fired_offset=mark)
