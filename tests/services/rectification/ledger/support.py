"""hazard.found as inspection publishes it (v1 payload), and helpers to put hazards in the ledger."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord, EventType, publish
from eldersafe_inspection.inspections.events import FINDING_WITHDRAWN, FindingWithdrawnPayload, HazardInspector
from eldersafe_rectification.ledger.consumer import ledger_consumer
from eldersafe_rectification.ledger.models import Hazard
from tests.conftest import COMMUNITY
from tests.support.registry_events import register


class Inspector(BaseModel):
    subject: str = "test-fire-staff"
    name: str = "Test fire staff"


class Found(BaseModel):
    hazard_key: str
    inspection_id: str = "11111111-1111-1111-1111-111111111111"
    campaign_id: str = "22222222-2222-2222-2222-222222222222"
    facility_id: str = "f-ledger"
    area_code: str = COMMUNITY
    department: str = "fire"
    item_code: str = "FIRE-01"
    item_text: str = "疏散通道畅通"
    basis: str = "GB 50016"
    category: str = "fire"
    severity: str = "major"
    criterion_code: str | None = None
    description: str = "疏散通道堆放杂物"
    measures: str | None = "清理杂物"
    photo_ids: list[str] = []
    inspector: Inspector = Inspector()
    found_at: datetime = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    self_check: bool = False
    mode: str = "announced"


HAZARD_FOUND = EventType("hazard.found", 1, Found)
FACILITY = "f-ledger"


def found(session: Session, **fields: Any) -> None:
    fields.setdefault("hazard_key", f"k-{uuid.uuid4()}")
    publish(session, HAZARD_FOUND, subject=f"inspection:{uuid.uuid4()}", payload=Found(**fields),
            producer="inspection")


def new_hazard(session: Session, **fields: Any) -> Hazard:
    """A hazard entered through the consumer, for the facility f-ledger (registered with manager 李四)."""
    if not session.exec(
            select(EventRecord).where(col(EventRecord.subject) == f"facility:{FACILITY}")).first():
        register(session, FACILITY, "松鹤颐养院")
    key = fields.setdefault("hazard_key", f"k-{uuid.uuid4()}")
    found(session, **fields)
    from eldersafe_rectification.consumers import consumers

    for consumer in consumers():
        consumer.drain(session)
    from eldersafe_rectification.ledger.repository import hazard_by_key

    hazard = hazard_by_key(session, key)
    assert hazard is not None
    return hazard


def events_of(session: Session, hazard: Hazard) -> list[str]:
    return [row.type for row in session.exec(select(EventRecord).where(
        col(EventRecord.subject) == f"hazard:{hazard.id}").order_by(col(EventRecord.id)))]


def withdraw_finding(session: Session, hazard: Hazard) -> None:
    """inspection's finding.withdrawn for the hazard's (latest) finding, then the ledger's consumer."""
    publish(session, FINDING_WITHDRAWN, subject=f"facility:{FACILITY}", producer="inspection",
            payload=FindingWithdrawnPayload(
                hazard_key=hazard.last_relapse_key or hazard.hazard_key, inspection_id=str(uuid.uuid4()),
                amendment_id="a-1", campaign_id=hazard.campaign_id, facility_id=FACILITY,
                area_code=hazard.area_code, department=hazard.departments[0], item_code=hazard.item_code,
                reason="原记录有误", withdrawn_by=HazardInspector(subject="s-inspector", name="王消防"),
                withdrawn_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC), self_check=False))
    ledger_consumer().drain(session)


__all__ = ["ledger_consumer"]
