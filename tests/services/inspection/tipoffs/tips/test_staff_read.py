"""The staff side reads tips: the role × area matrix, the queue's filters and bounds, the case and its photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.main import app
from eldersafe_inspection.photos.storage import LocalPhotoStorage, get_photo_storage
from eldersafe_inspection.tipoffs.tips.models import Tip, TipHazard
from eldersafe_inspection.tipoffs.tips.reward_models import TipReward
from tests.conftest import COMMUNITY, SUBDISTRICT
from tests.services.inspection.campaigns.support import on_survey_day  # noqa: F401

from .triage_support import OTHER_COMMUNITY, TIPS, A, B, C, add_photo, add_reporter_message, make_tip

pytestmark = pytest.mark.usefixtures("on_survey_day")


@pytest.fixture
def tips(session: Session, client: TestClient) -> dict[str, Tip]:
    """One tip per situation the matrix distinguishes."""
    from tests.services.inspection.campaigns.support import seed_facilities

    seed_facilities(session)
    session.commit()
    return {
        "community_fire": make_tip(session, facility=A, status="assigned", assigned_department="fire",
                                   created_offset=-30),
        "community_received": make_tip(session, facility=B, category="food", description="食堂的剩菜第二天又端上桌",
                                       created_offset=-20),
        "other_area": make_tip(session, facility=C, created_offset=-10),
        "district_only": make_tip(session, category="unlicensed", description="小区里有人偷偷收老人办养老院"),
    }


# role, position, area → which tips the caller sees in the queue
MATRIX: list[tuple[str, str, str, set[str]]] = [
    ("civil_affairs", "staff", "999001", {"community_fire", "community_received", "other_area", "district_only"}),
    ("civil_affairs", "head", "999001", {"community_fire", "community_received", "other_area", "district_only"}),
    ("admin", "staff", "999001", {"community_fire", "community_received", "other_area", "district_only"}),
    ("task_force", "member", "999001", {"community_fire", "community_received", "other_area", "district_only"}),
    ("subdistrict", "officer", SUBDISTRICT, {"community_fire", "community_received"}),
    ("community", "head", COMMUNITY, {"community_fire", "community_received"}),
    ("community", "officer", OTHER_COMMUNITY, {"other_area"}),
    ("fire", "staff", "999001", {"community_fire"}),
    ("fire", "head", "999001", {"community_fire"}),
    ("market", "staff", "999001", set()),
]


@pytest.mark.parametrize(("role", "position", "area", "expected"), MATRIX)
def test_each_role_sees_the_tips_of_its_area_or_department(client: TestClient, auth: Any, tips: dict[str, Tip],
                                                           role: str, position: str, area: str,
                                                           expected: set[str]) -> None:
    headers = auth(role, position, area=area)
    response = client.get(TIPS, headers=headers)
    assert response.status_code == 200, response.text
    names = {name for name, tip in tips.items() if tip.id in {row["id"] for row in response.json()["items"]}}
    assert names == expected
    assert response.json()["total"] == len(expected)
    for name, tip in tips.items():
        detail = client.get(f"{TIPS}/{tip.id}", headers=headers)
        if name in expected:
            assert detail.status_code == 200 and detail.json()["number"] == tip.number
        else:
            assert detail.status_code == 404 and detail.json()["code"] == "tip_not_found"


@pytest.mark.parametrize(("role", "position"), [("facility", "manager"), ("city_platform", "client")])
def test_facility_managers_and_the_city_platform_are_refused(client: TestClient, auth: Any, tips: dict[str, Tip],
                                                             role: str, position: str) -> None:
    headers = auth(role, position, area=COMMUNITY, facility=A[0])
    assert client.get(TIPS, headers=headers).status_code == 403
    response = client.get(f"{TIPS}/{tips['community_fire'].id}", headers=headers)
    assert response.status_code == 403 and response.json()["code"] == "role_forbidden"


def test_no_token_is_401(client: TestClient, tips: dict[str, Tip]) -> None:
    assert client.get(TIPS).status_code == 401
    assert client.get(f"{TIPS}/{tips['community_fire'].id}").status_code == 401


def test_the_queue_is_newest_first_and_filters(client: TestClient, auth: Any, tips: dict[str, Tip]) -> None:
    headers = auth("civil_affairs", "staff")

    def numbers(**params: Any) -> list[str]:
        response = client.get(TIPS, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [row["number"] for row in response.json()["items"]]

    order = ["district_only", "other_area", "community_received", "community_fire"]
    assert numbers() == [tips[name].number for name in order]
    assert numbers(status="received") == [tips[n].number for n in ("district_only", "other_area",
                                                                    "community_received")]
    assert numbers(category="food") == [tips["community_received"].number]
    assert numbers(department="fire") == [tips["community_fire"].number]
    assert numbers(facility_id=C[0]) == [tips["other_area"].number]
    assert numbers(q="剩菜") == [tips["community_received"].number]
    assert numbers(q="乙院") == [tips["community_received"].number]
    assert numbers(q="菜市场") == [tips["district_only"].number]
    assert numbers(q=tips["other_area"].number.lower()) == [tips["other_area"].number]
    assert numbers(q="100%_") == []  # wildcards are text
    page = client.get(TIPS, params={"page": 2, "page_size": 3}, headers=headers).json()
    assert (page["total"], page["page"], page["page_size"]) == (4, 2, 3)
    assert [row["number"] for row in page["items"]] == [tips["community_fire"].number]


@pytest.mark.parametrize("params", [
    {"page_size": 101}, {"page_size": 0}, {"page": 0}, {"page": 10_001}, {"status": "open"},
    {"category": "noise"}, {"department": "tax"}, {"q": ""}, {"q": "x" * 101}, {"q": "a\x00b"},
    {"facility_id": "a b"}, {"sort": "number"},
])
def test_bad_queue_parameters_are_422(client: TestClient, auth: Any, tips: dict[str, Tip],
                                      params: dict[str, Any]) -> None:
    response = client.get(TIPS, params=params, headers=auth("civil_affairs", "staff"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == f"query.{next(iter(params))}"


def test_the_case_carries_photos_thread_hazards_and_never_the_contact(
        session: Session, client: TestClient, auth: Any, tips: dict[str, Tip]) -> None:
    tip = make_tip(session, facility=A, contact=True, possible_duplicate_of=tips["community_fire"].id)
    photo = add_photo(session, tip, "ab/abc.png")
    add_reporter_message(session, tip, "补充：晚上十点以后没人值班")
    session.add(TipHazard(tip_id=tip.id, hazard_key="h-1", title="疏散通道堵塞", severity="major",
                          linked_at=clock.now()))
    session.commit()
    response = client.get(f"{TIPS}/{tip.id}", headers=auth("civil_affairs", "head"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["photos"] == [{"id": photo.id, "content_type": "image/png", "width": 2, "height": 2}]
    assert body["photo_count"] == 1 and body["has_contact"] is True and body["contact_consent"] is True
    assert body["possible_duplicate_of"] == tips["community_fire"].id and body["duplicate_of"] is None
    assert [(m["author"], m["body"], m["author_name"]) for m in body["messages"]] == [
        ("reporter", "补充：晚上十点以后没人值班", None)]
    assert body["hazards"] == [{"hazard_key": "h-1", "title": "疏散通道堵塞", "severity": "major"}]
    assert body["version"] == 1 and body["reward_status"] is None
    assert body["facility_name"] == "甲院" and body["area_code"] == COMMUNITY
    assert not {"contact", "contact_ciphertext", "receipt_hash", "receipt"} & set(body)
    assert body["created_at"].endswith(("Z", "+00:00"))


def test_the_queue_shows_the_reward_status(session: Session, client: TestClient, auth: Any,
                                           tips: dict[str, Tip]) -> None:
    tip = tips["community_fire"]
    now = clock.now()
    session.add(TipReward(id="00000000-0000-4000-8000-00000000aaaa", tip_id=tip.id, area_code=COMMUNITY,
                          department="fire", basis="major_hazard", fine_fen=1_000_000, proposed_fen=300_000,
                          proposed_by="x", proposed_by_name="X", proposed_at=now))
    session.commit()
    rows = client.get(TIPS, params={"department": "fire"}, headers=auth("civil_affairs", "staff")).json()["items"]
    assert [(row["id"], row["reward_status"]) for row in rows] == [(tip.id, "proposed")]


def test_photo_bytes_for_those_who_see_the_tip(session: Session, client: TestClient, auth: Any,
                                               tips: dict[str, Tip], tmp_path: Path) -> None:
    storage = LocalPhotoStorage(tmp_path / "photos")
    app.dependency_overrides[get_photo_storage] = lambda: storage
    key = storage.save(b"\x89PNG-bytes", extension="png")
    tip = tips["community_fire"]
    photo = add_photo(session, tip, key)
    other = add_photo(session, tips["other_area"], key)
    url = f"{TIPS}/{tip.id}/photos/{photo.id}"
    response = client.get(url, headers=auth("fire", "staff"))
    assert response.status_code == 200 and response.content == b"\x89PNG-bytes"
    assert response.headers["content-type"] == "image/png"
    assert "no-store" in response.headers["cache-control"]
    # Another tip's photo through this tip, a department the tip is not assigned to, a manager.
    assert client.get(f"{TIPS}/{tip.id}/photos/{other.id}", headers=auth("fire", "staff")).status_code == 404
    assert client.get(url, headers=auth("market", "staff")).status_code == 404
    assert client.get(url, headers=auth("community", "officer", area=OTHER_COMMUNITY)).status_code == 404
    assert client.get(url, headers=auth("facility", "manager", area=COMMUNITY,
                                        facility=A[0])).status_code == 403
    missing = add_photo(session, tip, "zz/gone.png")
    assert client.get(f"{TIPS}/{tip.id}/photos/{missing.id}", headers=auth("fire", "staff")).status_code == 404
