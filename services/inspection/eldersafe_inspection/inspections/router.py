"""Inspections: drafts, answers, acknowledgement, submission and amendments."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import (
    IDEMPOTENCY_KEY_PATTERN,
    AcknowledgementCreate,
    AmendmentCreate,
    AnswersUpdate,
    Department,
    FacilityId,
    InspectionCreate,
    InspectionFilters,
    InspectionPage,
    InspectionPublic,
    Mode,
    Status,
)

router = APIRouter(prefix="/api/inspection/inspections", tags=["inspections"])

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN,
           description="Repeat a request safely: the same key from the same caller returns the first result"),
]
FILTER_NAMES = frozenset({"campaign_id", "facility_id", "department", "mode", "status", "page", "page_size"})


@router.get("", response_model=InspectionPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query(*FILTER_NAMES)])
def list_inspections(
    session: SessionDep,
    principal: CurrentPrincipal,
    campaign_id: Annotated[uuid.UUID | None, Query()] = None,
    facility_id: Annotated[FacilityId | None, Query()] = None,
    department: Annotated[Department | None, Query()] = None,
    mode: Annotated[Mode | None, Query()] = None,
    status: Annotated[Status | None, Query()] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> InspectionPage:
    """Inspections inside the caller's area, newest first (a facility manager: their own facility)."""
    filters = InspectionFilters(campaign_id=str(campaign_id) if campaign_id else None, facility_id=facility_id,
                                department=department, mode=mode, status=status)
    return service.list_inspections(session, principal=principal, filters=filters, page=page, page_size=page_size)


@router.post("", status_code=201, response_model=InspectionPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def create_inspection(data: InspectionCreate, session: SessionDep, principal: CurrentPrincipal, response: Response,
                      idempotency_key: IdempotencyKey = None) -> InspectionPublic:
    """Open a draft with one section per department (departments; facility managers: self-checks only)."""
    public, replayed = service.create_inspection(session, principal=principal, data=data,
                                                 idempotency_key=idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return public


@router.get("/{inspection_id}", response_model=InspectionPublic, responses=problem_responses(401, 403, 404))
def get_inspection(inspection_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> InspectionPublic:
    """One inspection with its sections, answers, findings, acknowledgement and amendments."""
    return service.get_inspection(session, principal=principal, inspection_id=str(inspection_id))


@router.put("/{inspection_id}/answers", response_model=InspectionPublic,
            responses=problem_responses(400, 401, 403, 404, 409, 422))
def save_answers(inspection_id: uuid.UUID, data: AnswersUpdate, session: SessionDep,
                 principal: CurrentPrincipal) -> InspectionPublic:
    """Autosave answers of a draft (each inspector answers their own department's section)."""
    return service.save_answers(session, principal=principal, inspection_id=str(inspection_id), data=data)


@router.post("/{inspection_id}/acknowledge", response_model=InspectionPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def acknowledge(inspection_id: uuid.UUID, data: AcknowledgementCreate, session: SessionDep,
                principal: CurrentPrincipal) -> InspectionPublic:
    """Record the facility manager's acknowledgement (name and time)."""
    return service.acknowledge(session, principal=principal, inspection_id=str(inspection_id), data=data)


@router.post("/{inspection_id}/submit", response_model=InspectionPublic,
             responses=problem_responses(401, 403, 404, 409, 422))
def submit(inspection_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
           idempotency_key: IdempotencyKey = None) -> InspectionPublic:
    """Make the inspection final; announces it and one hazard per finding not fixed on the spot."""
    return service.submit(session, principal=principal, inspection_id=str(inspection_id),
                          idempotency_key=idempotency_key)


@router.post("/{inspection_id}/amendments", status_code=201, response_model=InspectionPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def amend(inspection_id: uuid.UUID, data: AmendmentCreate, session: SessionDep,
          principal: CurrentPrincipal) -> InspectionPublic:
    """Change answers after submission; the original answers are kept and new hazards announced."""
    return service.amend(session, principal=principal, inspection_id=str(inspection_id), data=data)
