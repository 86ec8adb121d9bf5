"""Shared set-up for the staff-side tip tests: facilities from registry events, a campaign made through the API
on its survey day, a published fire checklist (one ordinary and one major item), and tips written as intake
leaves them."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.events import EventRecord
from eldersafe_inspection.tipoffs.tips.models import Tip, TipMessage, TipPhoto
from tests.conftest import COMMUNITY, DISTRICT
from tests.services.inspection.campaigns.support import (
    FA,
    FB,
    FC,
    FE,
    OTHER_COMMUNITY,
    create_campaign,
    seed_facilities,
)
from tests.services.inspection.checklists.helpers import item

TIPS = "/api/inspection/tips"
BASE = "/api/inspection"
# (facility id, name, area code) as the registry events in seed_facilities set them.
A = (FA, "甲院", COMMUNITY)
B = (FB, "乙院", COMMUNITY)
C = (FC, "丙院", OTHER_COMMUNITY)
E = (FE, "戊院", COMMUNITY)


@dataclass
class World:
    campaign_id: str
    items: dict[str, str]  # code → item id of the published fire checklist


def _publish_fire_checklist(client: TestClient, auth: Any) -> dict[str, str]:
    fire_head = auth("fire", "head")
    body = {"department": "fire", "code": "FIRE-TIP", "title_zh": "消防检查表",
            "items": [item("T1"), item("T2", text_zh="疏散通道堵塞、锁闭", major_hazard=True)]}
    created = client.post(f"{BASE}/checklists", json=body, headers=fire_head)
    assert created.status_code == 201, created.text
    published = client.post(f"{BASE}/checklists/{created.json()['id']}/publish", json={}, headers=fire_head)
    assert published.status_code == 201, published.text
    return {row["code"]: row["id"] for row in published.json()["items"]}


def build_world(session: Session, client: TestClient, auth: Any) -> World:
    """Facilities A, B (test community), C (other sub-district), E (shut down); a district campaign over the
    fire, civil affairs and health departments; a published fire checklist."""
    seed_facilities(session)
    session.commit()
    campaign = create_campaign(client, auth)
    items = _publish_fire_checklist(client, auth)
    return World(campaign_id=campaign["id"], items=items)


def make_tip(session: Session, *, facility: tuple[str, str, str] | None = None, status: str = "received",
             category: str = "fire", description: str = "楼道里堆满了纸箱，消防通道被堵住了",
             assigned_department: str | None = None, created_offset: int = 0, contact: bool = False,
             **fields: Any) -> Tip:
    """A tip as intake stores it; ``facility`` is (id, name, area code), else it only says where (district)."""
    now = clock.now() + timedelta(seconds=created_offset)
    facility_id, facility_name, area_code = facility or (None, None, DISTRICT)
    tip = Tip(id=str(uuid.uuid4()), number=f"JB-2026-{secrets.randbelow(10**6):06d}",
              receipt_hash=secrets.token_hex(32), source="web", category=category, description=description,
              facility_id=facility_id, facility_name=facility_name,
              location=None if facility_id else "青松街道菜市场后面的小院", area_code=area_code, status=status,
              assigned_department=assigned_department, created_at=now, updated_at=now,
              contact_ciphertext="sealed" if contact else None, contact_consent=contact, **fields)
    session.add(tip)
    # Committed as a savepoint: a refused request rolls back its own work, never the test's set-up.
    session.commit()
    return tip


def add_photo(session: Session, tip: Tip, storage_key: str) -> TipPhoto:
    photo = TipPhoto(id=str(uuid.uuid4()), tip_id=tip.id, storage_key=storage_key, content_type="image/png",
                     size=10, width=2, height=2, created_at=clock.now())
    session.add(photo)
    session.commit()
    return photo


def add_reporter_message(session: Session, tip: Tip, body: str) -> TipMessage:
    message = TipMessage(id=str(uuid.uuid4()), tip_id=tip.id, author="reporter", body=body, created_at=clock.now())
    session.add(message)
    session.commit()
    return message


def events_of(session: Session, event_type: str) -> list[EventRecord]:
    stmt = select(EventRecord).where(EventRecord.type == event_type).order_by(col(EventRecord.id))
    return list(session.exec(stmt))
