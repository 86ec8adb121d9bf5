"""Queries on checklists, their published versions and items, and the major-hazard criteria."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from .models import Checklist, ChecklistItem, ChecklistVersion, MajorHazardCriterion

# Checklists


def _checklist_filters(stmt: SelectOfScalar, *, department: str | None, q: str | None) -> SelectOfScalar:
    if department is not None:
        stmt = stmt.where(col(Checklist.department) == department)
    if q:
        stmt = stmt.where(or_(
            col(Checklist.code).contains(q, autoescape=True),
            col(Checklist.title_zh).contains(q, autoescape=True),
            col(Checklist.title_en).contains(q, autoescape=True),
        ))
    return stmt


def list_checklists(session: Session, *, department: str | None, q: str | None, offset: int,
                    limit: int) -> tuple[list[Checklist], int]:
    total = session.exec(_checklist_filters(select(func.count()).select_from(Checklist), department=department,
                                            q=q)).one()
    rows = session.exec(
        _checklist_filters(select(Checklist), department=department, q=q)
        .order_by(col(Checklist.department), col(Checklist.code), col(Checklist.id))
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def get_checklist(session: Session, checklist_id: str, *, for_update: bool = False) -> Checklist | None:
    stmt = select(Checklist).where(col(Checklist.id) == checklist_id)
    if for_update:
        # Serialises publishing on PostgreSQL (SQLite writers already hold the file lock).
        stmt = stmt.with_for_update()
    return session.exec(stmt).first()


def get_checklist_by_code(session: Session, *, department: str, code: str) -> Checklist | None:
    return session.exec(
        select(Checklist).where(col(Checklist.department) == department, col(Checklist.code) == code)
    ).first()


def published_checklists(session: Session, *, department: str) -> list[Checklist]:
    """The department's checklists that are not archived and have a published version, by code."""
    return list(session.exec(
        select(Checklist)
        .where(col(Checklist.department) == department, col(Checklist.archived).is_(False),
               col(Checklist.current_version).is_not(None))
        .order_by(col(Checklist.code), col(Checklist.id))
    ))


def save(session: Session, row: Checklist | ChecklistVersion | ChecklistItem | MajorHazardCriterion) -> None:
    session.add(row)
    session.flush()


# Versions and items


def list_versions_of(session: Session, checklist_id: str) -> list[ChecklistVersion]:
    return list(session.exec(
        select(ChecklistVersion).where(col(ChecklistVersion.checklist_id) == checklist_id)
        .order_by(col(ChecklistVersion.version).desc())
    ))


def get_version(session: Session, version_id: str) -> ChecklistVersion | None:
    return session.get(ChecklistVersion, version_id)


def get_version_by_number(session: Session, *, checklist_id: str, version: int) -> ChecklistVersion | None:
    return session.exec(
        select(ChecklistVersion).where(col(ChecklistVersion.checklist_id) == checklist_id,
                                       col(ChecklistVersion.version) == version)
    ).first()


def latest_version_number(session: Session, checklist_id: str) -> int:
    latest = session.exec(
        select(func.max(ChecklistVersion.version)).where(col(ChecklistVersion.checklist_id) == checklist_id)
    ).one()
    return int(latest or 0)


def _version_filters(stmt: SelectOfScalar, *, department: str | None, current: bool) -> SelectOfScalar:
    if department is not None:
        stmt = stmt.where(col(ChecklistVersion.department) == department)
    if current:
        stmt = stmt.join(Checklist, col(Checklist.id) == col(ChecklistVersion.checklist_id)).where(
            col(Checklist.current_version) == col(ChecklistVersion.version), col(Checklist.archived).is_(False))
    return stmt


def list_versions(session: Session, *, department: str | None, current: bool, offset: int,
                  limit: int) -> tuple[list[ChecklistVersion], int]:
    total = session.exec(_version_filters(select(func.count()).select_from(ChecklistVersion),
                                          department=department, current=current)).one()
    rows = session.exec(
        _version_filters(select(ChecklistVersion), department=department, current=current)
        .order_by(col(ChecklistVersion.department), col(ChecklistVersion.title_zh),
                  col(ChecklistVersion.checklist_id), col(ChecklistVersion.version).desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows), total


def items_of(session: Session, version_id: str) -> list[ChecklistItem]:
    return list(session.exec(
        select(ChecklistItem).where(col(ChecklistItem.version_id) == version_id)
        .order_by(col(ChecklistItem.position))
    ))


def items_of_many(session: Session, version_ids: list[str]) -> dict[str, list[ChecklistItem]]:
    grouped: dict[str, list[ChecklistItem]] = {vid: [] for vid in version_ids}
    if not version_ids:
        return grouped
    rows = session.exec(
        select(ChecklistItem).where(col(ChecklistItem.version_id).in_(version_ids))
        .order_by(col(ChecklistItem.version_id), col(ChecklistItem.position))
    )
    for item in rows:
        grouped[item.version_id].append(item)
    return grouped


def add_items(session: Session, items: list[ChecklistItem]) -> None:
    session.add_all(items)
    session.flush()


# Major-hazard criteria


def list_criteria(session: Session, *, active: bool | None, offset: int,
                  limit: int) -> tuple[list[MajorHazardCriterion], int]:
    count = select(func.count()).select_from(MajorHazardCriterion)
    stmt = select(MajorHazardCriterion)
    if active is not None:
        count = count.where(col(MajorHazardCriterion.active).is_(active))
        stmt = stmt.where(col(MajorHazardCriterion.active).is_(active))
    total = session.exec(count).one()
    rows = session.exec(stmt.order_by(col(MajorHazardCriterion.code)).offset(offset).limit(limit))
    return list(rows), total


def get_criterion(session: Session, criterion_id: str) -> MajorHazardCriterion | None:
    return session.get(MajorHazardCriterion, criterion_id)


def get_criterion_by_code(session: Session, code: str) -> MajorHazardCriterion | None:
    return session.exec(select(MajorHazardCriterion).where(col(MajorHazardCriterion.code) == code)).first()


def criteria_by_codes(session: Session, codes: set[str]) -> dict[str, MajorHazardCriterion]:
    if not codes:
        return {}
    rows = session.exec(select(MajorHazardCriterion).where(col(MajorHazardCriterion.code).in_(sorted(codes))))
    return {row.code: row for row in rows}
