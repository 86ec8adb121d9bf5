"""campaign.created / campaign.updated (v1): the whole campaign with its included targets, in the transaction of
every campaign write and target change, and none for a refused one."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord
from tests.conftest import COMMUNITY
from tests.support.registry_events import register

from .support import (
    FA,
    FB,
    FC,
    FD,
    FE,
    FNEW,
    URL,
    create_campaign,
    drain,
    on_survey_day,  # noqa: F401  (fixture)
    seed_facilities,
    shut_down,
)

pytestmark = pytest.mark.usefixtures("on_survey_day")


def campaign_events(session: Session, campaign_id: str) -> list[EventRecord]:
    return list(session.exec(select(EventRecord).where(col(EventRecord.subject) == f"campaign:{campaign_id}")
                             .order_by(col(EventRecord.id))))


def last(session: Session, campaign_id: str) -> dict[str, Any]:
    return campaign_events(session, campaign_id)[-1].payload


def test_creating_publishes_the_campaign_with_its_targets(session: Session, client: TestClient, auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    (event,) = campaign_events(session, campaign["id"])
    assert (event.type, event.version, event.producer) == ("campaign.created", 1, "inspection")
    assert event.payload == {
        "campaign_id": campaign["id"], "name": "南山区养老机构安全专项整治", "area_code": campaign["area_code"],
        "departments": ["civil_affairs", "fire", "health"], "survey_start": "2026-03-01", "survey_end": "2026-03-07",
        "rectification_start": "2026-03-08", "rectification_end": "2026-04-30", "review_start": "2026-05-01",
        "review_end": "2026-05-31", "targets": sorted([FA, FB, FC, FD]),  # FE is shut down
        "deadline_days_major": 7, "deadline_days_ordinary": 30,
    }


def test_every_edit_publishes_the_campaign_as_it_now_stands(session: Session, client: TestClient, auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    headers = auth("civil_affairs", "head")
    response = client.patch(f"{URL}/{campaign['id']}", json={"survey_end": "2026-03-05", "departments": ["fire"]},
                            headers=headers)
    assert response.status_code == 200
    payload = last(session, campaign["id"])
    assert payload["survey_end"] == "2026-03-05" and payload["departments"] == ["fire"]
    assert [e.type for e in campaign_events(session, campaign["id"])] == ["campaign.created", "campaign.updated"]
    # The hazard deadlines are set on the campaign alone: the ledger takes its days from these events.
    response = client.patch(f"{URL}/{campaign['id']}", json={"deadline_days_major": 3, "deadline_days_ordinary": 15},
                            headers=headers)
    assert response.status_code == 200
    payload = last(session, campaign["id"])
    assert (payload["deadline_days_major"], payload["deadline_days_ordinary"]) == (3, 15)

    path = f"{URL}/{campaign['id']}/facilities"
    response = client.patch(f"{path}/{FA}", json={"included": False, "reason": "已并入乙院"}, headers=headers)
    assert response.status_code == 200
    assert last(session, campaign["id"])["targets"] == sorted([FB, FC, FD])
    assert client.patch(f"{path}/{FE}", json={"included": True}, headers=headers).status_code == 200
    assert last(session, campaign["id"])["targets"] == sorted([FB, FC, FD, FE])


def test_a_refused_edit_publishes_nothing(session: Session, client: TestClient, auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    headers = auth("civil_affairs", "head")
    response = client.patch(f"{URL}/{campaign['id']}", json={"survey_end": "2026-03-09"}, headers=headers)
    assert response.status_code == 422
    assert client.patch(f"{URL}/{campaign['id']}/facilities/{FA}", json={"included": False},
                        headers=headers).status_code == 422
    assert client.patch(f"{URL}/{campaign['id']}", json={"name": "x"},
                        headers=auth("fire", "head")).status_code == 403
    assert [e.type for e in campaign_events(session, campaign["id"])] == ["campaign.created"]


def test_registry_events_that_change_targets_publish_the_open_campaigns(session: Session, client: TestClient,
                                                                       auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    closed = create_campaign(client, auth, name="去年", survey_start="2025-03-01", survey_end="2025-03-07",
                             rectification_start="2025-03-08", rectification_end="2025-04-30",
                             review_start="2025-05-01", review_end="2025-05-31")
    register(session, FNEW, "新院", area_code=COMMUNITY)
    drain(session)
    assert FNEW in last(session, campaign["id"])["targets"]
    shut_down(session, FB)
    assert last(session, campaign["id"])["targets"] == sorted([FA, FC, FD, FNEW])
    assert [e.type for e in campaign_events(session, campaign["id"])] == [
        "campaign.created", "campaign.updated", "campaign.updated"]
    # The closed campaign keeps its record, so nothing is said about it.
    assert [e.type for e in campaign_events(session, closed["id"])] == ["campaign.created"]
    shut_down(session, FB)  # already excluded: no change, no event
    assert len(campaign_events(session, campaign["id"])) == 3
