"""Whom a task may be given to: the active accounts of its departments (work plan 二.二: every task names its
inspectors, so that it reaches them in 我的任务)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from eldersafe_common.auth import DEPARTMENTS, Position, Principal, Role
from eldersafe_common.errors import FieldError, Forbidden

from . import repository
from .models import InspectionAccount
from .schemas import InspectorAccount, InspectorPage

DEPARTMENT_CODES = tuple(sorted(role.value for role in DEPARTMENTS))


def _departments_for(principal: Principal, department: str | None) -> list[str]:
    """The departments whose accounts the caller may list: planners any, a department its own."""
    if principal.role in (Role.civil_affairs, Role.admin) or (
            principal.role is Role.task_force and principal.position in (Position.leader, Position.deputy)):
        return [department] if department else list(DEPARTMENT_CODES)
    if principal.is_department:
        if department not in (None, principal.role.value):
            raise Forbidden("A department lists its own accounts only.", code="department_forbidden")
        return [principal.role.value]
    raise Forbidden("Your role may not list inspectors.", code="role_forbidden")


def _public(row: InspectionAccount) -> InspectorAccount:
    return InspectorAccount(subject=row.account_id, name=row.name, username=row.username,
                            department=row.department or "", position=row.position)


def list_inspectors(session: Session, *, principal: Principal, department: str | None, q: str | None, page: int,
                    page_size: int) -> InspectorPage:
    """Active accounts of a department (or every department) around the caller's area, for the task form."""
    departments = _departments_for(principal, department)
    rows, total = repository.page_inspectors(session, departments=departments, area=principal.area, q=q, page=page,
                                             page_size=page_size)
    return InspectorPage(items=[_public(row) for row in rows], total=total, page=page, page_size=page_size)


@dataclass(frozen=True)
class Assignable:
    subject: str
    name: str


def resolve_assignees(session: Session, *, subjects: Sequence[str], departments: Sequence[str], area_code: str,
                      field: str = "body.assignees") -> tuple[list[Assignable], list[FieldError]]:
    """Each subject as the active account of one of ``departments`` whose area covers ``area_code``."""
    accounts = repository.accounts_by_id(session, subjects)
    found: list[Assignable] = []
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, subject in enumerate(subjects):
        account = accounts.get(subject)
        where = f"{field}.{index}.subject"
        if subject in seen:
            errors.append(FieldError(field=where, reason="listed twice"))
        elif account is None:
            errors.append(FieldError(field=where, reason="no such account"))
        elif account.disabled:
            errors.append(FieldError(field=where, reason="the account is disabled"))
        elif account.role != account.department or account.department not in departments:
            errors.append(FieldError(field=where, reason="not an account of the task's departments"))
        elif not area_code.startswith(account.area):
            errors.append(FieldError(field=where, reason="the account's area does not cover the facility"))
        else:
            found.append(Assignable(subject=subject, name=account.name))
        seen.add(subject)
    return found, errors
