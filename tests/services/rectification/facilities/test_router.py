from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_rectification.consumers import consumers
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.services.rectification.plans.support import classify
from tests.support.registry_events import register

URL = "/api/rectification/facilities"
OTHER_SUBDISTRICT = DISTRICT + "002"
OTHER_COMMUNITY = OTHER_SUBDISTRICT + "001"


def seed(session: Session) -> None:
    register(session, "f-a", "甲院", area_code=COMMUNITY)
    register(session, "f-b", "乙院", area_code=COMMUNITY)
    register(session, "f-c", "丙院", area_code=OTHER_COMMUNITY, community_code=OTHER_COMMUNITY,
             subdistrict_code=OTHER_SUBDISTRICT)
    consumer = consumers()[0]
    consumer.drain(session)


def ids(body: dict) -> list[str]:
    return sorted(item["facility_id"] for item in body["items"])


def test_department_sees_the_whole_district(session: Session, client: TestClient, auth) -> None:
    seed(session)
    response = client.get(URL, headers=auth("fire", "staff"))
    assert response.status_code == 200
    body = response.json()
    assert ids(body) == ["f-a", "f-b", "f-c"]
    assert (body["total"], body["page"], body["page_size"]) == (3, 1, 20)
    assert set(body["items"][0]) >= {"name", "area_code", "manager", "manager_phone", "status"}


def test_area_scope_filters_out_other_areas(session: Session, client: TestClient, auth) -> None:
    seed(session)
    inside = client.get(URL, headers=auth("subdistrict", "officer", area=SUBDISTRICT)).json()
    assert ids(inside) == ["f-a", "f-b"] and inside["total"] == 2
    outside = client.get(URL, headers=auth("community", "officer", area=OTHER_COMMUNITY)).json()
    assert ids(outside) == ["f-c"] and outside["total"] == 1


def test_area_scope_is_a_prefix_of_whole_codes(session: Session, client: TestClient, auth) -> None:
    seed(session)
    empty = client.get(URL, headers=auth("community", "officer", area=SUBDISTRICT + "009")).json()
    assert empty == {"items": [], "total": 0, "page": 1, "page_size": 20}


def test_facility_manager_sees_only_their_own(session: Session, client: TestClient, auth) -> None:
    seed(session)
    body = client.get(URL, headers=auth("facility", "manager", area=COMMUNITY, facility="f-b")).json()
    assert ids(body) == ["f-b"] and body["total"] == 1


def test_facility_manager_without_facility_claim_is_refused(client: TestClient, auth) -> None:
    response = client.get(URL, headers=auth("facility", "manager", area=COMMUNITY))
    assert response.status_code == 403


def test_pages_are_stable_and_counted(session: Session, client: TestClient, auth) -> None:
    seed(session)
    headers = auth("civil_affairs", "head")
    first = client.get(URL, params={"page": 1, "page_size": 2}, headers=headers).json()
    second = client.get(URL, params={"page": 2, "page_size": 2}, headers=headers).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert first["total"] == second["total"] == 3
    # Together the pages hold every row exactly once.
    assert sorted(ids(first) + ids(second)) == ["f-a", "f-b", "f-c"]


def test_page_bounds_are_enforced(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    for params in ({"page": 0}, {"page": 10_001}, {"page_size": 0}, {"page_size": 101}, {"page": "x"}):
        response = client.get(URL, params=params, headers=headers)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


def test_a_token_is_required(client: TestClient) -> None:
    response = client.get(URL)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_city_platform_is_forbidden(client: TestClient, auth) -> None:
    response = client.get(URL, headers=auth("city_platform", "client", scopes=["reports:read"]))
    assert response.status_code == 403
    assert response.json()["code"] == "role_forbidden"


def test_openapi_declares_the_problem_answers(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"][URL]["get"]
    assert {"200", "401", "403", "422"} <= set(operation["responses"])
    assert "application/problem+json" in operation["responses"]["403"]["content"]


def test_beds_location_and_latest_class_are_shown(session: Session, client: TestClient, auth) -> None:
    seed(session)
    classify(session, "f-a", "pass")
    consumers()[0].drain(session)
    [item] = [i for i in client.get(URL, headers=auth("fire", "staff")).json()["items"] if i["facility_id"] == "f-a"]
    assert (item["licensed_beds"], item["residents_count"], item["latitude"], item["classification"]) == (
        60, 42, 47.35, "pass")
