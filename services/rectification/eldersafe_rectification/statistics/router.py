"""Statistics routes for the campaign's leaders (thin: the rules live in service.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import HazardStatisticsPublic

router = APIRouter(prefix="/api/rectification", tags=["statistics"])


@router.get("/statistics/hazards", response_model=HazardStatisticsPublic, responses=problem_responses(401, 403, 422),
            dependencies=[only_query("campaign_id", "area_code")])
def hazard_statistics(
    session: SessionDep, principal: CurrentPrincipal,
    campaign_id: Annotated[str | None, Query(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9_\-]+$")] = None,
    area_code: Annotated[str | None, Query(pattern=r"^[0-9]{1,32}$",
                                           description="Narrow to an area inside the caller's")] = None,
) -> HazardStatisticsPublic:
    """Hazards by state, severity, department and area, open and overdue (leaders; from the ledger's counters)."""
    return service.hazard_statistics(session, principal=principal, campaign_id=campaign_id, area_code=area_code)
