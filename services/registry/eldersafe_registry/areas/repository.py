from sqlmodel import Session, col, select

from ..models import Area, Department


def get_area(session: Session, code: str) -> Area | None:
    return session.get(Area, code)


def list_areas(session: Session, *, level: str | None, parent: str | None) -> list[Area]:
    stmt = select(Area).order_by(col(Area.code))
    if level is not None:
        stmt = stmt.where(Area.level == level)
    if parent is not None:
        stmt = stmt.where(Area.parent_code == parent)
    return list(session.exec(stmt))


def add_area(session: Session, area: Area) -> Area:
    session.add(area)
    session.flush()
    return area


def get_department(session: Session, code: str) -> Department | None:
    return session.get(Department, code)


def list_departments(session: Session) -> list[Department]:
    return list(session.exec(select(Department).order_by(col(Department.code))))


def add_department(session: Session, department: Department) -> Department:
    session.add(department)
    session.flush()
    return department
