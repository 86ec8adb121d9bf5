"""Inspection's copy of the gateway's accounts (account.created / account.updated) and the inspector picker that
task forms choose assignees from, scoped by the caller's role and area."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord, ReceivedEvent
from eldersafe_inspection.accounts.consumer import accounts_consumer, on_account
from eldersafe_inspection.accounts.models import InspectionAccount
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT
from tests.support.gateway_events import account_created, account_updated

URL = "/api/inspection/inspectors"


@pytest.fixture
def accounts(session: Session) -> None:
    account_created(session, "fire-wang", "王消防", "fire")
    account_created(session, "fire-zhang", "张火", "fire", position="head")
    account_created(session, "fire-old", "退休的", "fire", disabled=True)
    account_created(session, "fire-far", "外区", "fire", area="999002")
    account_created(session, "health-zhao", "赵卫健", "health")
    account_created(session, "co-officer", "社区干部", "community", position="officer", area=COMMUNITY)
    account_created(session, "manager", "院长", "facility", position="manager", area=COMMUNITY, facility="f-1")
    accounts_consumer().drain(session)
    session.commit()


def subjects(client: TestClient, headers: dict[str, str], **params: Any) -> list[str]:
    response = client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [row["subject"] for row in response.json()["items"]]


@pytest.mark.usefixtures("accounts")
def test_planners_pick_active_accounts_of_a_department(client: TestClient, auth: Any) -> None:
    head = auth("civil_affairs", "head")
    assert subjects(client, head, department="fire") == ["fire-zhang", "fire-wang"]  # by name
    assert subjects(client, head, department="fire", q="王") == ["fire-wang"]
    assert subjects(client, head, department="fire", q="FIRE-W") == ["fire-wang"]  # username, any case
    assert subjects(client, head, q="%") == []  # wildcards are literal
    assert set(subjects(client, head)) == {"fire-zhang", "fire-wang", "health-zhao"}  # departments only
    body = client.get(URL, params={"department": "fire", "q": "王"}, headers=head).json()
    assert body == {"items": [{"subject": "fire-wang", "name": "王消防", "username": "fire-wang",
                               "department": "fire", "position": "staff"}], "total": 1, "page": 1, "page_size": 50}
    assert subjects(client, auth("task_force", "deputy"), department="health") == ["health-zhao"]
    assert subjects(client, auth("admin", "staff"), department="health") == ["health-zhao"]
    # A planner of a smaller area still sees the district's department accounts, not another district's.
    assert subjects(client, auth("civil_affairs", "head", area=SUBDISTRICT), department="fire") == [
        "fire-zhang", "fire-wang"]


@pytest.mark.usefixtures("accounts")
def test_a_department_picks_its_own_accounts_only(client: TestClient, auth: Any) -> None:
    fire = auth("fire", "head")
    assert subjects(client, fire) == ["fire-zhang", "fire-wang"]
    refused = client.get(URL, params={"department": "health"}, headers=fire)
    assert refused.status_code == 403 and refused.json()["code"] == "department_forbidden"


@pytest.mark.usefixtures("accounts")
def test_other_roles_may_not_list_accounts(client: TestClient, auth: Any) -> None:
    for role, position, extra in (("community", "officer", {"area": COMMUNITY}), ("task_force", "member", {}),
                                  ("facility", "manager", {"area": COMMUNITY, "facility": "f-1"}),
                                  ("reward_custodian", "custodian", {}),
                                  ("city_platform", "client", {"scopes": ["campaigns:read"]})):
        response = client.get(URL, headers=auth(role, position, **extra))
        assert response.status_code == 403 and response.json()["code"] == "role_forbidden", role
    assert client.get(URL).status_code == 401
    bad = client.get(URL, params={"department": "fire", "unknown": "1"}, headers=auth("admin", "staff"))
    assert bad.status_code == 422


def test_the_copy_follows_the_latest_event(session: Session, client: TestClient, auth: Any) -> None:
    account_created(session, "fire-li", "李", "fire")
    account_updated(session, "fire-li", "李新名", "fire", disabled=True)
    consumer = accounts_consumer()
    assert consumer.drain(session) == 2 and consumer.drain(session) == 0
    row = session.get(InspectionAccount, "fire-li")
    assert row is not None and (row.name, row.disabled, row.area, row.department) == ("李新名", True, DISTRICT, "fire")
    # The older event handed over again changes nothing.
    first = session.exec(select(EventRecord).where(col(EventRecord.subject) == "account:fire-li")
                         .order_by(col(EventRecord.id))).first()
    assert first is not None
    on_account(session, ReceivedEvent.from_record(first))
    session.refresh(row)
    assert (row.name, row.disabled) == ("李新名", True)
    session.commit()
    assert subjects(client, auth("admin", "staff"), department="fire") == []
