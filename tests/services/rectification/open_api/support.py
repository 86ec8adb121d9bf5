"""A small ledger written straight into the tables, and the open API's callers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_rectification.ledger import repository as ledger_repository
from eldersafe_rectification.ledger.models import Hazard
from eldersafe_rectification.ledger.overdue import today_china
from eldersafe_rectification.supervision.models import SupervisionOrder
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT

Auth = Callable[..., dict[str, str]]
FACILITIES_URL = "/api/open/v1/hazard-summaries/facilities"
AREAS_URL = "/api/open/v1/hazard-summaries/areas"
STATISTICS_URL = "/api/open/v1/statistics/hazards"
OTHER_COMMUNITY = SUBDISTRICT + "002"
OTHER_SUBDISTRICT_COMMUNITY = DISTRICT + "002001"
ALL_SCOPES = ["facilities:read", "hazards:read", "campaigns:read", "statistics:read"]


def platform(auth: Auth, *, scopes: list[str] | None = None, area: str = DISTRICT) -> dict[str, str]:
    return auth("city_platform", "client", subject="city-platform-demo", area=area,
                scopes=ALL_SCOPES if scopes is None else scopes)


def add_hazard(session: Session, facility_id: str, *, area_code: str = COMMUNITY, state: str = "open",
               severity: str = "ordinary", departments: tuple[str, ...] = ("fire",), overdue: bool = False,
               name: str | None = None) -> Hazard:
    """One entry (committed: a refused request rolls the test's session back); due in 10 days unless overdue."""
    today = today_china()
    now = clock.now()
    hazard_id = str(uuid.uuid4())
    hazard = Hazard(
        id=hazard_id, hazard_key=f"key-{hazard_id}", inspection_id=str(uuid.uuid4()),
        campaign_id="22222222-2222-2222-2222-222222222222", facility_id=facility_id,
        facility_name=name or f"院-{facility_id[:6]}", area_code=area_code, departments=list(departments),
        item_code=f"XF-{hazard_id[:4]}", item_text="疏散通道畅通", basis="GB 38600-2019 第7.3条", category="fire",
        severity=severity, description="疏散通道堵塞", measures="清理通道",
        deadline=today + timedelta(days=-3 if overdue else 10), state=state, found_at=now, created_at=now,
        updated_at=now)
    session.add(hazard)
    session.flush()
    ledger_repository.set_departments(session, hazard)
    session.commit()
    return hazard


def add_order(session: Session, hazards: list[Hazard], *, state: str = "open") -> SupervisionOrder:
    first = hazards[0]
    now = clock.now()
    order = SupervisionOrder(
        id=str(uuid.uuid4()), number=f"DB-2026-{uuid.uuid4().int % 10_000:04d}", target="hazards",
        hazard_ids=[h.id for h in hazards], facility_id=first.facility_id, facility_name=first.facility_name or "",
        area_code=first.area_code, level="district", supervisor_name="王督办", deadline=clock.china_today(),
        requirements="限期整改", issued_by="tf", issued_by_name="专班", issued_at=now, state=state,
        closed_at=now if state == "closed" else None)
    session.add(order)
    session.commit()
    return order


def touch(session: Session, hazard: Hazard, **changes: Any) -> Hazard:
    for name, value in {"updated_at": clock.now(), **changes}.items():
        setattr(hazard, name, value)
    session.add(hazard)
    session.commit()
    return hazard


def read_feed(client: Any, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    answer = client.get(FACILITIES_URL, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def when(hours: int) -> datetime:
    return clock.now() + timedelta(hours=hours)
