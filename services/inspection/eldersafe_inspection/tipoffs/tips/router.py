"""Tips for staff: the triage queue, the case, its photos, triage actions, the thread and the outcome."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ...campaigns.fields import Department, FacilityId, Page, PageSize
from ...deps import CurrentPrincipal, SessionDep
from ...photos.storage import PhotoStorage, get_photo_storage
from . import service
from .schemas import (
    SearchText,
    TipAssign,
    TipCategory,
    TipClose,
    TipDuplicate,
    TipFilters,
    TipMessageCreate,
    TipMessagePublic,
    TipOutcomeCreate,
    TipPage,
    TipPublic,
    TipStatus,
)

router = APIRouter(prefix="/api/inspection/tips", tags=["tips"])
StorageDep = Annotated[PhotoStorage, Depends(get_photo_storage)]

_IMAGE: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {"schema": {"type": "string", "format": "binary"}}
                      for media in ("image/jpeg", "image/png", "image/webp")},
          "description": "The image, re-encoded without metadata"},
}


@router.get("", response_model=TipPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("status", "category", "department", "facility_id", "q", "page", "page_size")])
def list_tips(
    session: SessionDep,
    principal: CurrentPrincipal,
    status: Annotated[TipStatus | None, Query()] = None,
    category: Annotated[TipCategory | None, Query()] = None,
    department: Annotated[Department | None, Query(description="The assigned department")] = None,
    facility_id: Annotated[FacilityId | None, Query()] = None,
    q: Annotated[SearchText | None, Query(description="Number, description, location or facility name")] = None,
    page: Annotated[Page, Query()] = 1,
    page_size: Annotated[PageSize, Query()] = 20,
) -> TipPage:
    """The triage queue, newest first: tips in the caller's area (a department: the tips assigned to it)."""
    filters = TipFilters(status=status, category=category, department=department, facility_id=facility_id, q=q)
    return service.list_tips(session, principal=principal, filters=filters, page=page, page_size=page_size)


@router.get("/{tip_id}", response_model=TipPublic, responses=problem_responses(401, 403, 404, 422))
def get_tip(tip_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> TipPublic:
    """One tip with its photos, thread with the reporter and the hazards its check found."""
    return service.get_tip(session, principal=principal, tip_id=str(tip_id))


@router.get("/{tip_id}/photos/{photo_id}", response_class=Response,
            responses={**_IMAGE, **problem_responses(401, 403, 404, 422)})
def get_tip_photo(tip_id: uuid.UUID, photo_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                  storage: StorageDep) -> Response:
    """A photo the reporter sent (anyone who may see the tip)."""
    data, photo = service.read_photo(session, principal=principal, tip_id=str(tip_id), photo_id=str(photo_id),
                                     storage=storage)
    # A reporter's photo may show where they stood: no shared cache keeps it.
    return Response(data, media_type=photo.content_type,
                    headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})


@router.post("/{tip_id}/assign", response_model=TipPublic, responses=problem_responses(400, 401, 403, 404, 409, 422))
def assign(tip_id: uuid.UUID, data: TipAssign, session: SessionDep, principal: CurrentPrincipal) -> TipPublic:
    """Send the tip to a department as a tip_check inspection task (civil affairs staff and heads, admin)."""
    return service.assign(session, principal=principal, tip_id=str(tip_id), data=data)


@router.post("/{tip_id}/duplicate", response_model=TipPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def mark_duplicate(tip_id: uuid.UUID, data: TipDuplicate, session: SessionDep,
                   principal: CurrentPrincipal) -> TipPublic:
    """Close the tip as a duplicate of an earlier one (civil affairs staff and heads, admin)."""
    return service.mark_duplicate(session, principal=principal, tip_id=str(tip_id), data=data)


@router.post("/{tip_id}/close", response_model=TipPublic, responses=problem_responses(400, 401, 403, 404, 409, 422))
def close(tip_id: uuid.UUID, data: TipClose, session: SessionDep, principal: CurrentPrincipal) -> TipPublic:
    """Close the tip without a check; the reporter reads the reason (civil affairs staff and heads, admin)."""
    return service.close(session, principal=principal, tip_id=str(tip_id), data=data)


@router.post("/{tip_id}/messages", status_code=201, response_model=TipMessagePublic,
             responses=problem_responses(400, 401, 403, 404, 422))
def add_message(tip_id: uuid.UUID, data: TipMessageCreate, session: SessionDep,
                principal: CurrentPrincipal) -> TipMessagePublic:
    """Write to the reporter (triage or the assigned department); the reporter reads it with the receipt."""
    return service.add_message(session, principal=principal, tip_id=str(tip_id), data=data)


@router.post("/{tip_id}/outcome", response_model=TipPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def record_outcome(tip_id: uuid.UUID, data: TipOutcomeCreate, session: SessionDep,
                   principal: CurrentPrincipal) -> TipPublic:
    """State the check's outcome and tell the reporter (the assigned department, admin)."""
    return service.record_outcome(session, principal=principal, tip_id=str(tip_id), data=data)
