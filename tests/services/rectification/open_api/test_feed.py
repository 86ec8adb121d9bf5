"""The facility feed pages by each facility's latest change: nothing missed, nothing repeated, tampering refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_rectification.ledger.overdue import today_china
from tests.conftest import SUBDISTRICT

from .support import FACILITIES_URL, Auth, add_hazard, platform, read_feed, touch

FACILITIES = [f"f{n}000000-0000-4000-8000-00000000000{n}" for n in range(1, 6)]

pytestmark = pytest.mark.usefixtures("plan")


def ids(page: dict[str, object]) -> list[str]:
    return [item["facility_id"] for item in page["items"]]  # type: ignore[attr-defined,index]


def test_changes_while_paging_are_neither_missed_nor_repeated(session: Session, client: TestClient,
                                                              auth: Auth) -> None:
    hazards = [add_hazard(session, facility) for facility in FACILITIES]
    headers = platform(auth)
    first = read_feed(client, headers, limit=2)
    assert ids(first) == FACILITIES[:2] and first["has_more"] is True
    # F4, not reached yet, and F1, already served, change while the client pages.
    touch(session, hazards[3], state="in_progress")
    touch(session, hazards[0], state="in_progress")
    second = read_feed(client, headers, limit=2, cursor=first["next_cursor"])
    assert ids(second) == [FACILITIES[2], FACILITIES[4]] and second["has_more"] is True
    third = read_feed(client, headers, limit=2, cursor=second["next_cursor"])
    assert ids(third) == [FACILITIES[3], FACILITIES[0]] and third["has_more"] is False
    assert [item["by_state"]["in_progress"] for item in third["items"]] == [1, 1]  # the new summaries
    # Polling later: nothing new, then exactly the facility that changed.
    quiet = read_feed(client, headers, limit=2, cursor=third["next_cursor"])
    assert (ids(quiet), quiet["has_more"]) == ([], False)
    add_hazard(session, FACILITIES[1], severity="major")
    later = read_feed(client, headers, limit=2, cursor=quiet["next_cursor"])
    assert ids(later) == [FACILITIES[1]]
    assert (later["items"][0]["hazards"], later["items"][0]["by_severity"]["major"]) == (2, 1)


def test_a_facility_with_several_changes_is_served_once_per_page_walk(session: Session, client: TestClient,
                                                                      auth: Auth) -> None:
    for facility in FACILITIES[:3]:
        for _ in range(3):
            add_hazard(session, facility)
    pages, cursor = [], None
    while True:
        page = read_feed(client, platform(auth), limit=1, **({"cursor": cursor} if cursor else {}))
        pages.append(ids(page))
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == [[FACILITIES[0]], [FACILITIES[1]], [FACILITIES[2]]]


def test_an_order_issued_or_closed_brings_its_facility_back(session: Session, client: TestClient,
                                                            auth: Auth) -> None:
    hazards = [add_hazard(session, facility) for facility in FACILITIES[:2]]
    headers = platform(auth)
    first = read_feed(client, headers)
    assert ids(first) == FACILITIES[:2]
    issued = client.post("/api/rectification/supervision-orders", headers=auth("task_force", "leader"), json={
        "level": "district", "supervisor_name": "王督办", "requirements": "限期整改到位。",
        "deadline": (today_china() + timedelta(days=10)).isoformat(), "hazard_ids": [hazards[0].id]})
    assert issued.status_code == 201, issued.text
    again = read_feed(client, headers, cursor=first["next_cursor"])
    assert ids(again) == [FACILITIES[0]] and again["items"][0]["open_supervision_orders"] == 1


def test_updated_since_starts_the_feed_at_a_time(session: Session, client: TestClient, auth: Auth) -> None:
    old, recent = (add_hazard(session, facility) for facility in FACILITIES[:2])
    touch(session, old, updated_at=clock.now() - timedelta(days=3))
    touch(session, recent)
    headers = platform(auth)
    since = (clock.now() - timedelta(days=1)).isoformat()
    assert ids(read_feed(client, headers, updated_since=since)) == [FACILITIES[1]]
    # Nothing since a future time: the cursor still moves to the present, so the next poll brings only news.
    empty = read_feed(client, headers, updated_since=(clock.now() + timedelta(hours=1)).isoformat())
    assert ids(empty) == [] and empty["has_more"] is False
    add_hazard(session, FACILITIES[2])
    assert ids(read_feed(client, headers, cursor=empty["next_cursor"])) == [FACILITIES[2]]
    naive = client.get(FACILITIES_URL, params={"updated_since": "2026-11-01T00:00:00"}, headers=headers)
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "query.updated_since"


def _tampered(cursor: str) -> str:
    body, tag = cursor.split(".")
    return f"{body[:-1]}{'A' if body[-1] != 'A' else 'B'}.{tag}"


def test_a_tampered_or_foreign_cursor_is_refused(session: Session, client: TestClient, auth: Auth) -> None:
    for facility in FACILITIES[:2]:
        add_hazard(session, facility)
    headers = platform(auth)
    cursor = read_feed(client, headers, limit=1)["next_cursor"]
    for bad, who in ((_tampered(cursor), headers), ("not-a-cursor", headers), (cursor + "x", headers),
                     (cursor, platform(auth, area=SUBDISTRICT))):  # issued for another area
        answer = client.get(FACILITIES_URL, params={"cursor": bad}, headers=who)
        assert answer.status_code == 400, (bad, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "invalid_cursor"
        assert answer.json()["errors"][0]["field"] == "query.cursor"
    assert ids(read_feed(client, headers, cursor=cursor)) == [FACILITIES[1]]


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": 0}, "query.limit"), ({"limit": 501}, "query.limit"), ({"limit": "x"}, "query.limit"),
    ({"cursor": "c" * 2001}, "query.cursor"), ({"updated_since": "yesterday"}, "query.updated_since"),
    ({"page": 2}, "query.page"),
])
def test_bad_paging_parameters_name_the_field(session: Session, client: TestClient, auth: Auth,
                                              params: dict[str, object], field: str) -> None:
    answer = client.get(FACILITIES_URL, params=params, headers=platform(auth))
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == field
