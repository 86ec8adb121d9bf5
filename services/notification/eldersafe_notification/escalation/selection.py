"""The tick's queries: which hazards a stage has reached, and who is told, all selected in SQL.

A stage is due for a hazard when the hazard is open, its ladder has not passed the stage yet
(``fired_offset`` below the stage's offset) and its deadline is on or before the stage's cut-off. Recipients
come from the hazard row (responsible person), the supervisor's contact, and contacts holding a post whose
area covers the hazard's (a prefix test): heads of the hazard's departments, the community officer, the
sub-district head and the task-force leader; facility managers by facility.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Insert,
    MetaData,
    Select,
    String,
    Subquery,
    Table,
    Update,
    and_,
    false,
    func,
    insert,
    literal,
    not_,
    null,
    or_,
    select,
    true,
    union_all,
    update,
)
from sqlalchemy.orm import aliased
from sqlmodel import col

from ..contacts.models import NotificationContact, NotificationFacility
from ..hazards.models import (
    NOT_STARTED,
    OPEN_STATES,
    NotificationHazard,
    NotificationHazardDepartment,
    NotificationHazardItem,
)
from ..hazards.repository import finding_column, item_column
from ..rules.calendar import WorkingCalendar
from ..rules.models import ANY, NotificationRule

H = NotificationHazard
C = NotificationContact
F = NotificationFacility
ITEM = NotificationHazardItem
D = NotificationHazardDepartment
AnySelect = Select[*tuple[Any, ...]]

# role and position of the post each recipient kind names (department heads: the role is the department).
POSTS: dict[str, tuple[str, str]] = {
    "community_officer": ("community", "officer"),
    "subdistrict_head": ("subdistrict", "head"),
    "task_force_leader": ("task_force", "leader"),
}


def known_marks(rules: Sequence[NotificationRule]) -> list[int]:
    """Every mark a hazard can hold under ``rules``: not started, or one of their offsets."""
    return sorted({NOT_STARTED} | {int(stage["offset_days"]) for rule in rules for stage in rule.stages
                                   if stage.get("offset_days") is not None})


def _specificity(rule: NotificationRule) -> int:
    return 2 * bool(rule.campaign_id) + bool(rule.severity)


def _matches(rule: NotificationRule) -> ColumnElement[bool]:
    terms: list[ColumnElement[bool]] = []
    if rule.campaign_id != ANY:
        terms.append(col(H.campaign_id) == rule.campaign_id)
    if rule.severity != ANY:
        terms.append(col(H.severity) == rule.severity)
    return and_(true(), *terms)


def variant_filter(rule: NotificationRule, rules: Sequence[NotificationRule]) -> ColumnElement[bool]:
    """Hazards whose most specific ladder is ``rule``: campaign+severity, campaign, severity, default."""
    stronger = [other for other in rules if _specificity(other) > _specificity(rule)]
    return and_(_matches(rule), *(not_(_matches(other)) for other in stronger))


@dataclass(frozen=True)
class StageScope:
    """The hazards one stage of one ladder reaches now."""

    variant: ColumnElement[bool]
    mark: int
    cutoff: date
    limit: int
    # The values fired_offset can hold from which this stage is the next one (NOT_STARTED and the ladders'
    # offsets below ``mark``, from the ladder's previous stage on): an IN list lets the (fired_offset,
    # deadline) index read only the due rows, where a range would read every hazard not yet past the stage.
    marks_below: tuple[int, ...] = ()

    def due(self) -> AnySelect:
        """Ids (and the event they reflect) of the hazards due, earliest deadline first, at most ``limit``."""
        return (select(col(H.id), col(H.event_id))
                .where(col(H.fired_offset).in_(self.marks_below) if self.marks_below
                       else col(H.fired_offset) < self.mark, col(H.deadline) <= self.cutoff,
                       col(H.state).in_(OPEN_STATES), self.variant)
                .order_by(col(H.deadline), col(H.id)).limit(self.limit))


# The due set of the stage being handled: (id, event_id) of each hazard, so the notifications, the events and
# the ladder mark all concern the very rows that were found due (a hazard changed since has another event_id
# and is left to the next tick). A temporary table: per connection, never shared, emptied for each stage.
DUE = Table("tick_due", MetaData(), Column("id", String(36), primary_key=True),
            Column("event_id", BigInteger, nullable=False), prefixes=["TEMPORARY"])
DUE_DDL = "CREATE TEMPORARY TABLE IF NOT EXISTS tick_due (id VARCHAR(36) PRIMARY KEY, event_id BIGINT NOT NULL)"


def fill_due(scope: StageScope) -> Insert:
    """INSERT INTO tick_due the stage's due hazards."""
    return insert(DUE).from_select(["id", "event_id"], scope.due())


def hazard_details() -> AnySelect:
    """The due hazards with what the message and the event name: facility, finding, deadline, severity, area."""
    return (select(col(H.id), col(H.event_id), col(H.deadline), col(H.severity), col(H.area_code),
                   col(H.facility_id), col(F.name).label("facility_name"), item_column().label("item_text"),
                   finding_column().label("description"))
            .select_from(H).where(col(H.id).in_(select(DUE.c.id)), col(H.event_id) == _due_event())
            .outerjoin(F, col(F.id) == col(H.facility_id))
            .outerjoin(ITEM, col(ITEM.hazard_key) == col(H.hazard_key)))


def _covers(area: Any) -> ColumnElement[bool]:
    # Principal.covers in SQL: the contact's area is a prefix of the hazard's.
    return func.substr(col(H.area_code), 1, func.length(area)) == area


def _manager_has_the_phone() -> ColumnElement[bool]:
    # An enabled facility-manager account of the hazard's facility with the responsible person's phone.
    manager = aliased(NotificationContact, name="manager")
    return (select(col(manager.account_id))
            .where(col(manager.role) == "facility", col(manager.position) == "manager",
                   col(manager.facility) == col(H.facility_id), col(manager.phone) == col(H.responsible_phone),
                   col(manager.disabled) == false())
            .exists())


def recipients(kind: str, *, also: Sequence[str] = ()) -> AnySelect | None:
    """(hazard_id, key, name, phone, email, account) of one recipient kind over the due set; None when unknown.

    ``account`` is 1 for an account (every channel of the stage), 0 for a person without one (SMS only).
    ``also``: the stage's other kinds. The responsible person is usually the registry's manager, whose phone
    the facility manager's account has too: when that account is told as well, one SMS goes to the phone.
    """
    stmt: AnySelect
    if kind == "responsible":
        key = literal("person:") + col(H.responsible_name) + literal(":") + func.coalesce(col(H.responsible_phone), "")
        stmt = (select(col(H.id).label("hazard_id"), key.label("key"), col(H.responsible_name).label("name"),
                       col(H.responsible_phone).label("phone"), null().label("email"), literal(0).label("account"))
                .select_from(H).where(col(H.responsible_name).is_not(None)))
        if "facility_manager" in also:
            stmt = stmt.where(~_manager_has_the_phone())
    elif kind == "supervisor":
        stmt = (select(col(H.id).label("hazard_id"), (literal("account:") + col(H.supervisor_subject)).label("key"),
                       func.coalesce(col(C.name), col(H.supervisor_name)).label("name"), col(C.phone).label("phone"),
                       col(C.email).label("email"), literal(1).label("account"))
                .select_from(H).outerjoin(C, col(C.account_id) == col(H.supervisor_subject))
                .where(col(H.supervisor_subject).is_not(None),
                       or_(col(C.disabled).is_(None), col(C.disabled) == false())))
    else:
        stmt = (select(col(H.id).label("hazard_id"), (literal("account:") + col(C.account_id)).label("key"),
                       col(C.name).label("name"), col(C.phone).label("phone"), col(C.email).label("email"),
                       literal(1).label("account"))
                .select_from(H).where(col(C.disabled) == false()))
        if kind == "department_head":
            stmt = (stmt.join(D, col(D.hazard_id) == col(H.id))
                    .join(C, and_(col(C.role) == col(D.department), col(C.position) == "head",
                                  _covers(col(C.area)))))
        elif kind == "facility_manager":
            stmt = stmt.join(C, and_(col(C.role) == "facility", col(C.position) == "manager",
                                     col(C.facility) == col(H.facility_id)))
        elif kind in POSTS:
            role, position = POSTS[kind]
            stmt = stmt.join(C, and_(col(C.role) == role, col(C.position) == position, _covers(col(C.area))))
        else:
            return None
    # Only the due hazards: an IN on the primary key, which both planners drive from the (small) due set; a
    # join could be planned the other way round (a scan of every hazard probing the due set), since the
    # temporary table has no statistics.
    return stmt.where(col(H.id).in_(select(DUE.c.id)), col(H.event_id) == _due_event())


def recipient_union(kinds: Sequence[str]) -> Subquery | None:
    """Every recipient of the stage's kinds over the due set, as one UNION ALL; None when no kind is known."""
    parts = [stmt for stmt in (recipients(kind, also=kinds) for kind in kinds) if stmt is not None]
    if not parts:
        return None
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("r")


def _due_event() -> Any:
    # The event_id the hazard had when it was found due.
    return select(DUE.c.event_id).where(DUE.c.id == col(H.id)).scalar_subquery()


def mark_due(mark: int) -> Update:
    """Move the due hazards' ladder to ``mark``: only rows unchanged since found due (same event_id)."""
    return (update(H).where(col(H.id).in_(select(DUE.c.id)), col(H.event_id) == _due_event(),
                            col(H.fired_offset) < mark)
            .values(fired_offset=mark))


def later_reminder_cutoff(stages: list[dict[str, Any]], index: int, *, calendar: WorkingCalendar,
                          today: date) -> date | None:
    """For a reminder stage, the deadline up to which the ladder's next reminder is due too (None: none follows).

    Only the latest due reminder is sent ("3 days left" a day before is wrong): hazards and orders due for the
    next one skip this one, while their ladder mark still passes both. Offsets are strictly increasing (the
    rules API refuses others), so the next reminder is the first later stage with a negative offset.
    """
    offset = stages[index].get("offset_days")
    if offset is None or offset >= 0:
        return None
    for later in stages[index + 1:]:
        if later.get("offset_days") is not None and later["offset_days"] < 0:
            return calendar.cutoff(today, offset_days=later["offset_days"], day_kind=later["day_kind"])
    return None
