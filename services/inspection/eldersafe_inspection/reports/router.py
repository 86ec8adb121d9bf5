"""The survey report: JSON, an Excel workbook and a printable page."""

import uuid

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import render, service
from .schemas import SurveyReport

router = APIRouter(prefix="/api/inspection/campaigns", tags=["reports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/{campaign_id}/survey-report", response_model=SurveyReport,
            responses=problem_responses(401, 403, 404, 422))
def survey_report(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> SurveyReport:
    """The survey report over the campaign's facilities inside the caller's area."""
    return service.survey_report(session, principal=principal, campaign_id=str(campaign_id))


@router.get("/{campaign_id}/survey-report.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "The workbook"},
                       **problem_responses(401, 403, 404, 422)})
def survey_report_xlsx(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """The survey report as a workbook."""
    report = service.survey_report(session, principal=principal, campaign_id=str(campaign_id))
    return Response(render.to_xlsx(report), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="survey-report-{campaign_id}.xlsx"'})


@router.get("/{campaign_id}/survey-report.html", response_class=HTMLResponse,
            responses=problem_responses(401, 403, 404, 422))
def survey_report_html(campaign_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> HTMLResponse:
    """The survey report as a printable page (Chinese)."""
    report = service.survey_report(session, principal=principal, campaign_id=str(campaign_id))
    return HTMLResponse(render.to_html(report))
