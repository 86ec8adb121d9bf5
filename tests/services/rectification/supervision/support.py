"""Facilities and ledger entries written straight into the tables, and a fixed "today" for supervision."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.events import EventRecord
from eldersafe_rectification.facilities.models import RectificationFacility
from eldersafe_rectification.ledger.models import Hazard
from eldersafe_rectification.supervision import service as supervision_service
from tests.conftest import COMMUNITY, DISTRICT

URL = "/api/rectification/supervision-orders"
OTHER_SUBDISTRICT = DISTRICT + "002"
OTHER_COMMUNITY = OTHER_SUBDISTRICT + "001"
TODAY = date(2026, 3, 10)
FA = "0f0e0d0c-0000-4000-8000-00000000000a"
FB = "0f0e0d0c-0000-4000-8000-00000000000b"
FC = "0f0e0d0c-0000-4000-8000-00000000000c"  # in another sub-district


class Clock:
    """The district's date as the supervision service sees it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, day: date):
        self.monkeypatch = monkeypatch
        self.set(day)

    def set(self, day: date) -> None:
        self.day = day
        self.monkeypatch.setattr(supervision_service, "today", lambda: day)


def add_facility(session: Session, facility_id: str, name: str, area_code: str = COMMUNITY) -> None:
    session.add(RectificationFacility(facility_id=facility_id, name=name, area_code=area_code, manager="李四",
                                      manager_phone="13900000000", status="operating", updated_at=clock.now()))
    session.commit()  # a refused request rolls the test's session back: keep the setup out of its reach


def add_hazard(session: Session, facility_id: str, *, area_code: str = COMMUNITY, state: str = "open",
               item_code: str = "XF-01", description: str = "疏散通道堵塞", measures: str | None = "清理通道",
               deadline: date = TODAY + timedelta(days=7)) -> str:
    now = datetime(2026, 3, 1, 2, 0, tzinfo=clock.now().tzinfo)
    hazard_id = str(uuid.uuid4())
    session.add(Hazard(
        id=hazard_id, hazard_key=f"key-{hazard_id}", inspection_id=str(uuid.uuid4()), campaign_id=str(uuid.uuid4()),
        facility_id=facility_id, facility_name=None, area_code=area_code, departments=["fire"], item_code=item_code,
        item_text="疏散通道畅通", basis="GB 38600-2019 第7.3条", category="fire", severity="major",
        description=description, measures=measures, deadline=deadline, state=state, found_at=now, created_at=now,
        updated_at=now,
    ))
    session.commit()
    return hazard_id


def sign_off(session: Session, hazard_id: str) -> Hazard:
    hazard = session.get(Hazard, hazard_id)
    assert hazard is not None
    hazard.state = "signed_off"
    session.add(hazard)
    session.commit()
    return hazard


def world(session: Session) -> None:
    add_facility(session, FA, "甲院")
    add_facility(session, FB, "乙院")
    add_facility(session, FC, "丙院", area_code=OTHER_COMMUNITY)


def body(**fields: object) -> dict[str, object]:
    return {"level": "district", "supervisor_name": "王督办", "deadline": (TODAY + timedelta(days=10)).isoformat(),
            "requirements": "限期整改到位，逐项销号。", **fields}


def events_of(session: Session, order_id: str) -> list[EventRecord]:
    stmt = select(EventRecord).where(col(EventRecord.subject) == f"supervision_order:{order_id}") \
        .order_by(col(EventRecord.id))
    return list(session.exec(stmt))
