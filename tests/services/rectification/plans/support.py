"""Events other services publish about plans and relocation (v1 payloads as the contract states), and plan bodies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.events import EventRecord, EventType, publish
from eldersafe_rectification.consumers import consumers
from tests.conftest import COMMUNITY
from tests.support.campaign_events import announce

CAMPAIGN = "22222222-2222-2222-2222-222222222222"


class Classified(BaseModel):
    model_config = ConfigDict(serialize_by_alias=True, populate_by_name=True)

    campaign_id: str = CAMPAIGN
    facility_id: str
    area_code: str = COMMUNITY
    klass: str = Field(alias="class")
    suggested_class: str | None = None
    reason: str = "检查结论"
    decided_by: str = "test-task_force-leader"
    decided_at: datetime = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


class Relocated(BaseModel):
    facility_id: str
    area_code: str = COMMUNITY
    resident_id: str
    name: str = "老人"
    id_number: str = "999001********1234"
    care_level: str = "self_care"
    destination_kind: str = "facility"
    receiving_facility_id: str | None = None
    receiving_facility_name: str | None = "竹园老年公寓"
    receiving_resident_id: str | None = None
    destination: str = "竹园老年公寓"
    moved_on: date = date(2026, 3, 5)
    confirmed_by_name: str = "家属王某"
    relocated_by: str = "test-civil_affairs-staff"
    relocated_by_name: str | None = "Test civil_affairs staff"
    remaining_residents: int = 0


CLASSIFIED = EventType("facility.classified", 1, Classified)
RELOCATED = EventType("resident.relocated", 1, Relocated)


def campaign(session: Session, *facility_ids: str, campaign_id: str = CAMPAIGN, started_days_ago: int = 10,
             updated: bool = False) -> None:
    """Announce the campaign as inspection does, under way today (China date), including ``facility_ids``."""
    announce(session, campaign_id, start=clock.china_today() - timedelta(days=started_days_ago),
             targets=list(facility_ids), updated=updated)


def classify(session: Session, facility_id: str, klass: str, **fields: Any) -> None:
    publish(session, CLASSIFIED, subject=f"facility:{facility_id}", producer="inspection",
            payload=Classified(facility_id=facility_id, klass=klass, **fields))


def relocated(session: Session, facility_id: str, resident_id: str, **fields: Any) -> None:
    publish(session, RELOCATED, subject=f"facility:{facility_id}", producer="registry",
            payload=Relocated(facility_id=facility_id, resident_id=resident_id, **fields))


def drain(session: Session) -> int:
    """Let every rectification consumer handle what is pending, as the worker would, and commit the test's savepoint
    (a refused request rolls the session back, and must not take the test's data with it)."""
    handled = sum(consumer.drain(session) for consumer in consumers())
    session.commit()
    return handled


def events(session: Session, type_: str) -> list[EventRecord]:
    return list(session.exec(select(EventRecord).where(col(EventRecord.type) == type_).order_by(col(EventRecord.id))))


def in_days(days: int) -> str:
    return (clock.china_today() + timedelta(days=days)).isoformat()


def plan_body(**overrides: Any) -> dict[str, Any]:
    """A plan the leader can approve (a cooperative facility, to be suspended)."""
    body: dict[str, Any] = {
        "campaign_id": CAMPAIGN,
        "decision": "suspend",
        "measures": "停业整顿，整改消防通道与电气线路",
        "milestones": [{"title": "完成老人安置", "owner": "民政局王科长", "due_date": in_days(7)},
                       {"title": "完成整改验收", "owner": "消防大队李队长", "due_date": in_days(30)}],
        "relocation_plan": "老人分批转至竹园老年公寓，家属自愿接回者登记确认",
        "cooperation": "cooperative",
        "support_measures": "协调接收床位，减免整改期间管理费用",
    }
    body.update(overrides)
    return body
