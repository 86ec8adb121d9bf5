"""Registry facility events as the registry publishes them (full v1 payloads), for feeding consumers."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from tests.conftest import COMMUNITY


class Snapshot(BaseModel):
    facility_id: str
    name: str
    uscc: str = "91230400MA1234567X"
    ownership: str = "private"
    address: str = "南山区示例路 1 号"
    subdistrict_code: str = COMMUNITY[:9]
    community_code: str = COMMUNITY
    area_code: str = COMMUNITY
    latitude: float = 47.35
    longitude: float = 130.29
    legal_representative: str = "张三"
    legal_representative_phone: str = "13800000000"
    manager: str | None = "李四"
    manager_phone: str | None = "13900000000"
    licensed_beds: int = 60
    residents_count: int = 42
    status: str = "operating"


class Updated(Snapshot):
    changed: list[str] = []


class StatusChanged(BaseModel):
    facility_id: str
    area_code: str = COMMUNITY
    from_status: str
    to_status: str
    reason: str = "检查发现重大隐患"
    changed_by: str = "test-civil_affairs-staff"


REGISTERED = EventType("facility.registered", 1, Snapshot)
UPDATED = EventType("facility.updated", 1, Updated)
STATUS_CHANGED = EventType("facility.status_changed", 1, StatusChanged)


def register(session: Session, facility_id: str, name: str, **fields: Any) -> None:
    publish(session, REGISTERED, subject=f"facility:{facility_id}",
            payload=Snapshot(facility_id=facility_id, name=name, **fields), producer="registry")


def update(session: Session, facility_id: str, name: str, changed: list[str], **fields: Any) -> None:
    publish(session, UPDATED, subject=f"facility:{facility_id}",
            payload=Updated(facility_id=facility_id, name=name, changed=changed, **fields), producer="registry")


def change_status(session: Session, facility_id: str, from_status: str, to_status: str) -> None:
    publish(session, STATUS_CHANGED, subject=f"facility:{facility_id}",
            payload=StatusChanged(facility_id=facility_id, from_status=from_status, to_status=to_status),
            producer="registry")
