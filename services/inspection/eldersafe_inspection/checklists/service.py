"""Checklist rules: who authors what, draft validation, publishing immutable versions, the criteria.

Each of the seven departments authors and publishes only its own department's checklists; admin may act
for any department. Every role except the city platform reads checklists, versions and criteria. The
major-hazard criteria are edited by the civil-affairs head and admin.

Other domains of this service read checklists only through :func:`current_version_for`,
:func:`version_items` and :func:`criterion_by_code`.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import CAMPAIGN_ROLES, Position, Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Forbidden, Invalid, NotFound

from . import repository
from .models import Checklist, ChecklistItem, ChecklistVersion, MajorHazardCriterion
from .schemas import (
    ChecklistCreate,
    ChecklistDetail,
    ChecklistPage,
    ChecklistSummary,
    ChecklistVersionPage,
    ChecklistVersionPublic,
    CriterionCreate,
    CriterionPage,
    CriterionPublic,
    CriterionUpdate,
    DraftUpdate,
    ItemDraft,
    ItemDraftPublic,
    ItemPublic,
    PublishRequest,
    VersionSummary,
)

NUMBER_ONLY = ("number_min", "number_max", "unit")


# Access


def require_reader(principal: Principal) -> None:
    """Every role reads checklists except the city platform."""
    principal.require(*CAMPAIGN_ROLES)


def require_author(principal: Principal, department: str) -> None:
    """Raise Forbidden unless the caller is admin or belongs to ``department``."""
    if principal.role is Role.admin:
        return
    if not principal.is_department or principal.role.value != department:
        raise Forbidden("Only the department's own staff (or admin) may author its checklists.",
                        code="department_forbidden")


def require_criteria_editor(principal: Principal) -> None:
    """The major-hazard criteria are edited by the civil-affairs head and admin."""
    if principal.role is Role.admin:
        return
    principal.require(Role.civil_affairs, positions=(Position.head,))


# Checklists


def list_checklists(session: Session, *, principal: Principal, department: str | None, q: str | None, page: int,
                    page_size: int) -> ChecklistPage:
    """Checklists, filtered by department and a part of the code or title."""
    require_reader(principal)
    rows, total = repository.list_checklists(session, department=department, q=q or None,
                                             offset=(page - 1) * page_size, limit=page_size)
    return ChecklistPage(items=[_summary(row) for row in rows], total=total, page=page, page_size=page_size)


def create_checklist(session: Session, *, principal: Principal, data: ChecklistCreate,
                     checklist_id: str | None = None) -> ChecklistDetail:
    """Create a checklist of the caller's department with a draft (published later)."""
    require_reader(principal)
    require_author(principal, data.department)
    if repository.get_checklist_by_code(session, department=data.department, code=data.code) is not None:
        raise Conflict("The department already has a checklist with this code.", code="checklist_code_taken")
    _refuse(_check_items(session, data.items, complete=False))
    now = clock.now()
    checklist = Checklist(
        id=checklist_id or str(uuid.uuid4()), department=data.department, code=data.code, title_zh=data.title_zh,
        title_en=data.title_en, draft=_dump(data.items), draft_updated_at=now, draft_updated_by=principal.subject,
        created_at=now, created_by=principal.subject,
    )
    repository.save(session, checklist)
    return _detail(session, checklist)


def get_checklist(session: Session, *, principal: Principal, checklist_id: str) -> ChecklistDetail:
    """One checklist with its draft and its published versions, newest first."""
    require_reader(principal)
    return _detail(session, _get(session, checklist_id))


def replace_draft(session: Session, *, principal: Principal, checklist_id: str, data: DraftUpdate) -> ChecklistDetail:
    """Replace the draft (titles and items); published versions stay as they are."""
    require_reader(principal)
    checklist = _get(session, checklist_id)
    require_author(principal, checklist.department)
    _refuse(_check_items(session, data.items, complete=False))
    checklist.title_zh = data.title_zh
    checklist.title_en = data.title_en
    checklist.draft = _dump(data.items)
    checklist.draft_updated_at = clock.now()
    checklist.draft_updated_by = principal.subject
    repository.save(session, checklist)
    return _detail(session, checklist)


def publish(session: Session, *, principal: Principal, checklist_id: str,
            data: PublishRequest) -> ChecklistVersionPublic:
    """Publish the validated draft as version n+1, copying its items; earlier versions never change."""
    require_reader(principal)
    checklist = _get(session, checklist_id, for_update=True)
    require_author(principal, checklist.department)
    items = _parse_draft(checklist.draft)
    _refuse(_check_items(session, items, complete=True))
    if _unchanged_since_current(session, checklist, items):
        raise Conflict(f"The draft is the same as version {checklist.current_version}.", code="draft_unchanged")
    number = repository.latest_version_number(session, checklist.id) + 1
    version = ChecklistVersion(
        id=str(uuid.uuid4()), checklist_id=checklist.id, version=number, department=checklist.department,
        title_zh=checklist.title_zh, title_en=checklist.title_en, note=data.note, published_at=clock.now(),
        published_by=principal.subject,
    )
    repository.save(session, version)
    rows = [ChecklistItem(id=str(uuid.uuid4()), version_id=version.id, position=index, **item.model_dump())
            for index, item in enumerate(items, start=1)]
    repository.add_items(session, rows)
    checklist.current_version = number
    repository.save(session, checklist)
    return _version_public(version, rows)


# Versions


def get_version(session: Session, *, principal: Principal, version_id: str) -> ChecklistVersionPublic:
    """A published version with its items, exactly as it was published."""
    require_reader(principal)
    version = repository.get_version(session, version_id)
    if version is None:
        raise NotFound("Checklist version not found.", code="checklist_version_not_found")
    return _version_public(version, repository.items_of(session, version.id))


def list_versions(session: Session, *, principal: Principal, department: str | None, current: bool, page: int,
                  page_size: int) -> ChecklistVersionPage:
    """Published versions with their items; ``current`` keeps each live checklist's current version only."""
    require_reader(principal)
    rows, total = repository.list_versions(session, department=department, current=current,
                                           offset=(page - 1) * page_size, limit=page_size)
    items = repository.items_of_many(session, [row.id for row in rows])
    return ChecklistVersionPage(items=[_version_public(row, items[row.id]) for row in rows], total=total, page=page,
                                page_size=page_size)


# Major-hazard criteria


def list_criteria(session: Session, *, principal: Principal, active: bool | None, page: int,
                  page_size: int) -> CriterionPage:
    """The major-hazard criteria, by code."""
    require_reader(principal)
    rows, total = repository.list_criteria(session, active=active, offset=(page - 1) * page_size, limit=page_size)
    return CriterionPage(items=[CriterionPublic.model_validate(row) for row in rows], total=total, page=page,
                         page_size=page_size)


def create_criterion(session: Session, *, principal: Principal, data: CriterionCreate,
                     criterion_id: str | None = None) -> CriterionPublic:
    """Add a criterion (civil-affairs head, admin)."""
    require_reader(principal)
    require_criteria_editor(principal)
    if repository.get_criterion_by_code(session, data.code) is not None:
        raise Conflict("A criterion with this code exists.", code="criterion_code_taken")
    values = data.model_dump()
    values["lead_departments"] = list(dict.fromkeys(data.lead_departments))
    criterion = MajorHazardCriterion(id=criterion_id or str(uuid.uuid4()), **values, updated_at=clock.now())
    repository.save(session, criterion)
    return CriterionPublic.model_validate(criterion)


def update_criterion(session: Session, *, principal: Principal, criterion_id: str,
                     data: CriterionUpdate) -> CriterionPublic:
    """Change a criterion; its code stays, because published items cite it."""
    require_reader(principal)
    criterion = repository.get_criterion(session, criterion_id)
    if criterion is None:
        raise NotFound("Criterion not found.", code="criterion_not_found")
    require_criteria_editor(principal)
    changes = data.model_dump(exclude_unset=True)
    nulls = [name for name, value in changes.items() if value is None and name != "text_en"]
    if nulls:
        raise Invalid("The criterion is invalid.",
                      errors=[FieldError(field=f"body.{name}", reason="may not be null") for name in nulls])
    if "lead_departments" in changes:
        changes["lead_departments"] = list(dict.fromkeys(changes["lead_departments"]))
    for name, value in changes.items():
        setattr(criterion, name, value)
    criterion.updated_at = clock.now()
    repository.save(session, criterion)
    return CriterionPublic.model_validate(criterion)


# Read API for the other domains of this service (inspections): keep these names and signatures.


def current_version_for(session: Session, *, department: str) -> ChecklistVersion | None:
    """The department's current published version, or None.

    Rule when a department has several live (not archived, published) checklists: the one whose code is
    ``<DEPARTMENT>-BASE`` (e.g. ``FIRE-BASE``, ``CIVIL_AFFAIRS-BASE``), otherwise the first by code.
    """
    checklists = repository.published_checklists(session, department=department)
    if not checklists:
        return None
    base = f"{department.upper()}-BASE"
    chosen = next((c for c in checklists if c.code == base), checklists[0])
    assert chosen.current_version is not None  # published_checklists keeps published ones only
    return repository.get_version_by_number(session, checklist_id=chosen.id, version=chosen.current_version)


def version_items(session: Session, *, version_id: str) -> list[ChecklistItem]:
    """The items of a published version in their order (empty for an unknown version)."""
    return repository.items_of(session, version_id)


def criterion_by_code(session: Session, *, code: str) -> MajorHazardCriterion | None:
    """The criterion with this code, active or not (check ``active`` where it matters), or None."""
    return repository.get_criterion_by_code(session, code)


# Helpers


def _get(session: Session, checklist_id: str, *, for_update: bool = False) -> Checklist:
    checklist = repository.get_checklist(session, checklist_id, for_update=for_update)
    if checklist is None:
        raise NotFound("Checklist not found.", code="checklist_not_found")
    return checklist


def _dump(items: list[ItemDraft]) -> list[dict[str, Any]]:
    return [item.model_dump() for item in items]


def _parse_draft(draft: list[dict[str, Any]]) -> list[ItemDraft]:
    """Re-read the stored draft under today's rules, naming any field that no longer passes."""
    items: list[ItemDraft] = []
    errors: list[FieldError] = []
    for index, raw in enumerate(draft):
        try:
            items.append(ItemDraft.model_validate(raw))
        except ValidationError as exc:
            errors.extend(FieldError(field=".".join(str(p) for p in ("body", "items", index, *err["loc"])),
                                     reason=err["msg"]) for err in exc.errors())
    _refuse(errors)
    return items


def _check_items(session: Session, items: list[ItemDraft], *, complete: bool) -> list[FieldError]:
    """The rules a single item's schema cannot see; ``complete`` adds what publishing requires."""
    errors: list[FieldError] = []

    def fail(index: int, name: str, reason: str) -> None:
        errors.append(FieldError(field=f"body.items.{index}.{name}", reason=reason))

    if complete and not items:
        errors.append(FieldError(field="body.items", reason="a checklist needs at least one item to be published"))
    known = repository.criteria_by_codes(session, {i.criterion_code for i in items if i.criterion_code})
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.code in seen:
            fail(index, "code", "duplicate item code in this checklist")
        seen.add(item.code)
        if item.answer_type != "number":
            for name in NUMBER_ONLY:
                if getattr(item, name) is not None:
                    fail(index, name, "only for answer_type number")
        elif item.number_min is not None and item.number_max is not None and item.number_min > item.number_max:
            fail(index, "number_min", "must not exceed number_max")
        if item.criterion_code is not None:
            criterion = known.get(item.criterion_code)
            if not item.major_hazard:
                fail(index, "criterion_code", "only major-hazard items cite a criterion")
            elif criterion is None or not criterion.active:
                fail(index, "criterion_code", "unknown or inactive major-hazard criterion")
        if complete and not item.basis:
            fail(index, "basis", "every item must cite its basis (standard and clause) to be published")
    return errors


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise Invalid("The checklist has invalid fields.", code="validation_failed", errors=errors)


def _unchanged_since_current(session: Session, checklist: Checklist, items: list[ItemDraft]) -> bool:
    if checklist.current_version is None:
        return False
    current = repository.get_version_by_number(session, checklist_id=checklist.id, version=checklist.current_version)
    if current is None or (current.title_zh, current.title_en) != (checklist.title_zh, checklist.title_en):
        return False
    published = [ItemDraftPublic.model_validate(row, from_attributes=True).model_dump()
                 for row in repository.items_of(session, current.id)]
    return published == [ItemDraftPublic.model_validate(item.model_dump()).model_dump() for item in items]


def _summary(checklist: Checklist) -> ChecklistSummary:
    return ChecklistSummary(
        id=checklist.id, department=checklist.department, code=checklist.code, title_zh=checklist.title_zh,
        title_en=checklist.title_en, current_version=checklist.current_version,
        draft_updated_at=checklist.draft_updated_at, archived=checklist.archived,
    )


def _detail(session: Session, checklist: Checklist) -> ChecklistDetail:
    versions = [VersionSummary(id=v.id, version=v.version, published_at=v.published_at, published_by=v.published_by,
                               note=v.note) for v in repository.list_versions_of(session, checklist.id)]
    return ChecklistDetail(
        **_summary(checklist).model_dump(), draft=[ItemDraftPublic.model_validate(item) for item in checklist.draft],
        draft_updated_by=checklist.draft_updated_by, versions=versions,
    )


def _version_public(version: ChecklistVersion, items: list[ChecklistItem]) -> ChecklistVersionPublic:
    return ChecklistVersionPublic(
        id=version.id, checklist_id=version.checklist_id, version=version.version, department=version.department,
        title_zh=version.title_zh, title_en=version.title_en, note=version.note, published_at=version.published_at,
        published_by=version.published_by, items=[ItemPublic.model_validate(item) for item in items],
    )
