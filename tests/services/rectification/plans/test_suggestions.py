"""Receiving-facility suggestions: operating with free beds in the district, none closing (latest decision) or with
an unrectified major hazard; classified pass first, then nearest first; before any classification too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common.events import publish
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.support.registry_events import REGISTERED, Snapshot, change_status, register

from ..ledger.support import new_hazard
from .support import classify, drain

TARGET = "6f1c2a4e-0000-4000-8000-000000000300"
OTHER_SUBDISTRICT = DISTRICT + "002"
OTHER_COMMUNITY = OTHER_SUBDISTRICT + "001"
OTHER_DISTRICT = "999002001001"
EARLY = datetime(2026, 3, 1, tzinfo=UTC)
LATE = datetime(2026, 4, 1, tzinfo=UTC)


def fid(n: int) -> str:
    return f"6f1c2a4e-0000-4000-8000-{n:012d}"


def facility(session: Session, n: int, name: str, *, lat: float | None = 47.35, klass: str | None = "pass",
             **fields: Any) -> str:
    facility_id = fid(n)
    if lat is None:
        publish(session, REGISTERED, subject=f"facility:{facility_id}", producer="registry",
                payload=Snapshot.model_construct(facility_id=facility_id, name=name, latitude=None, longitude=None,
                                                 **fields))
    else:
        register(session, facility_id, name, latitude=lat, **fields)
    if klass is not None:
        classify(session, facility_id, klass, area_code=fields.get("area_code", COMMUNITY))
    return facility_id


def world(session: Session) -> dict[str, str]:
    ids = {
        "near": facility(session, 1, "近院", lat=47.36),
        "far": facility(session, 2, "远院", lat=47.45, area_code=OTHER_COMMUNITY, community_code=OTHER_COMMUNITY,
                        subdistrict_code=OTHER_SUBDISTRICT),
        "nowhere": facility(session, 3, "无坐标院", lat=None),
        "middle": facility(session, 4, "中院", lat=47.40, licensed_beds=10, residents_count=9),
        "full": facility(session, 5, "满院", lat=47.351, licensed_beds=42, residents_count=42),
        "suspended": facility(session, 6, "停业院", lat=47.351),
        "failed": facility(session, 7, "关停院", lat=47.351, klass="shutdown"),
        "unclassified": facility(session, 8, "未定院", lat=47.351, klass=None),
        "elsewhere": facility(session, 9, "外区院", lat=47.351, area_code=OTHER_DISTRICT,
                              community_code=OTHER_DISTRICT, subdistrict_code=OTHER_DISTRICT[:9]),
        "target": facility(session, 300, "待安置院", klass="suspend"),
    }
    change_status(session, ids["suspended"], "operating", "suspended")
    drain(session)
    return ids


def suggest(client: TestClient, headers: dict[str, str], **params: Any) -> Any:
    return client.get(f"/api/rectification/facilities/{TARGET}/relocation/suggestions", params=params,
                      headers=headers)


def test_suggestions_are_filtered_pass_first_and_nearest_first(session: Session, client: TestClient,
                                                                 auth: Any) -> None:
    ids = world(session)
    response = suggest(client, auth("civil_affairs", "staff"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["facility_id"] == TARGET
    # Classified pass first (nearest first, no location last), then the facility nobody has classified yet.
    assert [item["facility_id"] for item in body["items"]] == [ids["near"], ids["middle"], ids["far"],
                                                               ids["nowhere"], ids["unclassified"]]
    near, middle, far, nowhere, unclassified = body["items"]
    assert near == {"facility_id": ids["near"], "name": "近院", "area_code": COMMUNITY, "free_beds": 18,
                    "classification": "pass", "distance_km": 1.11}
    assert (middle["free_beds"], middle["distance_km"]) == (1, 5.56)
    assert (far["area_code"], far["distance_km"]) == (OTHER_COMMUNITY, 11.12)
    assert nowhere["distance_km"] is None
    assert (unclassified["classification"], unclassified["distance_km"]) == (None, 0.11)


def test_suggestions_work_before_any_classification(session: Session, client: TestClient, auth: Any) -> None:
    """Relocation often starts before the task force classifies: the facilities with beds are offered, nearest
    first, by the haversine distance between the registry's coordinates."""
    far = facility(session, 21, "北院", lat=47.45, klass=None)
    near = facility(session, 22, "南院", lat=47.36, klass=None)
    facility(session, 23, "满院", lat=47.351, klass=None, licensed_beds=42, residents_count=42)
    facility(session, 300, "待安置院", klass=None)
    drain(session)
    body = suggest(client, auth("civil_affairs", "staff")).json()
    assert [(item["facility_id"], item["distance_km"]) for item in body["items"]] == [(near, 1.11), (far, 11.12)]


def test_an_unrectified_major_hazard_keeps_a_facility_out(session: Session, client: TestClient, auth: Any) -> None:
    ids = world(session)
    major = new_hazard(session, facility_id=ids["near"], severity="major", item_code="M-1")
    new_hazard(session, facility_id=ids["middle"], severity="ordinary", item_code="O-1")  # ordinary: no bar
    done = new_hazard(session, facility_id=ids["far"], severity="major", item_code="M-2")
    done.state = "signed_off"
    session.add(done)
    session.commit()
    offered = [item["facility_id"] for item in suggest(client, auth("civil_affairs", "staff")).json()["items"]]
    assert ids["near"] not in offered and ids["middle"] in offered and ids["far"] in offered
    major.state = "submitted"  # evidence in, not yet accepted: still not rectified
    session.add(major)
    session.commit()
    offered = [item["facility_id"] for item in suggest(client, auth("civil_affairs", "staff")).json()["items"]]
    assert ids["near"] not in offered


def test_the_latest_classification_wins_whatever_the_delivery_order(session: Session, client: TestClient,
                                                                    auth: Any) -> None:
    world(session)
    relapsed = facility(session, 10, "复查不合格院", klass=None)
    recovered = facility(session, 11, "整改合格院", klass=None)
    classify(session, relapsed, "pass", campaign_id="c-1", decided_at=EARLY)
    classify(session, relapsed, "suspend", campaign_id="c-2", decided_at=LATE)
    # Delivered late but decided early: the newer pass stands.
    classify(session, recovered, "pass", campaign_id="c-2", decided_at=LATE)
    classify(session, recovered, "suspend", campaign_id="c-1", decided_at=EARLY)
    drain(session)
    ids = [item["facility_id"] for item in suggest(client, auth("task_force", "leader")).json()["items"]]
    assert recovered in ids and relapsed not in ids


def test_limit_and_area(session: Session, client: TestClient, auth: Any) -> None:
    ids = world(session)
    body = suggest(client, auth("task_force", "deputy"), limit=2).json()
    assert [item["facility_id"] for item in body["items"]] == [ids["near"], ids["middle"]]
    # A sub-district officer is offered only what lies in their sub-district.
    inside = suggest(client, auth("subdistrict", "officer", area=SUBDISTRICT)).json()
    assert [item["facility_id"] for item in inside["items"]] == [ids["near"], ids["middle"], ids["nowhere"],
                                                                 ids["unclassified"]]
    for params in ({"limit": 0}, {"limit": 51}, {"limit": "x"}, {"top": 3}):
        assert suggest(client, auth("civil_affairs", "staff"), **params).status_code == 422, params


def test_who_may_ask(session: Session, client: TestClient, auth: Any) -> None:
    world(session)
    manager = auth("facility", "manager", area=COMMUNITY, facility=TARGET)
    assert (suggest(client, manager).status_code, suggest(client, manager).json()["code"]) == (403, "role_forbidden")
    assert suggest(client, auth("community", "officer", area=OTHER_COMMUNITY)).status_code == 404
    assert suggest(client, auth("city_platform", "client")).status_code == 403
