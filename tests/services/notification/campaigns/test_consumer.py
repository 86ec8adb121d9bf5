from datetime import date

from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.events import ReceivedEvent
from eldersafe_notification.campaigns.consumer import on_campaign
from eldersafe_notification.campaigns.models import (
    NotificationCampaign,
    NotificationCoverage,
    NotificationHazardIntake,
)
from tests.conftest import COMMUNITY, DISTRICT

from .support import CAMPAIGN, PHASES, campaign, hazard, inspected


def coverage(session: Session) -> set[tuple[str, str]]:
    return {(row.facility_id, row.department) for row in session.exec(
        select(NotificationCoverage).where(col(NotificationCoverage.campaign_id) == CAMPAIGN))}


def test_the_campaign_copy_follows_created_and_updated(session: Session) -> None:
    campaign(session, targets=("fac-2", "fac-1", "fac-1"))
    row = session.get(NotificationCampaign, CAMPAIGN)
    assert row is not None and row.targets == ["fac-1", "fac-2"] and row.departments == ["fire", "health"]
    assert row.survey_end == date(2026, 9, 30) and row.area_code == DISTRICT
    campaign(session, kind="campaign.updated", targets=("fac-3",), survey_end="2026-09-25", departments=("fire",))
    row = session.get(NotificationCampaign, CAMPAIGN)
    assert row is not None and row.targets == ["fac-3"] and row.survey_end == date(2026, 9, 25)
    assert row.departments == ["fire"]


def test_an_older_campaign_event_never_overwrites_a_newer_one(session: Session) -> None:
    campaign(session, survey_end="2026-09-25")
    row = session.get(NotificationCampaign, CAMPAIGN)
    assert row is not None
    stale = ReceivedEvent(id=row.event_id - 1, type="campaign.updated", version=1, subject=f"campaign:{CAMPAIGN}",
                          producer="inspection", occurred_at=clock.now(), payload={
                              "campaign_id": CAMPAIGN, "name": "旧名称", "area_code": DISTRICT,
                              "departments": ["fire"], "targets": [], **PHASES})
    on_campaign(session, stale)
    row = session.get(NotificationCampaign, CAMPAIGN)
    assert row is not None and row.name != "旧名称" and row.survey_end == date(2026, 9, 25)


def test_official_inspections_cover_their_departments_and_self_checks_nothing(session: Session) -> None:
    inspected(session, "fac-1", "fire", "health")
    inspected(session, "fac-1", "fire", inspection_id="again")  # a second inspection of a covered pair
    inspected(session, "fac-2", "fire", self_check=True)
    assert coverage(session) == {("fac-1", "fire"), ("fac-1", "health")}


def test_hazards_taken_in_are_stamped_per_department(session: Session) -> None:
    hazard(session, "h-1", deadline=date(2026, 10, 20), departments=("fire", "health"))
    hazard(session, "h-1", kind="hazard.deadline_changed", deadline=date(2026, 10, 30))  # not an intake
    rows = session.exec(select(NotificationHazardIntake).order_by(col(NotificationHazardIntake.department))).all()
    assert [(r.hazard_id, r.department, r.deadline, r.area_code) for r in rows] == [
        ("h-1", "fire", date(2026, 10, 20), COMMUNITY), ("h-1", "health", date(2026, 10, 20), COMMUNITY)]
    hazard(session, "h-1", kind="hazard.reopened", deadline=date(2026, 11, 30), departments=("fire",))
    rows = session.exec(select(NotificationHazardIntake)).all()
    assert [(r.department, r.deadline) for r in rows] == [("fire", date(2026, 11, 30))]
