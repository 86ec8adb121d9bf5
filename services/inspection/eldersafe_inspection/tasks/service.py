"""Inspection tasks: who visits which facility for which departments, by when (work plan 二.二)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound

from ..campaigns import repository as campaigns_repository
from ..campaigns import service as campaigns
from . import repository
from .models import InspectionTask
from .schemas import AssigneePublic, TaskCreate, TaskPage, TaskPublic, TaskUpdate

OPEN_STATUSES = ("planned", "in_progress")


def require_planner(principal: Principal, departments: list[str]) -> None:
    """Civil affairs, task force leader or deputy, admin plan any task; a department head only their own."""
    if principal.role in (Role.civil_affairs, Role.admin):
        return
    if principal.role is Role.task_force and principal.position in (Position.leader, Position.deputy):
        return
    if principal.is_department and principal.position is Position.head:
        others = [index for index, dept in enumerate(departments) if dept != principal.role.value]
        if others:
            raise Forbidden("A department head plans tasks for their own department only.",
                            code="department_forbidden")
        return
    raise Forbidden("Your role may not plan inspection tasks.", code="role_forbidden")


def require_reader(principal: Principal) -> None:
    """Facility managers never see tasks (a covert visit must stay covert); the city platform and custodian neither."""
    if principal.role in (Role.facility, Role.city_platform, Role.reward_custodian):
        raise Forbidden("Your role may not read inspection tasks.", code="role_forbidden")


def task_public(task: InspectionTask, facility_name: str | None, *, on: date) -> TaskPublic:
    return TaskPublic(
        **{name: getattr(task, name) for name in (
            "id", "campaign_id", "facility_id", "area_code", "departments", "mode", "due_date", "status",
            "created_by", "created_at", "inspection_id")},
        facility_name=facility_name,
        assignees=[AssigneePublic(subject=a["subject"], name=a["name"]) for a in task.assignees],
        overdue=task.status in OPEN_STATUSES and task.due_date < on,
    )


def _check_plan(*, campaign_departments: list[str], departments: list[str], due_date: date | None,
                survey_start: date, review_end: date) -> None:
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, dept in enumerate(departments):
        if dept not in campaign_departments:
            errors.append(FieldError(field=f"body.departments.{index}", reason="not a department of the campaign"))
        elif dept in seen:
            errors.append(FieldError(field=f"body.departments.{index}", reason="listed twice"))
        seen.add(dept)
    if due_date is not None and not survey_start <= due_date <= review_end:
        errors.append(FieldError(field="body.due_date",
                                 reason=f"must lie within the campaign ({survey_start} to {review_end})"))
    if errors:
        raise Invalid("The task does not fit the campaign.", code="task_invalid", errors=errors)


def _visible_task(session: Session, *, principal: Principal, task_id: str) -> InspectionTask:
    require_reader(principal)
    task = repository.get_task(session, task_id)
    if task is None or not principal.covers(task.area_code):
        raise NotFound("No such task.", code="task_not_found")
    return task


def create_task(session: Session, *, principal: Principal, data: TaskCreate) -> TaskPublic:
    """Plan a visit to one of the campaign's included facilities."""
    require_planner(principal, list(data.departments))
    campaign = campaigns.visible_campaign(session, principal=principal, campaign_id=data.campaign_id)
    row = campaigns_repository.get_campaign_facility(session, campaign_id=campaign.id,
                                                     facility_id=data.facility_id)
    target = campaigns_repository.get_target(session, data.facility_id)
    if target is None or not principal.covers(target.area_code):
        raise NotFound("No such facility.", code="facility_not_found")
    if row is None or not row.included:
        raise Invalid("The facility is not a target of the campaign.", code="task_invalid",
                      errors=[FieldError(field="body.facility_id", reason="not an included target")])
    _check_plan(campaign_departments=campaign.departments, departments=list(data.departments),
                due_date=data.due_date, survey_start=campaign.survey_start, review_end=campaign.review_end)
    task = InspectionTask(
        id=str(uuid.uuid4()), campaign_id=campaign.id, facility_id=target.facility_id, area_code=target.area_code,
        departments=list(data.departments), mode=data.mode, assignees=[a.model_dump() for a in data.assignees],
        due_date=data.due_date, status="planned", created_by=principal.subject, created_at=clock.now(),
    )
    session.add(task)
    session.flush()
    return task_public(task, target.name, on=campaigns.today())


def list_tasks(
    session: Session, *, principal: Principal, campaign_id: str | None, facility_id: str | None,
    department: str | None, mine: bool, status: str | None, page: int, page_size: int,
) -> TaskPage:
    """Tasks inside the caller's area; ``mine`` keeps those assigned to the caller."""
    require_reader(principal)
    rows = repository.list_tasks(session, area=principal.area, campaign_id=campaign_id, facility_id=facility_id,
                                 status=status)
    if department is not None:
        rows = [(task, name) for task, name in rows if department in task.departments]
    if mine:
        rows = [(task, name) for task, name in rows
                if any(a.get("subject") == principal.subject for a in task.assignees)]
    on = campaigns.today()
    start = (page - 1) * page_size
    items = [task_public(task, name, on=on) for task, name in rows[start:start + page_size]]
    return TaskPage(items=items, total=len(rows), page=page, page_size=page_size)


def get_task(session: Session, *, principal: Principal, task_id: str) -> TaskPublic:
    """One task inside the caller's area."""
    task = _visible_task(session, principal=principal, task_id=task_id)
    target = campaigns_repository.get_target(session, task.facility_id)
    return task_public(task, target.name if target else None, on=campaigns.today())


def update_task(session: Session, *, principal: Principal, task_id: str, data: TaskUpdate) -> TaskPublic:
    """Replan, cancel or restore a task that is not yet done."""
    task = _visible_task(session, principal=principal, task_id=task_id)
    changes = data.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise Invalid("A field may be left out but not set to null.", code="validation_failed",
                          errors=[FieldError(field=f"body.{name}", reason="must not be null")])
    departments = list(changes.get("departments", task.departments))
    require_planner(principal, departments if "departments" in changes else task.departments)
    if task.status == "done":
        raise Conflict("The task is done.", code="task_done")
    if task.status == "in_progress" and changes.get("status") == "cancelled":
        raise Conflict("An inspection for this task has started.", code="task_in_progress")
    if task.status == "in_progress" and changes.get("status") == "planned":
        raise Conflict("An inspection for this task has started.", code="task_in_progress")
    campaign = campaigns_repository.get_campaign(session, task.campaign_id)
    assert campaign is not None  # foreign key
    _check_plan(campaign_departments=campaign.departments, departments=departments,
                due_date=changes.get("due_date"), survey_start=campaign.survey_start,
                review_end=campaign.review_end)
    task.sqlmodel_update(changes)
    session.add(task)
    session.flush()
    target = campaigns_repository.get_target(session, task.facility_id)
    return task_public(task, target.name if target else None, on=campaigns.today())


# --- called by the inspections domain ------------------------------------------------------------------

def mark_task_in_progress(session: Session, *, task_id: str, inspection_id: str) -> InspectionTask:
    """An inspection for the task has started (idempotent for the same inspection)."""
    task = repository.get_task(session, task_id)
    if task is None:
        raise NotFound("No such task.", code="task_not_found")
    if task.status == "cancelled":
        raise Conflict("The task is cancelled.", code="task_cancelled")
    if task.status == "done" or (task.inspection_id not in (None, inspection_id)):
        raise Conflict("The task already has another inspection.", code="task_taken")
    task.status = "in_progress"
    task.inspection_id = inspection_id
    session.add(task)
    session.flush()
    return task


def mark_task_done(session: Session, *, task_id: str, inspection_id: str) -> InspectionTask:
    """The task's inspection was submitted (idempotent for the same inspection)."""
    task = repository.get_task(session, task_id)
    if task is None:
        raise NotFound("No such task.", code="task_not_found")
    if task.status == "cancelled":
        raise Conflict("The task is cancelled.", code="task_cancelled")
    if task.inspection_id not in (None, inspection_id):
        raise Conflict("The task already has another inspection.", code="task_taken")
    task.status = "done"
    task.inspection_id = inspection_id
    session.add(task)
    session.flush()
    return task


def plan_follow_up(session: Session, *, campaign_id: str, facility_id: str, area_code: str,
                   departments: list[str], due_date: date) -> InspectionTask | None:
    """Plan the follow-up visit (回头看) rectification asked for; unassigned, for the planners to staff.

    The departments are those that found the facility's hazards, kept to the campaign's; the due date may fall
    after the campaign's review phase, since a follow-up comes after rectification by design.
    """
    campaign = campaigns_repository.get_campaign(session, campaign_id)
    if campaign is None:
        return None  # a campaign this service never held: nothing to attach the visit to
    own = [dept for dept in departments if dept in campaign.departments] or list(campaign.departments)
    task = InspectionTask(
        id=str(uuid.uuid4()), campaign_id=campaign.id, facility_id=facility_id, area_code=area_code,
        departments=own, mode="follow_up", assignees=[], due_date=due_date, status="planned",
        created_by="rectification", created_at=clock.now(),
    )
    session.add(task)
    session.flush()
    return task
