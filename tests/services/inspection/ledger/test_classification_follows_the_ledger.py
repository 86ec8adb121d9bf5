"""The classification follows the ledger, through real inspections and rectification's own hazard.* events
taken in by inspection's ledger consumer (no fakes): a major hazard signed off no longer suspends, an unfixable
one keeps shutdown until the ledger closes it, and a facility not inspected by every department is never pass."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord, ReceivedEvent
from eldersafe_inspection.campaigns.models import Campaign
from eldersafe_inspection.classification.ledger_consumer import ledger_consumer, on_hazard
from eldersafe_inspection.ledger.models import InspectionHazard
from eldersafe_inspection.main import app
from eldersafe_inspection.photos.storage import LocalPhotoStorage, get_photo_storage
from eldersafe_rectification.ledger import events as ledger
from tests.support.ledger_events import hazard_event, new_hazard_id

from ..inspections.helpers import URL, World, build_world, create_body, failing, passing, upload

CAMPAIGNS = "/api/inspection/campaigns"


@pytest.fixture
def world(session: Session, tmp_path: Path, client: TestClient) -> Iterator[World]:
    app.dependency_overrides[get_photo_storage] = lambda: LocalPhotoStorage(tmp_path / "photos")
    world = build_world(session)
    campaign = session.get(Campaign, world.campaign_id)
    assert campaign is not None
    campaign.departments = ["fire", "market"]  # the two departments the world has checklists for
    session.add(campaign)
    session.commit()
    yield world


def inspect(client: TestClient, auth: Any, world: World, *, fire: list[dict[str, Any]]) -> dict[str, Any]:
    """A fire inspection and a market one of 甲院, both submitted; returns the fire inspection."""
    headers = auth("fire", "staff")
    draft = client.post(URL, json=create_body(world), headers=headers).json()
    client.put(f"{URL}/{draft['id']}/answers", json={"answers": fire}, headers=headers).raise_for_status()
    submitted = client.post(f"{URL}/{draft['id']}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.text
    market = auth("market", "staff")
    other = client.post(URL, headers=market, json=create_body(
        world, departments=["market"], inspectors=[{"name": "李市监", "department": "market"}])).json()
    client.put(f"{URL}/{other['id']}/answers", json={"answers": passing(world, "M1")},
               headers=market).raise_for_status()
    client.post(f"{URL}/{other['id']}/submit", headers=market).raise_for_status()
    return dict(submitted.json())


def suggestions(client: TestClient, auth: Any, world: World) -> dict[str, dict[str, Any]]:
    rows = client.get(f"{CAMPAIGNS}/{world.campaign_id}/classifications", headers=auth("task_force", "leader"))
    return {row["facility_id"]: row for row in rows.json()}


def report_classes(client: TestClient, auth: Any, world: World) -> dict[str, int]:
    report = client.get(f"{CAMPAIGNS}/{world.campaign_id}/survey-report", headers=auth("civil_affairs", "head"))
    return {row["klass"]: row["suggested"] for row in report.json()["facilities_by_class"]}


def ledger_says(session: Session, world: World, event_type: Any, *, hazard_id: str, key: str, state: str,
                **fields: Any) -> None:
    hazard_event(session, event_type, hazard_id=hazard_id, hazard_key=key, campaign_id=world.campaign_id,
                 facility_id=world.facility_id, state=state, **fields)
    ledger_consumer().drain(session)
    session.commit()


def fire_answers(client: TestClient, auth: Any, world: World, *failures: dict[str, Any]) -> list[dict[str, Any]]:
    failed = {answer["item_id"] for answer in failures}
    photo = upload(client, auth("fire", "staff"))
    rest = [a for a in passing(world, "F1", "F2", "F3", "F4", F4=[photo]) if a["item_id"] not in failed]
    return [*failures, *rest]


def test_a_signed_off_major_hazard_no_longer_suspends(session: Session, client: TestClient, auth: Any,
                                                     world: World) -> None:
    major = failing(world, "F1", description="疏散通道堵塞", severity="major")
    inspection = inspect(client, auth, world, fire=fire_answers(client, auth, world, major))
    (finding,) = inspection["findings"]
    key, hazard_id = finding["hazard_key"], new_hazard_id()
    # Announced but not yet in the ledger: still open.
    assert suggestions(client, auth, world)[world.facility_id]["suggested_class"] == "suspend"
    ledger_says(session, world, ledger.ASSIGNED, hazard_id=hazard_id, key=key, state="open")
    ledger_says(session, world, ledger.SUBMITTED, hazard_id=hazard_id, key=key, state="submitted")
    row = suggestions(client, auth, world)[world.facility_id]
    assert row["suggested_class"] == "suspend" and row["reasons"][0]["text_zh"].startswith("存在未整改的重大事故隐患")
    ledger_says(session, world, ledger.ACCEPTED, hazard_id=hazard_id, key=key, state="accepted")
    assert suggestions(client, auth, world)[world.facility_id]["suggested_class"] == "pass"
    ledger_says(session, world, ledger.SIGNED_OFF, hazard_id=hazard_id, key=key, state="signed_off")
    row = suggestions(client, auth, world)[world.facility_id]
    assert (row["suggested_class"], row["reasons"][0]["condition"]) == ("pass", "default")
    # The report counts it so; the other facility nobody inspected is not_inspected, never pass.
    assert report_classes(client, auth, world) == {"shutdown": 0, "suspend": 0, "pass": 1, "not_inspected": 1}
    other = suggestions(client, auth, world)[world.other_facility_id]
    assert other["suggested_class"] == "not_inspected" and other["reasons"][0]["departments"] == ["fire", "market"]
    # A follow-up finds it again (a relapse reopens the same entry): suspend again.
    ledger_says(session, world, ledger.REOPENED, hazard_id=hazard_id, key=key, state="open",
                last_relapse_key="relapse-key")
    assert suggestions(client, auth, world)[world.facility_id]["suggested_class"] == "suspend"


def test_an_unfixable_major_keeps_shutdown_until_the_ledger_closes_it(session: Session, client: TestClient,
                                                                      auth: Any, world: World) -> None:
    unfixable = failing(world, "F2", description="主体结构D级危房")  # criterion TEST-MZ-1 is not fixable
    inspection = inspect(client, auth, world, fire=fire_answers(client, auth, world, unfixable))
    (finding,) = inspection["findings"]
    hazard_id = new_hazard_id()
    for event_type, state in ((ledger.ASSIGNED, "open"), (ledger.REJECTED, "in_progress"),
                              (ledger.OVERDUE, "in_progress"), (ledger.DEADLINE_CHANGED, "in_progress")):
        ledger_says(session, world, event_type, hazard_id=hazard_id, key=finding["hazard_key"], state=state)
        assert suggestions(client, auth, world)[world.facility_id]["suggested_class"] == "shutdown", state
    ledger_says(session, world, ledger.SIGNED_OFF, hazard_id=hazard_id, key=finding["hazard_key"],
                state="signed_off")
    assert suggestions(client, auth, world)[world.facility_id]["suggested_class"] == "pass"


def test_the_copy_is_idempotent_and_ignores_a_late_older_event(session: Session, world: World) -> None:
    hazard_id = new_hazard_id()
    hazard_event(session, ledger.ASSIGNED, hazard_id=hazard_id, hazard_key="k-late", campaign_id=world.campaign_id,
                 facility_id=world.facility_id, state="open")
    hazard_event(session, ledger.SIGNED_OFF, hazard_id=hazard_id, hazard_key="k-late",
                 campaign_id=world.campaign_id, facility_id=world.facility_id, state="signed_off")
    consumer = ledger_consumer()
    assert consumer.drain(session) == 2 and consumer.drain(session) == 0
    row = session.get(InspectionHazard, hazard_id)
    assert row is not None and row.state == "signed_off"
    # The older event handed over again (as after a lost consumption row) does not turn the state back.
    first = session.exec(select(EventRecord).where(col(EventRecord.subject) == f"hazard:{hazard_id}")
                         .order_by(col(EventRecord.id))).first()
    assert first is not None
    on_hazard(session, ReceivedEvent.from_record(first))
    session.refresh(row)
    assert row.state == "signed_off"


def test_a_state_change_moves_the_campaign_in_the_open_api_feed(session: Session, client: TestClient, auth: Any,
                                                                world: World) -> None:
    major = failing(world, "F1", description="疏散通道堵塞", severity="major")
    inspection = inspect(client, auth, world, fire=fire_answers(client, auth, world, major))
    platform = auth("city_platform", "client", scopes=["campaigns:read"])
    caught_up = client.get("/api/open/v1/campaigns", headers=platform).json()
    (before,) = [c for c in caught_up["items"] if c["id"] == world.campaign_id]
    assert before["suggested_classification"] == {"shutdown": 0, "suspend": 1, "pass": 0, "not_inspected": 1}
    assert before["survey"]["facilities_complete"] == 1
    ledger_says(session, world, ledger.SIGNED_OFF, hazard_id=new_hazard_id(),
                key=inspection["findings"][0]["hazard_key"], state="signed_off")
    after = client.get("/api/open/v1/campaigns", headers=platform,
                       params={"cursor": caught_up["next_cursor"]}).json()
    assert [c["suggested_classification"] for c in after["items"]] == [
        {"shutdown": 0, "suspend": 0, "pass": 1, "not_inspected": 1}]
