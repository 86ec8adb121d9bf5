"""Suspension and shutdown follow the facility's approved plan and need an empty roster (P4, P6)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_registry.models import Facility, FacilityStatusChange
from tests.services.registry.helpers import World, add_facility, approve_plan, events, vacate

URL = "/api/registry/facilities"


def change(client: TestClient, facility: Facility, headers: dict[str, str], status: str) -> Any:
    return client.post(f"{URL}/{facility.id}/status", headers=headers, json={"status": status, "reason": "一院一策"})


def refused(client: TestClient, session: Session, facility: Facility, headers: dict[str, str], status: str,
            code: str) -> str:
    before = (len(events(session)), len(session.exec(select(FacilityStatusChange)).all()))
    response = change(client, facility, headers, status)
    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert (len(events(session)), len(session.exec(select(FacilityStatusChange)).all())) == before
    session.expire_all()
    assert session.get(Facility, facility.id).status != status  # type: ignore[union-attr]
    return str(response.json()["detail"])


@pytest.fixture
def empty(session: Session, world: World) -> Facility:
    return add_facility(session, name="空置养老院", residents=0)


@pytest.mark.parametrize("status", ["suspended", "shut_down"])
def test_without_an_approved_plan_nothing_closes(client: TestClient, session: Session, empty: Facility,
                                                 civil: dict, status: str) -> None:
    detail = refused(client, session, empty, civil, status, "plan_not_approved")
    assert "approve a plan" in detail


@pytest.mark.parametrize("decision, status, allowed", [
    ("suspend", "suspended", True),
    ("shutdown", "suspended", True),
    ("shutdown", "shut_down", True),
    ("suspend", "shut_down", False),
    ("rectify", "suspended", False),
    ("rectify", "shut_down", False),
])
def test_the_decision_decides(client: TestClient, session: Session, empty: Facility, auth: Any, decision: str,
                              status: str, allowed: bool) -> None:
    approve_plan(session, empty, decision)
    deputy = auth("task_force", "deputy")
    if allowed:
        response = change(client, empty, deputy, status)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status
    else:
        assert f"'{decision}'" in refused(client, session, empty, deputy, status, "plan_not_approved")


def test_a_later_rectify_plan_withdraws_the_suspension(client: TestClient, session: Session, empty: Facility,
                                                       civil: dict) -> None:
    approve_plan(session, empty, "suspend")
    approve_plan(session, empty, "rectify")
    refused(client, session, empty, civil, "suspended", "plan_not_approved")


@pytest.mark.parametrize("decision, status", [("suspend", "suspended"), ("shutdown", "shut_down")])
def test_residents_must_be_relocated_first(client: TestClient, session: Session, world: World, civil: dict,
                                           decision: str, status: str) -> None:
    facility = add_facility(session, name="在住养老院", residents=3, licensed_beds=10)
    approve_plan(session, facility, decision)
    detail = refused(client, session, facility, civil, status, "residents_not_relocated")
    assert "3 remain" in detail
    vacate(session, facility)
    assert change(client, facility, civil, status).status_code == 200


def test_reopening_and_deregistering_keep_their_rules(client: TestClient, session: Session, empty: Facility,
                                                      civil: dict) -> None:
    approve_plan(session, empty, "shutdown")
    assert change(client, empty, civil, "suspended").status_code == 200
    assert change(client, empty, civil, "operating").status_code == 200  # reopening needs no plan
    assert change(client, empty, civil, "shut_down").status_code == 200
    approve_plan(session, empty, "rectify")  # a later plan does not block deregistering a shut-down facility
    assert change(client, empty, civil, "deregistered").status_code == 200


def test_the_plan_check_comes_after_visibility_role_and_transition(client: TestClient, session: Session,
                                                                   world: World, empty: Facility, auth: Any,
                                                                   civil: dict) -> None:
    outsider = auth("community", "officer", area="999001002001")
    assert change(client, empty, outsider, "suspended").status_code == 404
    assert change(client, empty, auth("task_force", "member"), "suspended").status_code == 403
    assert change(client, empty, civil, "deregistered").json()["code"] == "transition_not_allowed"
