"""Queries on inspection targets."""

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from ..targets.models import InspectionTarget


def _scoped(stmt: SelectOfScalar, *, area: str, facility_id: str | None) -> SelectOfScalar:
    # The SQL form of Principal.covers (a prefix test), so that paging counts only visible rows.
    stmt = stmt.where(col(InspectionTarget.area_code).startswith(area, autoescape=True))
    if facility_id is not None:
        stmt = stmt.where(col(InspectionTarget.facility_id) == facility_id)
    return stmt


def list_targets(
    session: Session, *, area: str, facility_id: str | None, offset: int, limit: int
) -> tuple[list[InspectionTarget], int]:
    total = session.exec(_scoped(select(func.count()).select_from(InspectionTarget), area=area,
                                 facility_id=facility_id)).one()
    rows = session.exec(
        _scoped(select(InspectionTarget), area=area, facility_id=facility_id)
        .order_by(col(InspectionTarget.name), col(InspectionTarget.facility_id))
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total
