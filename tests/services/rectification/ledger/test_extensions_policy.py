"""Area 404 on reads and actions, deadline extensions, and the deadline policy read from the campaign."""

import uuid
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_rectification.consumers import consumers
from eldersafe_rectification.ledger.models import Hazard
from eldersafe_rectification.ledger.overdue import today_china
from tests.conftest import COMMUNITY
from tests.support.campaign_events import announce

from .support import FACILITY, events_of, new_hazard

URL = "/api/rectification/hazards"
OUTSIDE = "999001002001"


def committed(session: Session, **fields: object) -> Hazard:
    hazard = new_hazard(session, **fields)
    hazard.deadline = today_china() + timedelta(days=10)
    session.add(hazard)
    session.commit()
    return hazard


def manager(auth) -> dict[str, str]:
    return auth("facility", "manager", area=COMMUNITY, facility=FACILITY, subject="s-manager")


# --- area -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("GET", "", None),
    ("PATCH", "", {"measures": "x", "version": 1}),
    ("POST", "/start", None),
    ("POST", "/submit", {}),
    ("POST", "/accept", {}),
    ("POST", "/reject", {"reason": "no"}),
    ("POST", "/sign-off", None),
    ("POST", "/extensions", {"new_deadline": "2099-01-01", "reason": "r"}),
])
def test_outside_the_area_is_404(session: Session, client: TestClient, auth, method: str, suffix: str,
                                 body: dict[str, object] | None) -> None:
    hazard = committed(session)
    url = f"{URL}/{hazard.id}{suffix}"
    for headers in (auth("community", "officer", area=OUTSIDE), auth("fire", "head", area="999002")):
        response = client.request(method, url, json=body, headers=headers)
        assert response.status_code == 404 and response.json()["code"] == "hazard_not_found"
    assert events_of(session, hazard) == ["hazard.assigned"]


def test_community_officer_inside_the_area_reads(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    response = client.get(f"{URL}/{hazard.id}", headers=auth("community", "officer", area=COMMUNITY))
    assert response.status_code == 200 and response.json()["id"] == hazard.id
    assert client.get(f"{URL}/{uuid.uuid4()}", headers=auth("admin")).status_code == 404


def test_extension_on_an_outside_hazard_is_404(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    extension = client.post(f"{URL}/{hazard.id}/extensions", json={
        "new_deadline": (hazard.deadline + timedelta(days=5)).isoformat(), "reason": "材料未到"},
        headers=manager(auth)).json()
    response = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/approve", json={},
                           headers=auth("fire", "head", area="999002"))
    assert response.status_code == 404


# --- extensions -----------------------------------------------------------------------------------------------

def test_extension_dates_must_be_future_and_later(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    url = f"{URL}/{hazard.id}/extensions"
    past = client.post(url, json={"new_deadline": (today_china() - timedelta(days=1)).isoformat(), "reason": "r"},
                       headers=manager(auth))
    assert past.status_code == 422 and past.json()["code"] == "deadline_in_past"
    same = client.post(url, json={"new_deadline": hazard.deadline.isoformat(), "reason": "r"}, headers=manager(auth))
    assert same.status_code == 422 and same.json()["code"] == "deadline_not_later"
    earlier = client.post(url, json={"new_deadline": (hazard.deadline - timedelta(days=1)).isoformat(),
                                     "reason": "r"}, headers=manager(auth))
    assert earlier.status_code == 422 and earlier.json()["code"] == "deadline_not_later"
    assert client.post(url, json={"new_deadline": "2099-01-01", "reason": ""},
                       headers=manager(auth)).status_code == 422
    assert client.post(url, json={"new_deadline": "not a date", "reason": "r"},
                       headers=manager(auth)).status_code == 422
    assert client.get(f"{URL}/{hazard.id}", headers=auth("admin")).json()["extensions"] == []


def test_overdue_hazard_extension_still_needs_a_future_date(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    hazard.deadline = today_china() - timedelta(days=5)
    session.add(hazard)
    session.commit()
    response = client.post(f"{URL}/{hazard.id}/extensions", json={
        "new_deadline": (today_china() - timedelta(days=1)).isoformat(), "reason": "r"}, headers=manager(auth))
    assert response.status_code == 422 and response.json()["code"] == "deadline_in_past"
    ok = client.post(f"{URL}/{hazard.id}/extensions", json={
        "new_deadline": today_china().isoformat(), "reason": "r"}, headers=manager(auth))
    assert ok.status_code == 201


def request(client: TestClient, auth, hazard: Hazard, days: int = 14) -> dict[str, object]:
    response = client.post(f"{URL}/{hazard.id}/extensions", json={
        "new_deadline": (hazard.deadline + timedelta(days=days)).isoformat(), "reason": "材料未到"},
        headers=manager(auth))
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    assert body["state"] == "pending" and body["old_deadline"] == hazard.deadline.isoformat()
    return body


@pytest.mark.parametrize("decision", ["approve", "reject"])
@pytest.mark.parametrize(("role", "position", "area"), [
    ("fire", "staff", "999001"), ("health", "head", "999001"), ("civil_affairs", "head", "999001"),
    ("admin", "staff", "999001"), ("task_force", "leader", "999001"), ("community", "officer", COMMUNITY),
    ("facility", "manager", COMMUNITY),
])
def test_only_the_owning_department_head_decides(session: Session, client: TestClient, auth, decision: str,
                                                 role: str, position: str, area: str) -> None:
    hazard = committed(session)
    before = hazard.deadline
    extension = request(client, auth, hazard)
    extra = {"facility": FACILITY} if role == "facility" else {}
    response = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/{decision}", json={},
                           headers=auth(role, position, area=area, **extra))
    assert response.status_code == 403
    session.refresh(hazard)
    assert hazard.deadline == before and "hazard.deadline_changed" not in events_of(session, hazard)
    detail = client.get(f"{URL}/{hazard.id}", headers=auth("admin")).json()
    assert detail["extensions"][0]["state"] == "pending"


def test_approval_moves_the_deadline_and_publishes(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    hazard.deadline = today_china() - timedelta(days=2)  # overdue until the extension is approved
    session.add(hazard)
    session.commit()
    old = hazard.deadline
    extension = request(client, auth, hazard, days=30)
    response = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/approve", json={"note": "同意"},
                           headers=auth("fire", "head", subject="s-fire-head"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == "approved" and body["decided_by"] == "s-fire-head" and body["decision_note"] == "同意"
    session.refresh(hazard)
    assert hazard.deadline == old + timedelta(days=30)
    assert events_of(session, hazard) == ["hazard.assigned", "hazard.deadline_changed"]
    from sqlmodel import col, select

    from eldersafe_common.events import EventRecord

    event = session.exec(select(EventRecord).where(col(EventRecord.subject) == f"hazard:{hazard.id}",
                                                   col(EventRecord.type) == "hazard.deadline_changed")).one()
    payload = event.payload if isinstance(event.payload, dict) else {}
    assert payload.get("deadline") == hazard.deadline.isoformat()
    assert payload.get("previous_deadline") == old.isoformat()
    detail = client.get(f"{URL}/{hazard.id}", headers=auth("admin")).json()
    assert detail["deadline"] == hazard.deadline.isoformat() and detail["overdue"] is False
    assert "extension_approved" in [row["action"] for row in detail["history"]]
    again = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/reject", json={},
                        headers=auth("fire", "head"))
    assert again.status_code == 409 and again.json()["code"] == "extension_decided"


def test_rejection_keeps_the_deadline(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    before = hazard.deadline
    extension = request(client, auth, hazard)
    response = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/reject", json={"note": "理由不足"},
                           headers=auth("fire", "head"))
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    session.refresh(hazard)
    assert hazard.deadline == before and events_of(session, hazard) == ["hazard.assigned"]


def test_joint_hazard_any_owning_head_decides(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    hazard.departments = ["fire", "health"]
    session.add(hazard)
    session.commit()
    extension = request(client, auth, hazard)
    response = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/approve", json={},
                           headers=auth("health", "head"))
    assert response.status_code == 200


def test_unknown_or_foreign_extension_is_404(session: Session, client: TestClient, auth) -> None:
    hazard = committed(session)
    other = committed(session)
    extension = request(client, auth, other)
    assert client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/approve", json={},
                       headers=auth("fire", "head")).status_code == 404
    assert client.post(f"{URL}/{hazard.id}/extensions/{uuid.uuid4()}/approve", json={},
                       headers=auth("fire", "head")).status_code == 404


# --- deadline policy: read from the campaign, never set here -----------------------------------------------------

def policy_url(campaign: str) -> str:
    return f"/api/rectification/campaigns/{campaign}/deadline-policy"


def test_policy_reads_the_campaigns_days(session: Session, client: TestClient, auth) -> None:
    campaign = str(uuid.uuid4())
    announce(session, campaign, start=date(2026, 2, 20), targets=[FACILITY], deadline_days_major=5,
             deadline_days_ordinary=20)
    consumers()[1].drain(session)
    session.commit()
    for headers in (auth("fire"), auth("community", "officer", area=COMMUNITY),
                    auth("facility", "manager", area=COMMUNITY, facility=FACILITY)):
        response = client.get(policy_url(campaign), headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert (body["campaign_id"], body["major_days"], body["ordinary_days"]) == (campaign, 5, 20)
        assert body["updated_at"] is not None
    assert client.get(policy_url(campaign), headers=auth("city_platform")).status_code == 403
    assert client.get(policy_url("not-a-uuid"), headers=auth("fire")).status_code == 422
    assert client.get(policy_url(campaign)).status_code == 401


def test_policy_of_a_campaign_never_announced_is_404(client: TestClient, auth) -> None:
    response = client.get(policy_url(str(uuid.uuid4())), headers=auth("fire"))
    assert response.status_code == 404 and response.json()["code"] == "campaign_not_found"


@pytest.mark.parametrize(("role", "position"), [
    ("civil_affairs", "staff"), ("admin", "staff"), ("task_force", "leader"), ("fire", "head")])
def test_policy_can_no_longer_be_set_here(session: Session, client: TestClient, auth, role: str,
                                          position: str) -> None:
    """One place sets a campaign's hazard deadlines: the campaign. The ledger's own policy refuses, naming it."""
    campaign = str(uuid.uuid4())
    announce(session, campaign, start=date(2026, 2, 20), targets=[FACILITY])
    consumers()[1].drain(session)
    session.commit()
    response = client.put(policy_url(campaign), json={"major_days": 3, "ordinary_days": 10},
                          headers=auth(role, position))
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "deadline_days_set_on_campaign"
    assert f"/api/inspection/campaigns/{campaign}" in problem["detail"]
    body = client.get(policy_url(campaign), headers=auth("admin")).json()
    assert (body["major_days"], body["ordinary_days"]) == (7, 30)
    assert new_hazard(session, campaign_id=campaign, severity="major", item_code="P-1").deadline == date(2026, 3, 8)


def test_policy_put_is_refused_to_non_readers_first(client: TestClient, auth) -> None:
    assert client.put(policy_url(str(uuid.uuid4())), json={}, headers=auth("city_platform")).status_code == 403
