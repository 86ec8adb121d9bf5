"""Who may print which document, and what goes into it."""

from __future__ import annotations

from sqlmodel import Session

from eldersafe_common.auth import CAMPAIGN_ROLES, Principal, Role
from eldersafe_common.errors import Forbidden, NotFound

from ..facilities.models import RectificationFacility
from ..supervision import repository as supervision_repository
from ..supervision import service as supervision
from . import render
from .settings import get_document_settings


def rectification_notice(session: Session, *, principal: Principal, facility_id: str) -> str:
    """整改通知书 for a facility inside the caller's area (a facility manager: their own)."""
    principal.require(*CAMPAIGN_ROLES)
    if principal.role is Role.facility and not principal.facility:
        raise Forbidden("The token names no facility.", code="facility_missing")
    facility = session.get(RectificationFacility, facility_id)
    if facility is None or not principal.covers(facility.area_code) or (
            principal.role is Role.facility and principal.facility != facility_id):
        raise NotFound("No such facility.", code="facility_not_found")
    hazards = supervision_repository.open_hazards_of_facility(session, facility_id=facility_id)
    return render.rectification_notice(facility, hazards, issuer=get_document_settings().issuer_name,
                                       on=supervision.today())


def supervision_document(session: Session, *, principal: Principal, order_id: str) -> str:
    """督办单 for an order the caller may read, with the hazards it covers."""
    order = supervision.visible_order(session, principal=principal, order_id=order_id)
    found = {h.id: h for h in supervision_repository.hazards_by_ids(session, hazard_ids=order.hazard_ids)}
    hazards = [found[hid] for hid in order.hazard_ids if hid in found]
    return render.supervision_document(order, hazards, issuer=get_document_settings().issuer_name)
