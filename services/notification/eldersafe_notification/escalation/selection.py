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

from sqlalchemy import ColumnElement, Select, and_, false, func, literal, not_, or_, select, true
from sqlmodel import col

from ..contacts.models import NotificationContact
from ..hazards.models import (
    NOT_STARTED,
    OPEN_STATES,
    NotificationHazard,
    NotificationHazardDepartment,
    NotificationHazardItem,
)
from ..models import NotificationFacility
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
    # Every value fired_offset can hold below ``mark`` (NOT_STARTED and the ladders' offsets): an IN list
    # lets the (fired_offset, deadline) index read only the due rows, where a range would read every
    # hazard not yet past the stage.
    marks_below: tuple[int, ...] = ()

    def due(self) -> AnySelect:
        """Ids (and the event they reflect) of the hazards due, earliest deadline first, at most ``limit``."""
        return (select(col(H.id), col(H.event_id))
                .where(col(H.fired_offset).in_(self.marks_below) if self.marks_below
                       else col(H.fired_offset) < self.mark, col(H.deadline) <= self.cutoff,
                       col(H.state).in_(OPEN_STATES), self.variant)
                .order_by(col(H.deadline), col(H.id)).limit(self.limit))


def hazard_details(scope: StageScope) -> AnySelect:
    """The due hazards with what the message names: facility, item, deadline, severity, area."""
    due = scope.due().subquery("due")
    return (select(col(H.id), col(H.event_id), col(H.deadline), col(H.severity), col(H.area_code),
                   col(H.facility_id), col(F.name).label("facility_name"), col(ITEM.item_text).label("item_text"))
            .select_from(H).join(due, due.c.id == col(H.id))
            .outerjoin(F, col(F.id) == col(H.facility_id))
            .outerjoin(ITEM, col(ITEM.hazard_key) == col(H.hazard_key)))


def _covers(area: Any) -> ColumnElement[bool]:
    # Principal.covers in SQL: the contact's area is a prefix of the hazard's.
    return func.substr(col(H.area_code), 1, func.length(area)) == area


def recipients(scope: StageScope, kind: str, *, not_before: date | None) -> AnySelect | None:
    """(hazard id, recipient key, name, phone, email) for one recipient kind, or None for an unknown kind.

    ``not_before``: reminders are pointless once the deadline has passed, so they skip such hazards.
    """
    due = scope.due().subquery("due")
    stmt: AnySelect
    base_filter = [col(H.deadline) >= not_before] if not_before is not None else []
    if kind == "responsible":
        key = literal("person:") + col(H.responsible_name) + literal(":") + func.coalesce(col(H.responsible_phone), "")
        stmt = (select(col(H.id), key.label("key"), col(H.responsible_name).label("name"),
                       col(H.responsible_phone).label("phone"), literal(None).label("email"))
                .select_from(H).where(col(H.responsible_name).is_not(None)))
    elif kind == "supervisor":
        stmt = (select(col(H.id), (literal("account:") + col(H.supervisor_subject)).label("key"),
                       func.coalesce(col(C.name), col(H.supervisor_name)).label("name"), col(C.phone).label("phone"),
                       col(C.email).label("email"))
                .select_from(H).outerjoin(C, col(C.account_id) == col(H.supervisor_subject))
                .where(col(H.supervisor_subject).is_not(None),
                       or_(col(C.disabled).is_(None), col(C.disabled) == false())))
    else:
        stmt = (select(col(H.id), (literal("account:") + col(C.account_id)).label("key"), col(C.name).label("name"),
                       col(C.phone).label("phone"), col(C.email).label("email"))
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
    return stmt.join(due, due.c.id == col(H.id)).where(*base_filter)
