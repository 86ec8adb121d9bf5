"""Dates "today" are China dates: between 00:00 and 08:00 China time the UTC date is still yesterday, and a
move-out, relocation, admission or drill dated today in China must not be refused as "in the future"."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from tests.services.registry.helpers import World, resident_body
from tests.support.clock import offset_days_to

FACILITIES = "/api/registry/facilities"


@pytest.fixture(params=["00:30", "07:59", "23:30"])
def china_time(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The business clock at this time of day in China (00:30 and 07:59: the UTC date is a day behind)."""
    monkeypatch.setenv(clock.OFFSET_ENV, repr(offset_days_to(request.param)))
    return clock.china_today().isoformat()


def test_admission_dated_today_in_china_is_accepted(client: TestClient, world: World, civil: dict[str, str],
                                                   china_time: str) -> None:
    response = client.post(f"{FACILITIES}/{world.own.id}/residents", headers=civil,
                           json=resident_body(admitted_on=china_time))
    assert response.status_code == 201, response.text
    assert response.json()["admitted_on"] == china_time


def test_move_out_defaults_to_and_accepts_today_in_china(client: TestClient, session: Session, world: World,
                                                        civil: dict[str, str], china_time: str) -> None:
    first = world.resident_of(session, world.own)
    moved = client.request("DELETE", f"{FACILITIES}/{world.own.id}/residents/{first.id}", headers=civil,
                           json={"destination": "女儿家", "moved_out_on": china_time})
    assert moved.status_code == 200, moved.text
    second = world.resident_of(session, world.sibling)
    defaulted = client.request("DELETE", f"{FACILITIES}/{world.sibling.id}/residents/{second.id}", headers=civil,
                               json={"destination": "女儿家"})
    assert defaulted.status_code == 200, defaulted.text
    assert defaulted.json()["moved_out_on"] == china_time


def test_relocation_dated_today_in_china_is_accepted(client: TestClient, session: Session, world: World,
                                                    civil: dict[str, str], china_time: str) -> None:
    resident = world.resident_of(session, world.own)
    body: dict[str, Any] = {"destination_kind": "family", "destination": "儿子家", "moved_on": china_time,
                            "confirmed_by_name": "李监护人"}
    response = client.post(f"{FACILITIES}/{world.own.id}/residents/{resident.id}/relocate", headers=civil, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["moved_out_on"] == china_time


def test_a_drill_held_today_in_china_is_accepted(client: TestClient, world: World, auth: Any,
                                                china_time: str) -> None:
    manager = auth("facility", "manager", area=world.own.area_code, facility=world.own.id)
    body = {"emergency_plan_date": china_time, "last_drill_date": china_time, "micro_fire_station": True,
            "extinguishers": 12, "evacuation_tools": True}
    response = client.put(f"{FACILITIES}/{world.own.id}/readiness", headers=manager, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["readiness"]["last_drill_date"] == china_time
