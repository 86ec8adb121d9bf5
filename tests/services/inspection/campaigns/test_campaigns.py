from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common.http import ServiceClient
from eldersafe_inspection import deps
from eldersafe_inspection.campaigns.models import Campaign
from eldersafe_inspection.campaigns.service import current_phase
from eldersafe_inspection.main import app
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.support.registry_events import register

from .support import (
    FA,
    FB,
    FC,
    FD,
    FE,
    FNEW,
    OTHER_COMMUNITY,
    URL,
    campaign_body,
    create_campaign,
    drain,
    fake_inspections,
    on_survey_day,  # noqa: F401  (fixture)
    seed_facilities,
    shut_down,
)

pytestmark = pytest.mark.usefixtures("on_survey_day")


def fields_of(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def targets(client: TestClient, campaign_id: str, headers: dict[str, str]) -> dict[str, dict]:
    response = client.get(f"{URL}/{campaign_id}/facilities", headers=headers)
    assert response.status_code == 200, response.text
    return {row["facility_id"]: row for row in response.json()}


def test_phases_must_run_forwards(client: TestClient, auth) -> None:
    headers = auth("civil_affairs", "head")
    response = client.post(URL, json=campaign_body(survey_end="2026-02-28"), headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert fields_of(response) == ["body.survey_end"]


def test_phases_must_not_overlap(client: TestClient, auth) -> None:
    headers = auth("civil_affairs", "head")
    response = client.post(URL, json=campaign_body(rectification_start="2026-03-07"), headers=headers)
    assert response.status_code == 422 and fields_of(response) == ["body.rectification_start"]
    response = client.post(URL, json=campaign_body(review_start="2026-04-15"), headers=headers)
    assert response.status_code == 422 and fields_of(response) == ["body.review_start"]


def test_dates_and_departments_are_checked(client: TestClient, auth) -> None:
    headers = auth("civil_affairs", "head")
    for body in (campaign_body(survey_start="2026-02-30"), campaign_body(departments=["tax"]),
                 campaign_body(departments=[]), campaign_body(deadline_days_major=0),
                 campaign_body(deadline_days_major="7")):
        assert client.post(URL, json=body, headers=headers).status_code == 422, body
    response = client.post(URL, json=campaign_body(departments=["fire", "fire"]), headers=headers)
    assert response.status_code == 422 and fields_of(response) == ["body.departments.1"]


def test_patch_checks_the_phases_as_a_whole(client: TestClient, auth) -> None:
    campaign = create_campaign(client, auth)
    headers = auth("task_force", "deputy")
    response = client.patch(f"{URL}/{campaign['id']}", json={"survey_end": "2026-03-09"}, headers=headers)
    assert response.status_code == 422 and fields_of(response) == ["body.rectification_start"]
    response = client.patch(f"{URL}/{campaign['id']}", json={"survey_end": "2026-03-05", "name": "新名称"},
                            headers=headers)
    assert response.status_code == 200
    assert response.json()["survey_end"] == "2026-03-05" and response.json()["name"] == "新名称"


@pytest.mark.parametrize(("day", "phase"), [
    (date(2026, 2, 28), "planned"), (date(2026, 3, 1), "survey"), (date(2026, 3, 7), "survey"),
    (date(2026, 3, 8), "rectification"), (date(2026, 4, 30), "rectification"), (date(2026, 5, 1), "review"),
    (date(2026, 5, 31), "review"), (date(2026, 6, 1), "closed"),
])
def test_current_phase_follows_the_date(day: date, phase: str) -> None:
    campaign = Campaign(survey_start=date(2026, 3, 1), survey_end=date(2026, 3, 7),
                        rectification_start=date(2026, 3, 8), rectification_end=date(2026, 4, 30),
                        review_start=date(2026, 5, 1), review_end=date(2026, 5, 31))
    assert current_phase(campaign, on=day) == phase


def test_current_phase_and_status_filter_in_the_api(client: TestClient, auth) -> None:
    running = create_campaign(client, auth)
    future = create_campaign(client, auth, name="下一轮", survey_start="2027-03-01", survey_end="2027-03-07",
                             rectification_start="2027-03-08", rectification_end="2027-04-30",
                             review_start="2027-05-01", review_end="2027-05-31")
    assert running["current_phase"] == "survey" and future["current_phase"] == "planned"
    headers = auth("fire", "staff")
    survey = client.get(URL, params={"status": "survey"}, headers=headers).json()
    assert [c["id"] for c in survey["items"]] == [running["id"]] and survey["total"] == 1
    planned = client.get(URL, params={"status": "planned"}, headers=headers).json()
    assert [c["id"] for c in planned["items"]] == [future["id"]]
    assert client.get(URL, params={"status": "bogus"}, headers=headers).status_code == 422
    assert client.get(URL, params={"phase": "survey"}, headers=headers).status_code == 422


def test_roles_that_may_create(client: TestClient, auth) -> None:
    for role, position in (("civil_affairs", "staff"), ("task_force", "leader"), ("admin", "staff")):
        assert client.post(URL, json=campaign_body(), headers=auth(role, position)).status_code == 201
    for role, position in (("fire", "head"), ("task_force", "member"), ("community", "head")):
        response = client.post(URL, json=campaign_body(), headers=auth(role, position, area=DISTRICT))
        assert response.status_code == 403, (role, position)


def test_campaign_area_must_lie_inside_the_creators(client: TestClient, auth) -> None:
    response = client.post(URL, json=campaign_body(area_code="999002"), headers=auth("civil_affairs", "head"))
    assert response.status_code == 422 and fields_of(response) == ["body.area_code"]


def test_campaign_area_must_exist_in_the_registry(client: TestClient, auth) -> None:
    # Issue 11: a made-up area code inside the caller's area used to be accepted.
    for code in ("999001009", "999001001099", "999001"[:6] + "999"):
        response = client.post(URL, json=campaign_body(area_code=code), headers=auth("civil_affairs", "head"))
        assert response.status_code == 422, code
        assert response.json()["code"] == "area_not_found" and fields_of(response) == ["body.area_code"]
    for code in (DISTRICT, SUBDISTRICT, COMMUNITY):  # the registry's areas
        assert client.post(URL, json=campaign_body(area_code=code), headers=auth("civil_affairs", "head")
                           ).status_code == 201, code


def test_a_registry_that_does_not_answer_refuses_the_campaign(client: TestClient, auth) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    app.dependency_overrides[deps.get_registry_client] = lambda: ServiceClient(
        "http://registry", transport=httpx.MockTransport(refuse))
    response = client.post(URL, json=campaign_body(), headers=auth("civil_affairs", "head"))
    assert response.status_code == 503 and response.json()["code"] == "upstream_unavailable"
    assert client.get(URL, headers=auth("civil_affairs", "head")).json()["total"] == 0  # nothing was written


def test_targets_default_to_operating_and_suspended_in_the_area(session: Session, client: TestClient,
                                                                auth) -> None:
    seed_facilities(session)
    district = create_campaign(client, auth)
    assert district["facilities_count"] == 4
    rows = targets(client, district["id"], auth("civil_affairs", "head"))
    assert sorted(rows) == sorted([FA, FB, FC, FD])  # FE is shut down
    assert all(row["included"] for row in rows.values())
    community = create_campaign(client, auth, area_code=COMMUNITY, name="社区专项")
    assert sorted(targets(client, community["id"], auth("civil_affairs", "head"))) == sorted([FA, FB])


def test_targets_follow_registry_events(session: Session, client: TestClient, auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    closed = create_campaign(client, auth, name="去年", survey_start="2025-03-01", survey_end="2025-03-07",
                             rectification_start="2025-03-08", rectification_end="2025-04-30",
                             review_start="2025-05-01", review_end="2025-05-31")
    register(session, FNEW, "新院", area_code=COMMUNITY)
    drain(session)
    shut_down(session, FB)
    headers = auth("civil_affairs", "head")
    rows = targets(client, campaign["id"], headers)
    assert rows[FNEW]["included"] is True
    assert rows[FB]["included"] is False and "关停" in rows[FB]["reason"]
    # A closed campaign keeps the record it closed with.
    old = targets(client, closed["id"], headers)
    assert FNEW not in old and old[FB]["included"] is True
    assert client.get(f"{URL}/{campaign['id']}", headers=headers).json()["facilities_count"] == 4


def test_targets_by_hand_need_a_reason_to_exclude(session: Session, client: TestClient, auth) -> None:
    seed_facilities(session)
    campaign = create_campaign(client, auth)
    headers = auth("civil_affairs", "staff")
    path = f"{URL}/{campaign['id']}/facilities/{FA}"
    response = client.patch(path, json={"included": False}, headers=headers)
    assert response.status_code == 422 and fields_of(response) == ["body.reason"]
    response = client.patch(path, json={"included": False, "reason": "已并入乙院"}, headers=headers)
    assert response.status_code == 200 and response.json()["included"] is False
    # A shut-down facility of the area may be added by hand.
    response = client.patch(f"{URL}/{campaign['id']}/facilities/{FE}", json={"included": True}, headers=headers)
    assert response.status_code == 200
    assert client.patch(path, json={"included": True}, headers=auth("fire", "head")).status_code == 403


def test_community_officer_sees_a_district_campaign_with_only_their_facilities(
        session: Session, client: TestClient, auth, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_facilities(session)
    fake_inspections(monkeypatch, covered={(FA, "fire"), (FC, "fire")}, findings=[])
    campaign = create_campaign(client, auth)
    headers = auth("community", "officer", area=COMMUNITY)
    listed = client.get(URL, headers=headers).json()
    assert [c["id"] for c in listed["items"]] == [campaign["id"]]
    assert listed["items"][0]["facilities_count"] == 2
    assert sorted(targets(client, campaign["id"], headers)) == sorted([FA, FB])
    coverage = client.get(f"{URL}/{campaign['id']}/coverage", headers=headers).json()
    assert sorted(f["facility_id"] for f in coverage["facilities"]) == sorted([FA, FB])
    assert (coverage["pairs_total"], coverage["pairs_done"]) == (6, 1)
    # A campaign of another community is not there for them.
    other = create_campaign(client, auth, area_code=OTHER_COMMUNITY, name="另一社区")
    assert client.get(f"{URL}/{other['id']}", headers=headers).status_code == 404
    assert client.get(f"{URL}/{other['id']}/facilities", headers=headers).status_code == 404
    # Nor is a facility outside their area, even in a campaign they see.
    response = client.patch(f"{URL}/{campaign['id']}/facilities/{FC}", json={"included": True},
                            headers=auth("civil_affairs", "head", area=SUBDISTRICT))
    assert response.status_code == 404


def test_coverage_counts_pairs(session: Session, client: TestClient, auth, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_facilities(session)
    fake_inspections(monkeypatch, covered={(FA, "fire"), (FA, "health"), (FA, "civil_affairs"), (FB, "fire"),
                                           (FB, "market"), (FE, "fire")}, findings=[])
    campaign = create_campaign(client, auth)
    coverage = client.get(f"{URL}/{campaign['id']}/coverage", headers=auth("fire", "staff")).json()
    # 4 facilities x 3 departments; market is not a campaign department, FE is not a target.
    assert (coverage["pairs_total"], coverage["pairs_done"]) == (12, 4)
    assert coverage["progress"] == pytest.approx(4 / 12, abs=1e-4)
    by_id = {f["facility_id"]: f for f in coverage["facilities"]}
    assert by_id[FA]["departments_missing"] == [] and by_id[FB]["departments_done"] == ["fire"]
    assert by_id[FB]["departments_missing"] == ["civil_affairs", "health"]


def test_facility_manager_sees_only_campaigns_targeting_their_facility(session: Session, client: TestClient,
                                                                       auth) -> None:
    seed_facilities(session)
    district = create_campaign(client, auth)
    other = create_campaign(client, auth, area_code=OTHER_COMMUNITY, name="另一社区")
    headers = auth("facility", "manager", area=COMMUNITY, facility=FA)
    listed = client.get(URL, headers=headers).json()
    assert [c["id"] for c in listed["items"]] == [district["id"]] and listed["items"][0]["facilities_count"] == 1
    assert list(targets(client, district["id"], headers)) == [FA]
    assert client.get(f"{URL}/{other['id']}", headers=headers).status_code == 404
    assert client.get(URL, headers=auth("facility", "manager", area=COMMUNITY)).status_code == 403
    assert client.get(URL, headers=auth("city_platform", "client")).status_code == 403


def test_unknown_campaign_and_bad_ids(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    assert client.get(f"{URL}/00000000-0000-4000-8000-000000000000", headers=headers).status_code == 404
    assert client.get(f"{URL}/not-a-uuid", headers=headers).status_code == 422
    assert FD and DISTRICT  # the fixtures above use every facility
