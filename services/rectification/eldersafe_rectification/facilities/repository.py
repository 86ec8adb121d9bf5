"""Queries on rectification facilities."""

from sqlalchemy import func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from .models import RectificationFacility


def _scoped(stmt: SelectOfScalar, *, area: str, facility_id: str | None) -> SelectOfScalar:
    # The SQL form of Principal.covers (a prefix test), so that paging counts only visible rows.
    stmt = stmt.where(col(RectificationFacility.area_code).startswith(area, autoescape=True))
    if facility_id is not None:
        stmt = stmt.where(col(RectificationFacility.facility_id) == facility_id)
    return stmt


def list_facilities(
    session: Session, *, area: str, facility_id: str | None, offset: int, limit: int
) -> tuple[list[RectificationFacility], int]:
    total = session.exec(_scoped(select(func.count()).select_from(RectificationFacility), area=area,
                                 facility_id=facility_id)).one()
    rows = session.exec(
        _scoped(select(RectificationFacility), area=area, facility_id=facility_id)
        .order_by(col(RectificationFacility.name), col(RectificationFacility.facility_id))
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total
