"""Every (state, action, role) combination, against the rules of DESIGN.md written out here independently."""

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_rectification.ledger.models import HazardEvidence
from tests.conftest import COMMUNITY

from .support import FACILITY, events_of, new_hazard

STATES = ["open", "in_progress", "submitted", "accepted", "signed_off"]
ROLES: dict[str, tuple[str, str, dict[str, str]]] = {
    "manager": ("facility", "manager", {"area": COMMUNITY, "facility": FACILITY}),
    "other_manager": ("facility", "manager", {"area": COMMUNITY, "facility": "f-other"}),
    "fire_staff": ("fire", "staff", {}),
    "fire_head": ("fire", "head", {}),
    "health_staff": ("health", "staff", {}),
    "health_head": ("health", "head", {}),
    "ca_staff": ("civil_affairs", "staff", {}),
    "ca_head": ("civil_affairs", "head", {}),
    "admin": ("admin", "staff", {}),
    "tf_leader": ("task_force", "leader", {}),
    "community": ("community", "officer", {"area": COMMUNITY}),
}
RULES: dict[str, tuple[set[str], set[str]]] = {  # action -> (roles allowed, states allowed)
    "start": ({"manager", "fire_staff", "fire_head"}, {"open"}),
    "submit": ({"manager", "fire_staff", "fire_head"}, {"in_progress"}),
    "accept": ({"fire_staff", "fire_head"}, {"submitted"}),
    "reject": ({"fire_staff", "fire_head"}, {"submitted"}),
    "sign-off": ({"fire_head", "ca_head"}, {"accepted"}),
    "patch": ({"fire_staff", "fire_head", "ca_staff", "ca_head", "admin"},
              {"open", "in_progress", "submitted", "accepted"}),
    "extensions": ({"manager", "fire_staff", "fire_head"}, {"open", "in_progress", "submitted"}),
}
TARGET = {"start": "in_progress", "submit": "submitted", "accept": "accepted", "reject": "in_progress",
          "sign-off": "signed_off"}
EVENT = {"submit": "hazard.submitted", "accept": "hazard.accepted", "reject": "hazard.rejected",
         "sign-off": "hazard.signed_off"}


def expected(action: str, state: str, role: str) -> int:
    if role == "other_manager":
        return 404
    roles, states = RULES[action]
    if role not in roles:
        return 403
    if state not in states:
        return 409
    return 201 if action == "extensions" else 200


def call(client: TestClient, headers: dict[str, str], hazard_id: str, action: str, version: int) -> int:
    url = f"/api/rectification/hazards/{hazard_id}"
    if action == "patch":
        return client.patch(url, json={"measures": "加装喷淋", "version": version}, headers=headers).status_code
    body: dict[str, object] = {
        "submit": {"note": "done"}, "accept": {"note": "ok"}, "reject": {"reason": "不合格"},
        "extensions": {"new_deadline": "2099-01-01", "reason": "材料未到"}}.get(action, {})
    if action == "sign-off":
        return client.post(f"{url}/sign-off", headers=headers).status_code
    if action == "start":
        return client.post(f"{url}/start", headers=headers).status_code
    return client.post(f"{url}/{action}", json=body, headers=headers).status_code


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("action", list(RULES))
@pytest.mark.parametrize("state", STATES)
def test_state_action_role(session: Session, client: TestClient, auth: Callable[..., dict[str, str]],
                           state: str, action: str, role: str) -> None:
    hazard = new_hazard(session)
    hazard.state = state
    hazard.submitted_by = "someone-else"
    session.add(HazardEvidence(id=str(uuid.uuid4()), hazard_id=hazard.id, filename="a.jpg",
                               content_type="image/jpeg", size=1, sha256="0" * 64, storage_key="x",
                               uploaded_by="someone-else", uploaded_at=clock.now()))
    session.add(hazard)
    session.commit()
    before = events_of(session, hazard)
    name, position, extra = ROLES[role]
    status = call(client, auth(name, position, subject=f"s-{role}", **extra), hazard.id, action, hazard.version)
    want = expected(action, state, role)
    assert status == want
    session.refresh(hazard)
    after = events_of(session, hazard)
    if want >= 400:
        assert hazard.state == state and after == before
    else:
        assert hazard.state == TARGET.get(action, state)
        if action in EVENT:
            assert after == [*before, EVENT[action]]


def test_acceptance_by_the_submitter_is_refused(session: Session, client: TestClient, auth) -> None:
    hazard = new_hazard(session)
    hazard.state = "submitted"
    hazard.submitted_by = "s-fire"
    session.add(hazard)
    session.commit()
    response = client.post(f"/api/rectification/hazards/{hazard.id}/accept", json={},
                           headers=auth("fire", "staff", subject="s-fire"))
    assert response.status_code == 403 and response.json()["code"] == "acceptance_by_submitter"


def test_sign_off_without_acceptance_is_409(session: Session, client: TestClient, auth) -> None:
    hazard = new_hazard(session)
    hazard.state = "submitted"
    session.add(hazard)
    session.commit()
    response = client.post(f"/api/rectification/hazards/{hazard.id}/sign-off", headers=auth("fire", "head"))
    assert response.status_code == 409 and response.json()["code"] == "not_accepted"
    assert events_of(session, hazard) == ["hazard.assigned"]


def test_joint_hazard_needs_every_department(session: Session, client: TestClient, auth) -> None:
    hazard = new_hazard(session)
    hazard.departments = ["fire", "health"]
    hazard.state = "submitted"
    hazard.submitted_by = "s-manager"
    session.add(hazard)
    url = f"/api/rectification/hazards/{hazard.id}/accept"
    first = client.post(url, json={}, headers=auth("fire", "staff"))
    assert first.status_code == 200 and first.json()["state"] == "submitted"
    assert client.post(url, json={}, headers=auth("fire", "head")).status_code == 409  # fire already accepted
    second = client.post(url, json={}, headers=auth("health", "staff"))
    assert second.status_code == 200 and second.json()["state"] == "accepted"
    assert events_of(session, hazard).count("hazard.accepted") == 1
