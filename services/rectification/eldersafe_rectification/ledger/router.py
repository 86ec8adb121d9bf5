"""Ledger routes (thin: the rules live in service, transitions, extensions, evidence and export)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from eldersafe_common.errors import TooLarge, problem_responses
from eldersafe_common.uploads import capped_body_route
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import evidence, export, extensions, service, transitions
from .schemas import (
    DeadlinePolicyPublic,
    Department,
    EvidencePublic,
    ExtensionCreate,
    ExtensionPublic,
    HazardDetail,
    HazardFilters,
    HazardPage,
    HazardPublic,
    HazardSort,
    HazardUpdate,
    NoteIn,
    RejectIn,
    Severity,
    State,
)

BODY_LIMIT = evidence.MAX_BYTES + 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _too_large() -> TooLarge:
    return TooLarge("Evidence may be at most 10 MB.", code="evidence_too_large")


router = APIRouter(prefix="/api/rectification", tags=["ledger"], route_class=capped_body_route(BODY_LIMIT, _too_large))
StoreDep = Annotated[evidence.EvidenceStore, Depends(evidence.get_evidence_store)]
Page = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=100)]
Id36 = Annotated[str, Query(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9_\-]+$")]
AreaCode = Annotated[str, Query(pattern=r"^[0-9]{1,32}$")]
FILTER_NAMES = ("campaign_id", "area_code", "facility_id", "department", "severity", "state", "overdue",
                "escalated", "deadline_from", "deadline_to", "q", "sort")


def hazard_filters(
    campaign_id: Id36 | None = None,
    area_code: AreaCode | None = None,
    facility_id: Id36 | None = None,
    department: Annotated[Department | None, Query()] = None,
    severity: Annotated[Severity | None, Query()] = None,
    state: Annotated[State | None, Query()] = None,
    overdue: Annotated[bool | None, Query()] = None,
    escalated: Annotated[bool | None, Query(description="Flagged for a supervision order by the escalation "
                                                        "ladder and still open")] = None,
    deadline_from: Annotated[date | None, Query()] = None,
    deadline_to: Annotated[date | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100, pattern=r"^[^\x00]*$")] = None,
    sort: Annotated[HazardSort, Query()] = "deadline",
) -> HazardFilters:
    """The list filters, shared with the export."""
    return HazardFilters(campaign_id=campaign_id, area_code=area_code, facility_id=facility_id,
                         department=department, severity=severity, state=state, overdue=overdue,
                         escalated=escalated, deadline_from=deadline_from, deadline_to=deadline_to, q=q, sort=sort)


FiltersDep = Annotated[HazardFilters, Depends(hazard_filters)]


@router.get("/hazards", response_model=HazardPage, responses=problem_responses(401, 403, 422),
            dependencies=[only_query(*FILTER_NAMES, "page", "page_size")])
def list_hazards(session: SessionDep, principal: CurrentPrincipal, filters: FiltersDep, page: Page = 1,
                 page_size: PageSize = 20) -> HazardPage:
    """The ledger inside the caller's area, filtered, sorted and paged."""
    return service.list_hazards(session, principal=principal, filters=filters, page=page, page_size=page_size)


@router.get("/hazards/export", response_class=FileResponse, responses={
    200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}, "description": "The ledger"},
    **problem_responses(401, 403, 422)}, dependencies=[only_query(*FILTER_NAMES)])
def export_hazards(session: SessionDep, principal: CurrentPrincipal, filters: FiltersDep) -> FileResponse:
    """The filtered ledger as an xlsx workbook."""
    path = export.export_xlsx(session, principal=principal, filters=filters)
    return FileResponse(path, media_type=XLSX, filename="ledger.xlsx",
                        background=BackgroundTask(Path(path).unlink, missing_ok=True))


@router.get("/hazards/{hazard_id}", response_model=HazardDetail, responses=problem_responses(401, 403, 404))
def get_hazard(hazard_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> HazardDetail:
    """One hazard with its history, evidence and extensions."""
    return service.get_hazard(session, principal=principal, hazard_id=str(hazard_id))


@router.patch("/hazards/{hazard_id}", response_model=HazardPublic,
              responses=problem_responses(400, 401, 403, 404, 409, 422))
def update_hazard(hazard_id: uuid.UUID, data: HazardUpdate, session: SessionDep,
                  principal: CurrentPrincipal) -> HazardPublic:
    """Assign people and measures (owning department, civil affairs, admin); ``version`` must match."""
    return transitions.update_hazard(session, principal=principal, hazard_id=str(hazard_id), data=data)


@router.post("/hazards/{hazard_id}/start", response_model=HazardPublic,
             responses=problem_responses(401, 403, 404, 409))
def start(hazard_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> HazardPublic:
    """Begin rectifying (the facility's manager or the owning department)."""
    return transitions.start(session, principal=principal, hazard_id=str(hazard_id))


@router.post("/hazards/{hazard_id}/evidence", status_code=201, response_model=EvidencePublic,
             responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422))
def upload_evidence(hazard_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, store: StoreDep,
                    file: Annotated[UploadFile, File(description="JPEG, PNG, WebP or PDF, at most 10 MB")],
                    note: Annotated[str | None, Form(max_length=4000, pattern=r"^[^\x00]*$")] = None,
                    ) -> EvidencePublic:
    """Attach rectification evidence; images lose their metadata (facility manager or owning department)."""
    return evidence.upload(session, principal=principal, hazard_id=str(hazard_id), stream=file.file,
                           filename=file.filename, note=note, store=store)


@router.get("/hazards/{hazard_id}/evidence/{evidence_id}", response_class=FileResponse, responses={
    200: {"content": {m: {"schema": {"type": "string", "format": "binary"}} for m in
                      ("image/jpeg", "image/png", "image/webp", "application/pdf")}, "description": "The file"},
    **problem_responses(401, 403, 404)})
def get_evidence(hazard_id: uuid.UUID, evidence_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal,
                 store: StoreDep) -> FileResponse:
    """The evidence file, streamed."""
    path, row = evidence.locate(session, principal=principal, hazard_id=str(hazard_id),
                                evidence_id=str(evidence_id), store=store)
    return FileResponse(path, media_type=row.content_type, headers={"X-Content-Type-Options": "nosniff"})


@router.post("/hazards/{hazard_id}/submit", response_model=HazardPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def submit(hazard_id: uuid.UUID, data: NoteIn, session: SessionDep, principal: CurrentPrincipal) -> HazardPublic:
    """Submit the rectification for acceptance (evidence required)."""
    return transitions.submit(session, principal=principal, hazard_id=str(hazard_id), note=data.note)


@router.post("/hazards/{hazard_id}/accept", response_model=HazardPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def accept(hazard_id: uuid.UUID, data: NoteIn, session: SessionDep, principal: CurrentPrincipal) -> HazardPublic:
    """Accept for the caller's department (never by the submitter; a joint hazard needs every department)."""
    return transitions.accept(session, principal=principal, hazard_id=str(hazard_id), note=data.note)


@router.post("/hazards/{hazard_id}/reject", response_model=HazardPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def reject(hazard_id: uuid.UUID, data: RejectIn, session: SessionDep, principal: CurrentPrincipal) -> HazardPublic:
    """Refuse the rectification: back to in_progress with the reason."""
    return transitions.reject(session, principal=principal, hazard_id=str(hazard_id), reason=data.reason)


@router.post("/hazards/{hazard_id}/sign-off", response_model=HazardPublic,
             responses=problem_responses(401, 403, 404, 409))
def sign_off(hazard_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> HazardPublic:
    """Sign the hazard off after acceptance (owning department head or civil affairs head)."""
    return transitions.sign_off(session, principal=principal, hazard_id=str(hazard_id))


@router.post("/hazards/{hazard_id}/extensions", status_code=201, response_model=ExtensionPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def request_extension(hazard_id: uuid.UUID, data: ExtensionCreate, session: SessionDep,
                      principal: CurrentPrincipal) -> ExtensionPublic:
    """Ask for a later deadline with a reason (facility manager or owning department)."""
    return extensions.request_extension(session, principal=principal, hazard_id=str(hazard_id), data=data)


@router.post("/hazards/{hazard_id}/extensions/{extension_id}/approve", response_model=ExtensionPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def approve_extension(hazard_id: uuid.UUID, extension_id: uuid.UUID, data: NoteIn, session: SessionDep,
                      principal: CurrentPrincipal) -> ExtensionPublic:
    """Approve an extension; the deadline moves (the owning department's head)."""
    return extensions.decide_extension(session, principal=principal, hazard_id=str(hazard_id),
                                    extension_id=str(extension_id), approve=True, note=data.note)


@router.post("/hazards/{hazard_id}/extensions/{extension_id}/reject", response_model=ExtensionPublic,
             responses=problem_responses(400, 401, 403, 404, 409, 422))
def reject_extension(hazard_id: uuid.UUID, extension_id: uuid.UUID, data: NoteIn, session: SessionDep,
                     principal: CurrentPrincipal) -> ExtensionPublic:
    """Reject an extension (the owning department's head)."""
    return extensions.decide_extension(session, principal=principal, hazard_id=str(hazard_id),
                                    extension_id=str(extension_id), approve=False, note=data.note)


@router.get("/campaigns/{campaign_id}/deadline-policy", response_model=DeadlinePolicyPublic,
            responses=problem_responses(401, 403, 404, 422))
def get_policy(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> DeadlinePolicyPublic:
    """The campaign's hazard deadlines, as set on the campaign itself (404 for a campaign not announced here)."""
    return service.get_policy(session, principal=principal, campaign_id=str(campaign_id))


@router.put("/campaigns/{campaign_id}/deadline-policy", status_code=409, deprecated=True,
            responses=problem_responses(401, 403, 409, 422))
def put_policy(campaign_id: uuid.UUID, principal: CurrentPrincipal) -> None:
    """Refused (409 ``deadline_days_set_on_campaign``): the days are set on the campaign (inspection's PATCH)."""
    service.put_policy(principal=principal, campaign_id=str(campaign_id))
