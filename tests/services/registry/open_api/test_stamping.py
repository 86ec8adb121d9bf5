"""Every way a facility changes moves it forward in the open API's change feed (eldersafe_common.sync)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, func, select

from eldersafe_common.events import EventType, publish
from eldersafe_registry.consumers import consumers
from eldersafe_registry.models import Facility
from tests.services.registry.helpers import World, approve_plan, facility_body, resident_body, row, vacate, workbook

BASE = "/api/registry/facilities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def seq(session: Session, facility_id: str) -> int:
    session.expire_all()
    facility = session.get(Facility, facility_id)
    assert facility is not None
    return facility.change_seq


def head(session: Session) -> int:
    return int(session.exec(select(func.max(Facility.change_seq))).one() or 0)


def moves(session: Session, facility_id: str, action: Callable[[], object]) -> None:
    """Run ``action`` and check the facility took the next number(s) of the sequence: past every other row."""
    before, top = seq(session, facility_id), head(session)
    action()
    after = seq(session, facility_id)
    assert after > top >= before, (before, top, after)


def ok(response: object, status: int = 200) -> None:
    assert getattr(response, "status_code", None) == status, getattr(response, "text", response)


class Classified(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    campaign_id: str
    facility_id: str
    area_code: str
    klass: str = Field(alias="class")
    suggested_class: str | None
    reason: str
    decided_by: str
    decided_at: datetime


FACILITY_CLASSIFIED = EventType("facility.classified", 1, Classified)


def classify(session: Session, facility: Facility | str, klass: str, decided_at: datetime) -> None:
    facility_id = facility if isinstance(facility, str) else facility.id
    publish(session, FACILITY_CLASSIFIED, subject=f"facility:{facility_id}", producer="inspection",
            payload=Classified(campaign_id="c1", facility_id=facility_id, area_code="999001001001", klass=klass,
                               suggested_class=klass, reason="按规则", decided_by="leader", decided_at=decided_at))
    (consumer,) = [c for c in consumers() if c.name == "registry.classification"]
    consumer.drain(session)


def test_every_write_path_stamps_the_facility(client: TestClient, session: Session, world: World,
                                              civil: dict, auth: Callable[..., dict[str, str]]) -> None:
    created = client.post(BASE, headers=civil, json=facility_body(name="新登记养老院"))
    ok(created, 201)
    facility_id = created.json()["id"]
    assert seq(session, facility_id) == head(session)

    moves(session, facility_id, lambda: ok(client.patch(f"{BASE}/{facility_id}", headers=civil,
                                                        json={"manager": "新负责人"})))
    moves(session, facility_id, lambda: ok(client.put(f"{BASE}/{facility_id}/readiness", headers=civil, json={
        "micro_fire_station": True, "extinguishers": 12, "evacuation_tools": True})))
    admitted: dict[str, str] = {}

    def admit() -> None:
        response = client.post(f"{BASE}/{facility_id}/residents", headers=civil, json=resident_body())
        ok(response, 201)
        admitted["id"] = response.json()["id"]

    moves(session, facility_id, admit)
    moves(session, facility_id, lambda: ok(client.request(
        "DELETE", f"{BASE}/{facility_id}/residents/{admitted['id']}", headers=civil,
        json={"moved_out_on": "2026-11-01", "destination": "家中"})))

    # Relocation changes both facilities' counts: both move.
    resident = world.resident_of(session, world.own)
    before_receiving = seq(session, world.sibling.id)
    moves(session, world.own.id, lambda: ok(client.post(
        f"{BASE}/{world.own.id}/residents/{resident.id}/relocate", headers=civil,
        json={"destination_kind": "facility", "receiving_facility_id": world.sibling.id,
              "moved_on": "2026-11-02", "confirmed_by_name": "王社工"})))
    assert seq(session, world.sibling.id) > before_receiving

    approve_plan(session, world.other_subdistrict, "suspend")
    vacate(session, world.other_subdistrict)
    session.commit()
    moves(session, world.other_subdistrict.id, lambda: ok(client.post(
        f"{BASE}/{world.other_subdistrict.id}/status", headers=civil,
        json={"status": "suspended", "reason": "按一院一策停业整改"})))

    moves(session, world.sibling.id, lambda: classify(session, world.sibling, "suspend",
                                                      datetime(2026, 11, 20, tzinfo=UTC)))
    sibling = session.get(Facility, world.sibling.id)
    assert sibling is not None and (sibling.classification, sibling.classified_at) == (
        "suspend", datetime(2026, 11, 20, tzinfo=UTC))

    top = head(session)
    response = client.post(f"{BASE}/import", headers=civil,
                           files={"file": ("f.xlsx", workbook(row(name="导入一院"), row(name="导入二院")), XLSX)})
    ok(response)
    imported = session.exec(select(Facility).where(Facility.change_seq > top)).all()
    assert sorted(f.name for f in imported) == ["导入一院", "导入二院"]


def test_a_refused_write_and_a_read_leave_the_sequence_alone(client: TestClient, session: Session, world: World,
                                                             civil: dict) -> None:
    top = head(session)
    assert client.get(f"{BASE}/{world.own.id}", headers=civil).status_code == 200
    response = client.post(f"{BASE}/{world.own.id}/status", headers=civil,
                           json={"status": "shut_down", "reason": "没有批准的方案"})
    assert response.status_code == 409
    assert head(session) == top


def test_an_older_classification_delivered_late_is_ignored(session: Session, world: World) -> None:
    classify(session, world.own, "shutdown", datetime(2026, 11, 21, tzinfo=UTC))
    stamped = seq(session, world.own.id)
    classify(session, world.own, "pass", datetime(2026, 11, 1, tzinfo=UTC))
    facility = session.get(Facility, world.own.id)
    assert facility is not None and facility.classification == "shutdown"
    assert seq(session, world.own.id) == stamped
    classify(session, world.own, "pass", datetime(2026, 12, 1, tzinfo=UTC))  # a later campaign's decision
    session.expire_all()
    facility = session.get(Facility, world.own.id)
    assert facility is not None and facility.classification == "pass" and facility.change_seq > stamped


def test_a_classification_of_an_unknown_facility_is_skipped(session: Session, world: World) -> None:
    ghost = "00000000-0000-4000-8000-000000000000"
    top = head(session)
    classify(session, ghost, "pass", datetime(2026, 11, 1, tzinfo=UTC))
    assert head(session) == top
    assert session.get(Facility, ghost) is None
