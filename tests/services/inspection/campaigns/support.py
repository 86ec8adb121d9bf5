"""Shared set-up for the campaign, task, classification and report tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_inspection.accounts.consumer import accounts_consumer
from eldersafe_inspection.campaigns import facts
from eldersafe_inspection.campaigns import service as campaigns_service
from eldersafe_inspection.consumers import targets_consumer
from eldersafe_inspection.ledger.models import RECTIFIED_STATES
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.support.gateway_events import account_created
from tests.support.registry_events import change_status, register

URL = "/api/inspection/campaigns"
OTHER_SUBDISTRICT = DISTRICT + "002"
OTHER_COMMUNITY = OTHER_SUBDISTRICT + "001"
SECOND_COMMUNITY = SUBDISTRICT + "002"

# Facilities: A and B in the test community, C in another sub-district, D suspended, E shut down.
FA = "0000000a-0000-4000-8000-000000000001"
FB = "0000000b-0000-4000-8000-000000000002"
FC = "0000000c-0000-4000-8000-000000000003"
FD = "0000000d-0000-4000-8000-000000000004"
FE = "0000000e-0000-4000-8000-000000000005"
FNEW = "0000000f-0000-4000-8000-000000000006"

SURVEY_DAY = date(2026, 3, 3)


def seed_facilities(session: Session) -> None:
    register(session, FA, "甲院", area_code=COMMUNITY)
    register(session, FB, "乙院", area_code=COMMUNITY)
    register(session, FC, "丙院", area_code=OTHER_COMMUNITY, community_code=OTHER_COMMUNITY,
             subdistrict_code=OTHER_SUBDISTRICT)
    register(session, FD, "丁院", area_code=SECOND_COMMUNITY, community_code=SECOND_COMMUNITY, status="suspended")
    register(session, FE, "戊院", area_code=COMMUNITY, status="shut_down")
    drain(session)


# Accounts the tests give tasks to (subject, name, role): the subjects the test tokens carry.
INSPECTORS = (
    ("test-fire-staff", "王消防", "fire"), ("inspector-zhang", "张检查员", "fire"),
    ("inspector-li", "李检查员", "fire"), ("test-health-staff", "赵卫健", "health"),
    ("test-market-staff", "李市监", "market"), ("test-civil_affairs-staff", "钱民政", "civil_affairs"),
)


def seed_inspectors(session: Session) -> None:
    """The gateway's account.created for each of INSPECTORS, taken in by inspection's accounts consumer."""
    for subject, name, role in INSPECTORS:
        account_created(session, subject, name, role)
    accounts_consumer().drain(session)
    session.commit()  # a refused request rolls the session back, and must not take these with it


def drain(session: Session) -> None:
    consumer = targets_consumer()
    consumer.drain(session)


def shut_down(session: Session, facility_id: str) -> None:
    change_status(session, facility_id, "operating", "shut_down")
    drain(session)


def campaign_body(**fields: Any) -> dict[str, Any]:
    return {
        "name": "南山区养老机构安全专项整治", "area_code": DISTRICT,
        "departments": ["civil_affairs", "fire", "health"],
        "survey_start": "2026-03-01", "survey_end": "2026-03-07",
        "rectification_start": "2026-03-08", "rectification_end": "2026-04-30",
        "review_start": "2026-05-01", "review_end": "2026-05-31",
        **fields,
    }


def create_campaign(client: TestClient, auth: Any, **fields: Any) -> dict[str, Any]:
    response = client.post(URL, json=campaign_body(**fields), headers=auth("civil_affairs", "head"))
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def on_survey_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(campaigns_service, "today", lambda: SURVEY_DAY)
    return SURVEY_DAY


@dataclass(frozen=True)
class Finding:
    """A test double of inspections.queries.FindingFact."""

    facility_id: str
    department: str
    category: str
    severity: str
    item_code: str
    description: str = "隐患描述"
    criterion_code: str | None = None
    criterion_fixable: bool = True
    fixed_on_spot: bool = False
    hazard_key: str = ""
    ledger_state: str | None = None

    @property
    def rectified(self) -> bool:
        return self.fixed_on_spot or self.ledger_state in RECTIFIED_STATES


def fake_inspections(monkeypatch: pytest.MonkeyPatch, *, covered: set[tuple[str, str]],
                     findings: list[Finding]) -> None:
    """Stand in for the inspections domain's queries (its module may not exist yet)."""
    monkeypatch.setattr(facts, "covered_pairs", lambda session, *, campaign_id: set(covered))
    monkeypatch.setattr(facts, "campaign_findings", lambda session, *, campaign_id: list(findings))
