from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_inspection.consumers import targets_consumer
from eldersafe_inspection.targets.models import InspectionTarget
from tests.support.registry_events import register, update

from .public_support import PUBLIC, add_target

SEARCH = f"{PUBLIC}/facilities"


def test_the_registry_snapshot_fills_the_address(session: Session) -> None:
    consumer = targets_consumer()
    register(session, "f-addr", "松鹤颐养院", address="和平区长青路 8 号")
    consumer.drain(session)
    target = session.get(InspectionTarget, "f-addr")
    assert target is not None and target.address == "和平区长青路 8 号"
    update(session, "f-addr", "松鹤颐养院", changed=["address"], address="和平区长青路 10 号")
    consumer.drain(session)
    session.refresh(target)
    assert target.address == "和平区长青路 10 号"


def test_search_by_name_or_address(session: Session, client: TestClient) -> None:
    by_name = add_target(session, name="青松托老中心", address="东风街 1 号")
    by_address = add_target(session, name="福寿园", address="青松路 99 号")
    add_target(session, name="青松旧院", address="东风街 3 号", status="deregistered")
    add_target(session, name="夕阳红", address="南湖路 5 号")
    response = client.get(SEARCH, params={"q": "青松"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    found = response.json()
    assert {row["facility_id"] for row in found} >= {by_name, by_address}
    assert all(set(row) == {"facility_id", "name", "address"} for row in found)
    assert "青松旧院" not in [row["name"] for row in found]
    assert "夕阳红" not in [row["name"] for row in found]


def test_search_is_capped_at_twenty_and_case_insensitive(session: Session, client: TestClient) -> None:
    for index in range(25):
        add_target(session, name=f"Sunrise Home {index:02d}", address="Elm Street")
    found = client.get(SEARCH, params={"q": "SUNRISE home"}).json()
    assert len(found) == 20


def test_wildcards_are_searched_literally(session: Session, client: TestClient) -> None:
    add_target(session, name="百分百养老院", address="和平路 1 号")
    assert client.get(SEARCH, params={"q": "%"}).json() == []
    assert client.get(SEARCH, params={"q": "_"}).json() == []


def test_bad_queries_are_refused(client: TestClient) -> None:
    for params, field in (({"q": ""}, "query.q"), ({"q": "x" * 51}, "query.q"), ({}, "query.q"),
                          ({"q": "   "}, "query.q"), ({"q": "a\x00b"}, "query.q"),
                          ({"q": "青松", "area": "1"}, "query.area")):
        response = client.get(SEARCH, params=params)
        assert response.status_code == 422, (params, response.text)
        assert response.headers["cache-control"] == "no-store"
        assert field in [error["field"] for error in response.json()["errors"]]
