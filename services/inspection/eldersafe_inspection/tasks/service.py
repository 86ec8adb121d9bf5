"""Inspection tasks: who visits which facility for which departments, by when (work plan 二.二)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound

from ..accounts import service as accounts
from ..campaigns import repository as campaigns_repository
from ..campaigns import service as campaigns
from . import repository
from .made import MadeInspection, inspections_of_tasks
from .models import InspectionTask
from .schemas import Assignee, AssigneePublic, TaskCreate, TaskInspection, TaskPage, TaskPublic, TaskUpdate

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


def departments_done(task: InspectionTask, inspections: Sequence[MadeInspection]) -> list[str]:
    """The task's departments that a submitted inspection made for it has answered."""
    done = {dept for inspection in inspections if inspection.status == "submitted" for dept in inspection.departments}
    return [dept for dept in task.departments if dept in done]


def task_public(task: InspectionTask, facility_name: str | None, *, on: date,
                inspections: Sequence[MadeInspection]) -> TaskPublic:
    done = departments_done(task, inspections)
    return TaskPublic(
        **{name: getattr(task, name) for name in (
            "id", "campaign_id", "facility_id", "area_code", "departments", "mode", "due_date", "status",
            "created_by", "created_at", "inspection_id")},
        facility_name=facility_name,
        assignees=[AssigneePublic(subject=a["subject"], name=a["name"]) for a in task.assignees],
        overdue=task.status in OPEN_STATUSES and task.due_date < on,
        inspections=[TaskInspection(id=inspection.id, departments=list(inspection.departments),
                                    status=inspection.status) for inspection in inspections],
        departments_done=done, departments_missing=[dept for dept in task.departments if dept not in done],
    )


def _public(session: Session, task: InspectionTask, facility_name: str | None) -> TaskPublic:
    inspections = inspections_of_tasks(session, [task.id])[task.id]
    return task_public(task, facility_name, on=campaigns.today(), inspections=inspections)


def _assignees(session: Session, *, assignees: list[Assignee], departments: list[str],
               area_code: str) -> list[dict[str, str]]:
    """The assignees as active accounts of the task's departments (422 naming each one that is not)."""
    found, errors = accounts.resolve_assignees(session, subjects=[a.subject for a in assignees],
                                               departments=departments, area_code=area_code)
    if errors:
        raise Invalid("Tasks are given to active accounts of their departments.", code="assignee_invalid",
                      errors=errors)
    return [{"subject": person.subject, "name": person.name} for person in found]


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
    """Plan a visit to one of the campaign's included facilities, given to accounts of its departments."""
    require_planner(principal, list(data.departments))
    campaign = campaigns_repository.get_campaign(session, data.campaign_id)
    if campaign is None or not campaigns.covers_or_inside(principal, campaign):
        raise Invalid("No such campaign.", code="campaign_not_found",
                      errors=[FieldError(field="body.campaign_id", reason="no such campaign in your area")])
    row = campaigns_repository.get_campaign_facility(session, campaign_id=campaign.id,
                                                     facility_id=data.facility_id)
    target = campaigns_repository.get_target(session, data.facility_id)
    if target is None or not principal.covers(target.area_code) or row is None or not row.included:
        raise Invalid("The facility is not a target of the campaign.", code="task_invalid",
                      errors=[FieldError(field="body.facility_id", reason="not an included target in your area")])
    _check_plan(campaign_departments=campaign.departments, departments=list(data.departments),
                due_date=data.due_date, survey_start=campaign.survey_start, review_end=campaign.review_end)
    assignees = _assignees(session, assignees=list(data.assignees), departments=list(data.departments),
                           area_code=target.area_code)
    task = InspectionTask(
        id=str(uuid.uuid4()), campaign_id=campaign.id, facility_id=target.facility_id, area_code=target.area_code,
        departments=list(data.departments), mode=data.mode, assignees=assignees,
        due_date=data.due_date, status="planned", created_by=principal.subject, created_at=clock.now(),
    )
    session.add(task)
    session.flush()
    return task_public(task, target.name, on=campaigns.today(), inspections=[])


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
    shown = rows[start:start + page_size]
    made = inspections_of_tasks(session, [task.id for task, _ in shown])
    items = [task_public(task, name, on=on, inspections=made[task.id]) for task, name in shown]
    return TaskPage(items=items, total=len(rows), page=page, page_size=page_size)


def get_task(session: Session, *, principal: Principal, task_id: str) -> TaskPublic:
    """One task inside the caller's area."""
    task = _visible_task(session, principal=principal, task_id=task_id)
    target = campaigns_repository.get_target(session, task.facility_id)
    return _public(session, task, target.name if target else None)


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
    if "assignees" in changes or "departments" in changes:
        # Every assignee must still belong to one of the (new) departments.
        current = data.assignees if data.assignees is not None else [
            Assignee(subject=person["subject"]) for person in task.assignees]
        changes["assignees"] = _assignees(session, assignees=list(current), departments=departments,
                                          area_code=task.area_code)
    task.sqlmodel_update(changes)
    if task.status == "in_progress" and "departments" in changes:
        # Fewer departments may leave none missing: the task is then done.
        inspections = inspections_of_tasks(session, [task.id])[task.id]
        if not set(task.departments) - set(departments_done(task, inspections)):
            task.status = "done"
    session.add(task)
    session.flush()
    target = campaigns_repository.get_target(session, task.facility_id)
    return _public(session, task, target.name if target else None)


# --- called by the inspections domain ------------------------------------------------------------------

def mark_task_in_progress(session: Session, *, task_id: str, inspection_id: str) -> InspectionTask:
    """An inspection for the task has started (a joint task may be inspected by each department on its own)."""
    task = repository.get_task(session, task_id)
    if task is None:
        raise NotFound("No such task.", code="task_not_found")
    if task.status == "cancelled":
        raise Conflict("The task is cancelled.", code="task_cancelled")
    if task.status == "done":
        raise Conflict("The task is done.", code="task_done")
    task.status = "in_progress"
    task.inspection_id = task.inspection_id or inspection_id
    session.add(task)
    session.flush()
    return task


def on_inspection_submitted(session: Session, *, task_id: str, inspection_id: str) -> InspectionTask:
    """An inspection for the task was submitted: the task is done once every department on it has submitted."""
    task = repository.get_task(session, task_id)
    if task is None:
        raise NotFound("No such task.", code="task_not_found")
    if task.status == "cancelled":
        raise Conflict("The task is cancelled.", code="task_cancelled")
    inspections = inspections_of_tasks(session, [task.id])[task.id]
    if inspection_id not in {inspection.id for inspection in inspections}:
        raise Conflict("The inspection was not made for this task.", code="task_taken")
    task.inspection_id = task.inspection_id or inspection_id
    missing = set(task.departments) - set(departments_done(task, inspections))
    task.status = "in_progress" if missing else "done"
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
