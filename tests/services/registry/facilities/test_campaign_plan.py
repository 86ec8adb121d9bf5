"""Closing a facility needs this campaign's plan (P6): only an approved plan of a campaign under way today (China
date) that covers the facility allows suspending or shutting it down, or bars a plain move-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_registry.models import Facility
from tests.services.registry.helpers import World, add_facility, announce_campaign, approve_plan
from tests.support.clock import offset_days_to

from .test_status_plan import change, refused

EARLIER = "44444444-4444-4444-8444-444444444444"
NEXT = "55555555-5555-4555-8555-555555555555"


@pytest.fixture
def empty(session: Session, world: World) -> Facility:
    return add_facility(session, name="空置养老院", residents=0)


def test_a_plan_of_an_earlier_campaign_no_longer_allows_closing(client: TestClient, session: Session,
                                                                empty: Facility, civil: dict) -> None:
    announce_campaign(session, empty, campaign_id=EARLIER, started_days_ago=400)  # over long ago
    approve_plan(session, empty, "shutdown", campaign_id=EARLIER)
    announce_campaign(session, empty)  # this campaign, under way, has no plan for the facility yet
    session.commit()
    for status in ("suspended", "shut_down"):
        assert "earlier campaign" in refused(client, session, empty, civil, status, "plan_not_current")
    approve_plan(session, empty, "suspend")  # this campaign's plan
    assert change(client, empty, civil, "suspended").status_code == 200


def test_a_campaign_that_does_not_cover_the_facility_does_not_count(client: TestClient, session: Session,
                                                                    world: World, empty: Facility,
                                                                    civil: dict) -> None:
    announce_campaign(session, world.sibling, campaign_id=NEXT)  # under way, but covers another facility
    approve_plan(session, empty, "suspend", campaign_id=NEXT)
    refused(client, session, empty, civil, "suspended", "plan_not_current")


def test_a_campaign_not_yet_started_does_not_count(client: TestClient, session: Session, empty: Facility,
                                                   civil: dict) -> None:
    announce_campaign(session, empty, campaign_id=NEXT, started_days_ago=-3)
    approve_plan(session, empty, "suspend", campaign_id=NEXT)
    refused(client, session, empty, civil, "suspended", "plan_not_current")


def test_a_campaign_starting_today_counts_from_china_midnight(client: TestClient, session: Session,
                                                             empty: Facility, civil: dict,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """At 00:30 in China the UTC date is still yesterday: the campaign that starts today is under way."""
    monkeypatch.setenv(clock.OFFSET_ENV, repr(offset_days_to("00:30")))
    assert clock.china_today() != clock.now().date()
    announce_campaign(session, empty, campaign_id=NEXT, started_days_ago=0)
    approve_plan(session, empty, "suspend", campaign_id=NEXT)
    assert change(client, empty, civil, "suspended").status_code == 200


def test_the_latest_approval_of_the_campaign_under_way_decides(client: TestClient, session: Session,
                                                                empty: Facility, civil: dict) -> None:
    announce_campaign(session, empty, campaign_id=EARLIER, started_days_ago=400)
    approve_plan(session, empty, "rectify")  # this campaign: carry on operating
    approve_plan(session, empty, "shutdown", campaign_id=EARLIER,  # approved later, for a campaign long over
                 approved_at=clock.now() + timedelta(minutes=5))
    refused(client, session, empty, civil, "suspended", "plan_not_approved")


def test_a_plain_move_out_is_barred_only_under_this_campaigns_closing_plan(client: TestClient, session: Session,
                                                                          world: World, civil: dict) -> None:
    facility = world.own
    announce_campaign(session, facility, campaign_id=EARLIER, started_days_ago=400)
    approve_plan(session, facility, "suspend", campaign_id=EARLIER)
    resident = world.resident_of(session, facility)
    url = f"/api/registry/facilities/{facility.id}/residents/{resident.id}"
    moved = client.request("DELETE", url, json={"destination": "女儿家"}, headers=civil)
    assert moved.status_code == 200, moved.text
