"""Relocation (安置): a resident moves out to a receiving facility with a free bed, a family, a hospital or
elsewhere, with the date and who confirmed it; refused requests change nothing (P6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_registry.models import Facility, Resident
from tests.services.registry.helpers import (
    COMMUNITY,
    OTHER_DISTRICT_COMMUNITY,
    SUBDISTRICT,
    World,
    add_facility,
    approve_plan,
    events,
    resident_body,
)

FACILITIES = "/api/registry/facilities"
TODAY = clock.china_today().isoformat()


def relocate_url(facility: Facility, resident_id: str) -> str:
    return f"{FACILITIES}/{facility.id}/residents/{resident_id}/relocate"


def to_facility(receiving: Facility, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"destination_kind": "facility", "receiving_facility_id": receiving.id,
                            "moved_on": TODAY, "confirmed_by_name": "王社工"}
    body.update(overrides)
    return body


def to_family(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"destination_kind": "family", "destination": "儿子家（松鹤社区3栋）", "moved_on": TODAY,
                            "confirmed_by_name": "李监护人"}
    body.update(overrides)
    return body


def state(session: Session) -> list[tuple[Any, ...]]:
    """Every roster row and facility count, to show that a refused request changed nothing."""
    residents = session.exec(select(Resident).order_by(col(Resident.id))).all()
    facilities = session.exec(select(Facility).order_by(col(Facility.id))).all()
    return ([(r.id, r.facility_id, r.moved_out_on, r.move_out_destination, r.move_out_kind,
              r.receiving_facility_id, r.confirmed_by_name, r.relocated_by) for r in residents]
            + [(f.id, f.residents_count, f.status, f.version) for f in facilities]
            + [(len(events(session)),)])


def refused(client: TestClient, session: Session, url: str, headers: dict[str, str], body: Any, status: int,
            code: str | None = None, field: str | None = None) -> dict[str, Any]:
    before = state(session)
    response = client.post(url, headers=headers, json=body)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    if code:
        assert problem["code"] == code, problem
    if field:
        assert field in [e["field"] for e in problem["errors"]], problem
    assert state(session) == before
    return problem


# --- to a receiving facility ------------------------------------------------------------------------------


def test_relocation_to_a_facility_moves_admits_counts_and_announces(client: TestClient, session: Session,
                                                                   world: World, civil: dict) -> None:
    admitted = client.post(f"{FACILITIES}/{world.own.id}/residents", headers=civil,
                           json=resident_body(name="张桂兰", care_level="dependent", admitted_on="2024-03-01"))
    assert admitted.status_code == 201, admitted.text
    resident = session.get(Resident, admitted.json()["id"])
    assert resident is not None
    full_number = resident.id_number
    masked = full_number[:6] + "********" + full_number[-4:]
    receiving = world.other_subdistrict  # another sub-district: outside the source's community
    before = len(events(session))

    response = client.post(relocate_url(world.own, resident.id), headers=civil,
                           json=to_facility(receiving, moved_on="2026-03-02"))

    assert response.status_code == 200, response.text
    body = response.json()
    assert body == {**body, "id": resident.id, "facility_id": world.own.id, "active": False,
                    "moved_out_on": "2026-03-02", "move_out_destination": "福星敬老院", "move_out_kind": "facility",
                    "receiving_facility_id": receiving.id, "confirmed_by_name": "王社工",
                    "relocated_by": "test-civil_affairs-staff", "id_number": masked}
    assert full_number not in response.text
    (moved_in,) = session.exec(select(Resident).where(Resident.facility_id == receiving.id,
                                                      Resident.id_number == full_number)).all()
    assert (moved_in.name, moved_in.care_level, moved_in.guardian_name, moved_in.guardian_phone,
            moved_in.admitted_on, moved_in.moved_out_on) == ("张桂兰", "dependent", "测试家属", "13600001111",
                                                             date(2026, 3, 2), None)
    assert session.get(Facility, world.own.id).residents_count == 1  # type: ignore[union-attr]
    assert session.get(Facility, receiving.id).residents_count == 2  # type: ignore[union-attr]

    new = events(session)[before:]
    assert [(e.type, e.subject) for e in new] == [
        ("resident.relocated", f"facility:{world.own.id}"),
        ("facility.updated", f"facility:{world.own.id}"),
        ("facility.updated", f"facility:{receiving.id}"),
    ]
    assert new[0].version == 1 and new[0].producer == "registry"
    assert new[0].payload == {
        "facility_id": world.own.id, "area_code": COMMUNITY, "resident_id": resident.id, "name": "张桂兰",
        "id_number": masked, "care_level": "dependent", "destination_kind": "facility",
        "receiving_facility_id": receiving.id, "receiving_facility_name": "福星敬老院",
        "receiving_resident_id": moved_in.id, "destination": "福星敬老院", "moved_on": "2026-03-02",
        "confirmed_by_name": "王社工", "relocated_by": "test-civil_affairs-staff",
        "relocated_by_name": "Test civil_affairs staff", "remaining_residents": 1,
    }
    assert full_number not in str(new[0].payload)
    assert (new[1].payload["residents_count"], new[2].payload["residents_count"]) == (1, 2)
    listed = client.get(f"{FACILITIES}/{receiving.id}/residents", headers=civil).json()
    assert masked in [item["id_number"] for item in listed["items"]]


def test_a_named_destination_overrides_the_facility_name(client: TestClient, session: Session, world: World,
                                                        civil: dict) -> None:
    resident = world.resident_of(session, world.own)
    response = client.post(relocate_url(world.own, resident.id), headers=civil,
                           json=to_facility(world.sibling, destination="竹园老年公寓 2号楼 201"))
    assert response.status_code == 200, response.text
    assert response.json()["move_out_destination"] == "竹园老年公寓 2号楼 201"
    (event,) = events(session, type_="resident.relocated")
    assert event.payload["destination"] == "竹园老年公寓 2号楼 201"
    assert event.payload["receiving_facility_name"] == "竹园老年公寓"


def test_the_last_free_bed_goes_to_the_first_move(client: TestClient, session: Session, world: World,
                                                  civil: dict) -> None:
    receiving = add_facility(session, name="小床位养老院", residents=1, licensed_beds=2)
    source = add_facility(session, name="待关停养老院", residents=2, licensed_beds=10)
    first, second = session.exec(select(Resident.id).where(Resident.facility_id == source.id)
                                 .order_by(col(Resident.id))).all()
    assert client.post(relocate_url(source, first), headers=civil, json=to_facility(receiving)).status_code == 200
    problem = refused(client, session, relocate_url(source, second), civil, to_facility(receiving), 409,
                      "no_free_beds")
    assert "2 residents, 2 licensed beds" in problem["detail"]
    assert session.get(Facility, receiving.id).residents_count == 2  # type: ignore[union-attr]


def test_a_full_facility_takes_no_relocated_resident(client: TestClient, session: Session, world: World,
                                                     civil: dict) -> None:
    full = add_facility(session, name="满员养老院", residents=3, licensed_beds=3)
    resident = world.resident_of(session, world.own)
    refused(client, session, relocate_url(world.own, resident.id), civil, to_facility(full), 409, "no_free_beds")


def test_an_over_capacity_facility_takes_nobody(client: TestClient, session: Session, world: World,
                                               civil: dict) -> None:
    over = add_facility(session, name="超员养老院", residents=2, licensed_beds=5)
    row = session.get(Facility, over.id)
    assert row is not None
    row.licensed_beds = 1  # beds cut after admission (kept with a capacity note)
    session.add(row)
    session.commit()
    resident = world.resident_of(session, world.own)
    refused(client, session, relocate_url(world.own, resident.id), civil, to_facility(over), 409, "no_free_beds")


@pytest.mark.parametrize("status", ["suspended", "shut_down", "deregistered"])
def test_the_receiving_facility_must_be_operating(client: TestClient, session: Session, world: World, civil: dict,
                                                  status: str) -> None:
    closed = add_facility(session, name="停业养老院", residents=0, licensed_beds=50)
    row = session.get(Facility, closed.id)
    assert row is not None
    row.status = status
    session.add(row)
    session.commit()
    resident = world.resident_of(session, world.own)
    problem = refused(client, session, relocate_url(world.own, resident.id), civil, to_facility(closed), 409,
                      "receiving_facility_not_operating")
    assert status in problem["detail"]


def test_the_receiving_facility_must_exist(client: TestClient, session: Session, world: World, civil: dict) -> None:
    resident = world.resident_of(session, world.own)
    body = to_facility(world.own, receiving_facility_id="00000000-0000-4000-8000-000000000000")
    problem = refused(client, session, relocate_url(world.own, resident.id), civil, body, 422,
                      "receiving_facility_not_found")
    assert [e["field"] for e in problem["errors"]] == ["body.receiving_facility_id"]


def test_the_receiving_facility_may_lie_outside_the_callers_area(client: TestClient, session: Session,
                                                                 world: World, auth: Any) -> None:
    officer = auth("community", "officer", area=COMMUNITY)
    resident = world.resident_of(session, world.own)
    response = client.post(relocate_url(world.own, resident.id), headers=officer,
                           json=to_facility(world.other_district))
    assert response.status_code == 200, response.text
    assert session.get(Facility, world.other_district.id).residents_count == 2  # type: ignore[union-attr]
    assert session.get(Facility, world.other_district.id).area_code == OTHER_DISTRICT_COMMUNITY  # type: ignore[union-attr]


def test_a_resident_is_not_relocated_to_the_same_facility(client: TestClient, session: Session, world: World,
                                                          civil: dict) -> None:
    resident = world.resident_of(session, world.own)
    refused(client, session, relocate_url(world.own, resident.id), civil, to_facility(world.own), 422,
            field="body.receiving_facility_id")


# --- to a family, a hospital, elsewhere -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["family", "hospital", "other"])
def test_relocation_elsewhere_needs_no_bed(client: TestClient, session: Session, world: World, auth: Any,
                                           kind: str) -> None:
    leader = auth("task_force", "leader")
    resident = world.resident_of(session, world.own)
    response = client.post(relocate_url(world.own, resident.id), headers=leader,
                           json=to_family(destination_kind=kind, destination="市第一人民医院", moved_on="2025-12-30"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["move_out_kind"], body["receiving_facility_id"], body["move_out_destination"],
            body["moved_out_on"], body["relocated_by"]) == (kind, None, "市第一人民医院", "2025-12-30",
                                                            "test-task_force-leader")
    (event,) = events(session, type_="resident.relocated")
    assert (event.payload["receiving_facility_id"], event.payload["receiving_facility_name"],
            event.payload["receiving_resident_id"], event.payload["remaining_residents"]) == (None, None, None, 0)
    assert session.exec(select(Resident).where(Resident.id_number == resident.id_number)).all() == [resident]
    assert session.get(Facility, world.own.id).residents_count == 0  # type: ignore[union-attr]


# --- refused input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("change, field", [
    ({"receiving_facility_id": None}, "body.receiving_facility_id"),
    ({"receiving_facility_id": "not-a-uuid"}, "body.receiving_facility_id"),
    ({"destination_kind": "family"}, "body.receiving_facility_id"),
    ({"destination_kind": "family", "receiving_facility_id": None}, "body.destination"),
    ({"destination_kind": "nursing_home"}, "body.destination_kind"),
    ({"moved_on": (clock.china_today() + timedelta(days=1)).isoformat()}, "body.moved_on"),
    ({"moved_on": "2022-12-31"}, "body.moved_on"),  # before the admission on 2023-01-01
    ({"moved_on": "2026/03/02"}, "body.moved_on"),
    ({"moved_on": None}, "body.moved_on"),
    ({"confirmed_by_name": "  "}, "body.confirmed_by_name"),
    ({"confirmed_by_name": "王\x00社工"}, None),
    ({"destination": "x" * 301}, "body.destination"),
    ({"remark": "extra"}, "body.remark"),
])
def test_bad_input_is_refused_by_field(client: TestClient, session: Session, world: World, civil: dict,
                                       change: dict[str, Any], field: str | None) -> None:
    resident = world.resident_of(session, world.own)
    body = {k: v for k, v in {**to_facility(world.sibling), **change}.items() if v is not None}  # None: left out
    refused(client, session, relocate_url(world.own, resident.id), civil, body, 422, field=field)


def test_a_moved_out_resident_is_not_relocated_again(client: TestClient, session: Session, world: World,
                                                     civil: dict) -> None:
    resident = world.resident_of(session, world.own)
    url = relocate_url(world.own, resident.id)
    assert client.post(url, headers=civil, json=to_family()).status_code == 200
    refused(client, session, url, civil, to_facility(world.sibling), 409, "already_moved_out")


def test_unknown_or_foreign_residents_are_not_found(client: TestClient, session: Session, world: World,
                                                    civil: dict) -> None:
    other = world.resident_of(session, world.sibling)
    refused(client, session, relocate_url(world.own, other.id), civil, to_family(), 404, "resident_not_found")
    refused(client, session, relocate_url(world.own, "00000000-0000-4000-8000-000000000000"), civil, to_family(),
            404, "resident_not_found")
    refused(client, session, relocate_url(world.own, "not-a-uuid"), civil, to_family(), 422)


@pytest.mark.parametrize("role, position, area, status", [
    ("fire", "staff", "999001", 403),
    ("task_force", "member", "999001", 403),
    ("subdistrict", "head", SUBDISTRICT, 200),
    ("community", "officer", "999001002001", 404),  # the source facility lies outside the caller's community
    ("facility", "manager", COMMUNITY, 404),  # another facility's manager
])
def test_who_may_relocate(client: TestClient, session: Session, world: World, auth: Any, role: str,
                          position: str, area: str, status: int) -> None:
    headers = auth(role, position, area=area, facility=world.sibling.id if role == "facility" else None)
    resident = world.resident_of(session, world.own)
    url = relocate_url(world.own, resident.id)
    if status == 200:
        assert client.post(url, headers=headers, json=to_family()).status_code == 200
    else:
        refused(client, session, url, headers, to_family(), status)


# --- the issue: suspension completes only once every resident is relocated ------------------------------


def test_suspension_completes_once_every_resident_is_relocated(client: TestClient, session: Session,
                                                               world: World, civil: dict, auth: Any) -> None:
    source = add_facility(session, name="整顿养老院", residents=2, licensed_beds=10)
    approve_plan(session, source, "suspend")
    leader = auth("task_force", "leader")
    suspend = {"status": "suspended", "reason": "一院一策：停业整顿"}
    first, second = session.exec(select(Resident.id).where(Resident.facility_id == source.id)
                                 .order_by(col(Resident.id))).all()

    assert client.post(relocate_url(source, first), headers=civil, json=to_facility(world.sibling)).status_code == 200
    problem = refused(client, session, f"{FACILITIES}/{source.id}/status", leader, suspend, 409,
                      "residents_not_relocated")
    assert "1 remain" in problem["detail"]
    assert client.post(relocate_url(source, second), headers=civil, json=to_family()).status_code == 200
    (last,) = [e for e in events(session, type_="resident.relocated") if e.payload["resident_id"] == second]
    assert last.payload["remaining_residents"] == 0

    response = client.post(f"{FACILITIES}/{source.id}/status", headers=leader, json=suspend)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "suspended" and response.json()["residents_count"] == 0
    roster = client.get(f"{FACILITIES}/{source.id}/residents", headers=civil,
                        params={"include_moved_out": True}).json()["items"]
    assert sorted((r["move_out_kind"], r["confirmed_by_name"]) for r in roster) == [
        ("facility", "王社工"), ("family", "李监护人")]
