from collections.abc import Sequence

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from eldersafe_common.sync import Window, head, keyset

from ..models import Area, Facility


def _scoped(*, area: str, narrower: str | None) -> SelectOfScalar[Facility]:
    stmt = select(Facility).where(col(Facility.area_code).startswith(area, autoescape=True))
    if narrower:
        stmt = stmt.where(col(Facility.area_code).startswith(narrower, autoescape=True))
    return stmt


def feed(session: Session, window: Window, *, area: str, narrower: str | None,
         status: str | None) -> Sequence[Facility]:
    stmt = _scoped(area=area, narrower=narrower)
    if status:
        stmt = stmt.where(Facility.status == status)
    if window.since is not None:
        stmt = stmt.where(col(Facility.changed_at) >= window.since)
    return list(session.exec(keyset(stmt, col(Facility.change_seq), window)))


def get_facility(session: Session, facility_id: str) -> Facility | None:
    return session.get(Facility, facility_id)


def area_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.exec(select(Area.code, Area.name_zh).where(col(Area.code).in_(codes)))
    return dict(rows.all())


Group = tuple[str, str, str, str | None, int, int, int]


def counts(session: Session, *, area: str, narrower: str | None) -> list[Group]:
    """(subdistrict, status, ownership, class, facilities, licensed beds, residents) groups inside the area."""
    scoped = _scoped(area=area, narrower=narrower).subquery()
    stmt = (sa_select(scoped.c.subdistrict_code, scoped.c.status, scoped.c.ownership, scoped.c.classification,
                   func.count(), func.coalesce(func.sum(scoped.c.licensed_beds), 0),
                   func.coalesce(func.sum(scoped.c.residents_count), 0))
            .group_by(scoped.c.subdistrict_code, scoped.c.status, scoped.c.ownership, scoped.c.classification))
    return [(row[0], row[1], row[2], row[3], int(row[4]), int(row[5]), int(row[6])) for row in session.execute(stmt)]


def head_position(session: Session) -> int:
    return head(session, Facility)
