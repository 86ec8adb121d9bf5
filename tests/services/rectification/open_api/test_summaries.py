"""The open API's numbers against a seeded ledger: per facility, per area, and the statistics."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from eldersafe_rectification.ledger.models import Hazard
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT

from .support import (
    AREAS_URL,
    OTHER_COMMUNITY,
    OTHER_SUBDISTRICT_COMMUNITY,
    STATISTICS_URL,
    Auth,
    add_hazard,
    add_order,
    platform,
    read_feed,
)

FA, FB, FC = "fa000000-0000-4000-8000-000000000001", "fb000000-0000-4000-8000-000000000002", \
    "fc000000-0000-4000-8000-000000000003"

pytestmark = pytest.mark.usefixtures("plan")


def states(**counts: int) -> dict[str, int]:
    return {"open": 0, "in_progress": 0, "submitted": 0, "accepted": 0, "signed_off": 0, "withdrawn": 0, **counts}


@pytest.fixture
def ledger(session: Session) -> Session:
    """A (COMMUNITY): 4 entries, one overdue, one open order and one closed; B (another community of the same
    sub-district): 2, one overdue; C (another sub-district): 1 major overdue with an open order."""
    h1 = add_hazard(session, FA, overdue=True, name="甲院")
    h2 = add_hazard(session, FA, state="in_progress", severity="major", departments=("fire", "health"), name="甲院")
    h3 = add_hazard(session, FA, state="signed_off", severity="major", overdue=True, name="甲院")
    add_hazard(session, FA, state="accepted", overdue=True, departments=("health",), name="甲院")
    add_hazard(session, FB, area_code=OTHER_COMMUNITY, state="submitted", overdue=True, departments=("police",),
               name="乙院")
    add_hazard(session, FB, area_code=OTHER_COMMUNITY, state="signed_off", departments=("police",), name="乙院")
    h7 = add_hazard(session, FC, area_code=OTHER_SUBDISTRICT_COMMUNITY, severity="major", overdue=True, name="丙院")
    add_order(session, [h1, h2])
    add_order(session, [h3], state="closed")
    add_order(session, [h7])
    return session


def test_facility_summaries_count_each_facility_s_ledger(ledger: Session, client: TestClient, auth: Auth) -> None:
    page = read_feed(client, platform(auth))
    assert page["has_more"] is False and page["next_cursor"]
    by_id = {item["facility_id"]: item for item in page["items"]}
    assert len(page["items"]) == 3 == len(by_id)
    a, b, c = by_id[FA], by_id[FB], by_id[FC]
    assert (a["facility_name"], a["area_code"], a["hazards"], a["overdue"], a["open_supervision_orders"]) == (
        "甲院", COMMUNITY, 4, 1, 1)
    assert a["by_state"] == states(open=1, in_progress=1, accepted=1, signed_off=1)
    assert a["by_severity"] == {"ordinary": 2, "major": 2}
    assert (b["hazards"], b["overdue"], b["open_supervision_orders"], b["by_state"]) == (
        2, 1, 0, states(submitted=1, signed_off=1))
    assert (c["hazards"], c["overdue"], c["open_supervision_orders"], c["by_severity"]) == (
        1, 1, 1, {"ordinary": 0, "major": 1})
    latest = dict(ledger.exec(select(col(Hazard.facility_id), func.max(col(Hazard.change_seq)))
                              .group_by(col(Hazard.facility_id))).all())
    assert [item["facility_id"] for item in page["items"]] == sorted(latest, key=latest.__getitem__)
    assert all(datetime.fromisoformat(item["last_changed_at"]).tzinfo for item in page["items"])


def test_area_summaries_per_subdistrict_and_community(ledger: Session, client: TestClient, auth: Auth) -> None:
    answer = client.get(AREAS_URL, params={"level": "subdistrict"}, headers=platform(auth))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["level"] == "subdistrict" and body["as_of"]
    ours, theirs = body["items"]
    assert ours == {"area_code": SUBDISTRICT, "level": "subdistrict", "facilities": 2, "hazards": 6,
                    "by_state": states(open=1, in_progress=1, submitted=1, accepted=1, signed_off=2),
                    "by_severity": {"ordinary": 4, "major": 2}, "overdue": 2, "open_supervision_orders": 1,
                    "rectification_rate": 0.3333}
    assert (theirs["area_code"], theirs["facilities"], theirs["hazards"], theirs["overdue"],
            theirs["open_supervision_orders"], theirs["rectification_rate"]) == (
        DISTRICT + "002", 1, 1, 1, 1, 0.0)
    communities = client.get(AREAS_URL, params={"level": "community"}, headers=platform(auth)).json()["items"]
    assert [(item["area_code"], item["hazards"], item["rectification_rate"]) for item in communities] == [
        (COMMUNITY, 4, 0.25), (OTHER_COMMUNITY, 2, 0.5), (OTHER_SUBDISTRICT_COMMUNITY, 1, 0.0)]
    refused = client.get(AREAS_URL, params={"level": "district"}, headers=platform(auth))
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "query.level"


def test_statistics_totals_orders_and_departments(ledger: Session, client: TestClient, auth: Auth) -> None:
    answer = client.get(STATISTICS_URL, headers=platform(auth))
    assert answer.status_code == 200, answer.text
    stats = answer.json()
    assert {key: stats[key] for key in ("area_code", "hazards", "signed_off", "rectification_rate", "overdue",
                                        "major", "major_open")} == {
        "area_code": DISTRICT, "hazards": 7, "signed_off": 2, "rectification_rate": 0.2857, "overdue": 3, "major": 3,
        "major_open": 2}
    assert stats["by_state"] == states(open=2, in_progress=1, submitted=1, accepted=1, signed_off=2)
    assert stats["supervision_orders"] == {"issued": 3, "open": 2, "closed": 1}
    assert stats["departments"] == [
        {"department": "fire", "hazards": 4, "signed_off": 1, "overdue": 2, "major": 3, "rectification_rate": 0.25},
        {"department": "health", "hazards": 2, "signed_off": 0, "overdue": 0, "major": 1, "rectification_rate": 0.0},
        {"department": "police", "hazards": 2, "signed_off": 1, "overdue": 1, "major": 0, "rectification_rate": 0.5}]


def test_the_client_s_area_bounds_every_figure(ledger: Session, client: TestClient, auth: Auth) -> None:
    narrow = platform(auth, area=SUBDISTRICT)
    assert {item["facility_id"] for item in read_feed(client, narrow)["items"]} == {FA, FB}
    assert [item["area_code"] for item in client.get(AREAS_URL, headers=narrow).json()["items"]] == [SUBDISTRICT]
    community = platform(auth, area=COMMUNITY)
    assert [item["area_code"] for item in client.get(AREAS_URL, params={"level": "community"},
                                                     headers=community).json()["items"]] == [COMMUNITY]
    above = client.get(AREAS_URL, params={"level": "subdistrict"}, headers=community)
    assert above.status_code == 422 and above.json()["code"] == "level_above_area"
    stats = client.get(STATISTICS_URL, headers=narrow).json()
    assert (stats["area_code"], stats["hazards"], stats["overdue"], stats["supervision_orders"]) == (
        SUBDISTRICT, 6, 2, {"issued": 2, "open": 1, "closed": 1})


def test_an_empty_ledger_has_no_rate(session: Session, client: TestClient, auth: Auth) -> None:
    stats = client.get(STATISTICS_URL, headers=platform(auth)).json()
    assert (stats["hazards"], stats["rectification_rate"], stats["departments"]) == (0, None, [])
    page = read_feed(client, platform(auth))
    assert (page["items"], page["has_more"]) == ([], False)
