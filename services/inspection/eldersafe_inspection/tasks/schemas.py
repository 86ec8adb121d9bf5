"""Inspection task inputs and answers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from eldersafe_common.validation import StrictModel

from ..campaigns.fields import Department, FacilityId, IsoDate, PersonName, Subject, TaskMode, TaskStatus


class Assignee(StrictModel):
    subject: Subject = Field(description=(
        "The inspector's account id (sub), an active account of one of the task's departments: pick it from "
        "GET /api/inspection/inspectors"))
    name: PersonName | None = Field(default=None, description="Ignored: the account's name is recorded")


Departments = Annotated[list[Department], Field(min_length=1, max_length=7)]
Assignees = Annotated[list[Assignee], Field(min_length=1, max_length=20)]


class TaskCreate(StrictModel):
    campaign_id: Annotated[str, Field(pattern=r"^[0-9a-fA-F-]{36}$")]
    facility_id: FacilityId
    departments: Departments
    mode: TaskMode
    assignees: Assignees
    due_date: IsoDate


class TaskUpdate(StrictModel):
    """Replanning; a task may be cancelled or restored to planned (in progress and done come from inspections)."""

    departments: Departments | None = None
    mode: TaskMode | None = None
    assignees: Assignees | None = None
    due_date: IsoDate | None = None
    status: Literal["planned", "cancelled"] | None = None


class AssigneePublic(BaseModel):
    subject: str
    name: str


class TaskInspection(BaseModel):
    """An inspection made for the task: a joint task may have one per department, or one joint inspection."""

    id: str
    departments: list[str]
    status: str = Field(description="draft / submitted")


class TaskPublic(BaseModel):
    id: str
    campaign_id: str
    facility_id: str
    facility_name: str | None
    area_code: str
    departments: list[str]
    mode: str
    assignees: list[AssigneePublic]
    due_date: date
    status: TaskStatus
    overdue: bool = Field(description="Planned or in progress and past its due date")
    created_by: str
    created_at: datetime
    inspection_id: str | None = Field(description="The first inspection made for the task")
    inspections: list[TaskInspection] = Field(description="Every inspection made for the task, oldest first")
    departments_done: list[str] = Field(description="The task's departments a submitted inspection has answered")
    departments_missing: list[str] = Field(description="The task's departments still to inspect: done when empty")


class TaskPage(BaseModel):
    items: list[TaskPublic]
    total: int
    page: int
    page_size: int
