"""Follow-ups (回头看): requested when a facility's last hazard is signed off, and drawn at random monthly."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.clock import CHINA
from eldersafe_common.events import EventRecord
from eldersafe_rectification.consumers import consumers
from eldersafe_rectification.followups import service
from eldersafe_rectification.followups.consumer import follow_up_consumer
from eldersafe_rectification.followups.models import FollowUp, FollowUpPolicy, FollowUpSampleRun
from eldersafe_rectification.ledger import events
from eldersafe_rectification.ledger.models import Hazard
from tests.conftest import COMMUNITY
from tests.services.rectification.ledger.support import found, new_hazard
from tests.support.campaign_events import announce
from tests.support.registry_events import register

CAMPAIGN = "22222222-2222-2222-2222-222222222222"
OTHER_COMMUNITY = COMMUNITY[:-3] + "999"
Headers = Callable[..., dict[str, str]]


def sign_off(session: Session, hazard: Hazard) -> None:
    """What the ledger's sign-off writes: the state and its event, in one transaction."""
    hazard.state = "signed_off"
    session.add(hazard)
    session.flush()
    events.emit(session, events.SIGNED_OFF, hazard)


def requested(session: Session) -> list[EventRecord]:
    return list(session.exec(select(EventRecord).where(col(EventRecord.type) == "follow_up.requested")
                             .order_by(col(EventRecord.id))))


def facility_with_hazards(session: Session, count: int, *, area: str = COMMUNITY,
                          department: str = "fire") -> list[Hazard]:
    facility = str(uuid.uuid4())
    register(session, facility, f"颐养院 {facility[:4]}", area_code=area, community_code=area)
    hazards = []
    for _ in range(count):
        key = f"k-{uuid.uuid4()}"
        found(session, hazard_key=key, facility_id=facility, area_code=area, department=department)
        hazards.append(key)
    from eldersafe_rectification.consumers import consumers

    for consumer in consumers():
        if consumer.name != "rectification.follow_ups":  # these tests call the follow-up rules themselves
            consumer.drain(session)
    return list(session.exec(select(Hazard).where(col(Hazard.hazard_key).in_(hazards))))


def test_last_sign_off_requests_one_follow_up(session: Session) -> None:
    first = new_hazard(session, department="fire")
    second = new_hazard(session, department="health")
    consumer = follow_up_consumer()
    sign_off(session, first)
    consumer.drain(session)
    assert requested(session) == []  # the facility still has a hazard open

    sign_off(session, second)
    consumer.drain(session)
    [event] = requested(session)
    [row] = session.exec(select(FollowUp)).all()
    signed = session.exec(select(EventRecord).where(col(EventRecord.type) == "hazard.signed_off")
                          .order_by(col(EventRecord.id).desc())).first()
    assert signed is not None
    assert row.due_date == signed.occurred_at.astimezone(CHINA).date() + timedelta(days=30)
    assert event.subject == f"facility:{first.facility_id}"
    assert event.payload == {
        "follow_up_id": row.id, "campaign_id": CAMPAIGN, "facility_id": first.facility_id,
        "facility_name": first.facility_name, "area_code": first.area_code, "departments": ["fire", "health"],
        "reason": "all_signed_off", "due_date": row.due_date.isoformat()}

    # the same sign-off seen again (a replayed handler) asks for nothing more
    service.on_signed_off(session, campaign_id=CAMPAIGN, facility_id=first.facility_id,
                          signed_off_at=signed.occurred_at)
    assert len(requested(session)) == 1


def announced(session: Session) -> None:
    announce(session, CAMPAIGN, start=date(2026, 2, 20), targets=["f-ledger"])
    for consumer in consumers():
        consumer.drain(session)
    session.commit()


def test_delay_follows_the_campaign_policy(session: Session, client: TestClient, auth: Headers) -> None:
    announced(session)
    answer = client.put(f"/api/rectification/campaigns/{CAMPAIGN}/follow-up-policy",
                        json={"delay_days": 10, "monthly_sample_percent": 25}, headers=auth("civil_affairs", "head"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["delay_days"] == 10
    hazard = new_hazard(session)
    at = datetime(2026, 5, 31, 17, 0, tzinfo=UTC)  # 01:00 on 1 June in China
    sign_off(session, hazard)
    row = service.on_signed_off(session, campaign_id=CAMPAIGN, facility_id=hazard.facility_id, signed_off_at=at)
    assert row is not None and row.due_date == date(2026, 6, 11)


def test_policy_defaults_rules_and_roles(session: Session, client: TestClient, auth: Headers) -> None:
    announced(session)
    url = f"/api/rectification/campaigns/{CAMPAIGN}/follow-up-policy"
    answer = client.get(url, headers=auth("fire", "staff"))
    assert answer.json() == {"campaign_id": CAMPAIGN, "delay_days": 30, "monthly_sample_percent": 10,
                             "updated_at": None}
    assert client.put(url, json={"delay_days": 5, "monthly_sample_percent": 5},
                      headers=auth("fire", "head")).status_code == 403
    for body, field in (({"delay_days": 0, "monthly_sample_percent": 5}, "body.delay_days"),
                        ({"delay_days": 5, "monthly_sample_percent": 101}, "body.monthly_sample_percent"),
                        ({"delay_days": "5", "monthly_sample_percent": 5}, "body.delay_days")):
        answer = client.put(url, json=body, headers=auth("task_force", "leader"))
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert field in {error["field"] for error in answer.json()["errors"]}
    assert client.get(url, headers=auth("facility", "manager", facility="f-ledger")).status_code == 403
    assert client.get(url, headers=auth("fire", "staff")).json()["delay_days"] == 30  # nothing changed


def test_a_policy_for_a_made_up_campaign_is_refused(session: Session, client: TestClient, auth: Headers) -> None:
    made_up = str(uuid.uuid4())
    answer = client.put(f"/api/rectification/campaigns/{made_up}/follow-up-policy",
                        json={"delay_days": 10, "monthly_sample_percent": 25}, headers=auth("civil_affairs", "head"))
    assert (answer.status_code, answer.json()["code"]) == (422, "campaign_not_found")
    assert [e["field"] for e in answer.json()["errors"]] == ["path.campaign_id"]
    assert session.get(FollowUpPolicy, made_up) is None


def test_monthly_draw_once_per_month_from_fully_signed_off_facilities(session: Session) -> None:
    done = [facility_with_hazards(session, 2) for _ in range(12)]
    still_open = facility_with_hazards(session, 1)
    for hazards in done:
        for hazard in hazards:
            hazard.state = "signed_off"
            session.add(hazard)
    session.flush()

    assert service.draw_monthly_samples(session, today=date(2026, 7, 3), rng=random.Random(7)) == 2  # ceil(12 × 10 %)
    drawn = session.exec(select(FollowUp).where(col(FollowUp.reason) == "monthly_sample")).all()
    assert {row.due_date for row in drawn} == {date(2026, 7, 31)}
    assert {row.sample_month for row in drawn} == {"2026-07"}
    assert still_open[0].facility_id not in {row.facility_id for row in drawn}
    assert len(requested(session)) == 2
    run = session.get(FollowUpSampleRun, (CAMPAIGN, "2026-07"))
    assert run is not None and (run.eligible, run.drawn) == (12, 2)

    # later ticks in the same month draw nothing more
    assert service.draw_monthly_samples(session, today=date(2026, 7, 20)) == 0
    # next month: the two drawn in July are still due in July, so all twelve are eligible again
    assert service.draw_monthly_samples(session, today=date(2026, 8, 1), rng=random.Random(7)) == 2
    assert len(requested(session)) == 4


def test_a_facility_with_a_visit_due_is_not_drawn(session: Session) -> None:
    [hazard] = facility_with_hazards(session, 1)
    sign_off(session, hazard)
    row = service.on_signed_off(session, campaign_id=CAMPAIGN, facility_id=hazard.facility_id,
                                signed_off_at=datetime(2026, 7, 2, tzinfo=UTC))
    assert row is not None and row.due_date == date(2026, 8, 1)
    service.draw_monthly_samples(session, today=date(2026, 7, 3))
    run = session.get(FollowUpSampleRun, (CAMPAIGN, "2026-07"))
    assert run is not None and (run.eligible, run.drawn) == (0, 0)


def test_zero_percent_records_the_run_and_draws_nothing(session: Session, client: TestClient,
                                                        auth: Headers) -> None:
    announced(session)
    client.put(f"/api/rectification/campaigns/{CAMPAIGN}/follow-up-policy",
               json={"delay_days": 30, "monthly_sample_percent": 0}, headers=auth("admin"))
    for hazard in facility_with_hazards(session, 1):
        sign_off(session, hazard)
    assert service.draw_monthly_samples(session, today=date(2026, 9, 1)) == 0
    assert session.get(FollowUpSampleRun, (CAMPAIGN, "2026-09")) is not None


def test_list_is_area_scoped_and_filtered(session: Session, client: TestClient, auth: Headers) -> None:
    for area in (COMMUNITY, OTHER_COMMUNITY):
        for hazard in facility_with_hazards(session, 1, area=area):
            sign_off(session, hazard)
            service.on_signed_off(session, campaign_id=CAMPAIGN, facility_id=hazard.facility_id,
                                  signed_off_at=datetime(2026, 7, 2, tzinfo=UTC))
    everyone = client.get("/api/rectification/follow-ups", headers=auth("civil_affairs", "staff")).json()
    assert everyone["total"] == 2
    mine = client.get("/api/rectification/follow-ups", params={"reason": "all_signed_off"},
                      headers=auth("community", "officer", area=COMMUNITY)).json()
    assert [row["area_code"] for row in mine["items"]] == [COMMUNITY]
    assert client.get("/api/rectification/follow-ups", params={"reason": "later"},
                      headers=auth("admin")).status_code == 422
    assert client.get("/api/rectification/follow-ups", params={"colour": "red"},
                      headers=auth("admin")).status_code == 422
    assert client.get("/api/rectification/follow-ups",
                      headers=auth("facility", "manager", facility="x")).status_code == 403


@pytest.mark.parametrize("percent, eligible, expected", [(10, 1, 1), (10, 10, 1), (10, 11, 2), (100, 3, 3)])
def test_sample_size_rounds_up(session: Session, percent: int, eligible: int, expected: int) -> None:
    from eldersafe_rectification.followups.models import FollowUpPolicy

    session.add(FollowUpPolicy(campaign_id=CAMPAIGN, delay_days=30, monthly_sample_percent=percent,
                               updated_at=clock.now()))
    for _ in range(eligible):
        for hazard in facility_with_hazards(session, 1):
            hazard.state = "signed_off"
            session.add(hazard)
    session.flush()
    assert service.draw_monthly_samples(session, today=date(2026, 10, 5)) == expected
