"""Queries on the account copy."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import String, func, literal, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from .models import InspectionAccount


def get_account(session: Session, account_id: str) -> InspectionAccount | None:
    return session.get(InspectionAccount, account_id)


def accounts_by_id(session: Session, ids: Iterable[str]) -> dict[str, InspectionAccount]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    rows = session.exec(select(InspectionAccount).where(col(InspectionAccount.account_id).in_(ids)))
    return {row.account_id: row for row in rows}


def _inspectors(*, departments: Collection[str], area: str, q: str | None) -> SelectOfScalar:
    # A department's own accounts (role = department), active, whose area covers the caller's or lies inside it.
    stmt = select(InspectionAccount).where(
        col(InspectionAccount.department).in_(list(departments)),
        col(InspectionAccount.role) == col(InspectionAccount.department),
        col(InspectionAccount.disabled).is_(False),
        or_(literal(area, String).startswith(col(InspectionAccount.area)),
            col(InspectionAccount.area).startswith(area, autoescape=True)),
    )
    if q:
        needle = q.lower()
        stmt = stmt.where(or_(func.lower(col(InspectionAccount.name)).contains(needle, autoescape=True),
                              func.lower(col(InspectionAccount.username)).contains(needle, autoescape=True)))
    return stmt


def page_inspectors(session: Session, *, departments: Collection[str], area: str, q: str | None, page: int,
                    page_size: int) -> tuple[list[InspectionAccount], int]:
    """One page of the departments' active accounts around ``area``, by department, then name."""
    base = _inspectors(departments=departments, area=area, q=q)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(InspectionAccount.department), col(InspectionAccount.name),
                                      col(InspectionAccount.account_id))
                        .offset((page - 1) * page_size).limit(page_size))
    return list(rows), int(total)
