"""Who may see which facilities in rectification."""

from sqlmodel import Session

from eldersafe_common.auth import CAMPAIGN_ROLES, Principal, Role
from eldersafe_common.errors import Forbidden

from . import repository
from .schemas import RectificationFacilityPage, RectificationFacilityPublic


def list_facilities(*, session: Session, principal: Principal, page: int, page_size: int) -> RectificationFacilityPage:
    principal.require(*CAMPAIGN_ROLES)
    facility_id = None
    if principal.role is Role.facility:
        if not principal.facility:
            # Without the claim the area alone would show a manager every facility in the community.
            raise Forbidden("The token names no facility.", code="facility_missing")
        facility_id = principal.facility
    rows, total = repository.list_facilities(
        session, area=principal.area, facility_id=facility_id, offset=(page - 1) * page_size, limit=page_size
    )
    return RectificationFacilityPage(
        items=[RectificationFacilityPublic.model_validate(row) for row in rows],
        total=total,
        page=page,
        page_size=page_size,
    )
