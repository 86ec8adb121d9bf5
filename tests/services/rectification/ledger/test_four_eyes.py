"""Four eyes (P7): whoever uploaded any evidence of the submission or submitted it may not accept it, whoever
pressed submit last; whoever accepted (or rectified) may not sign off. Driven through the API."""

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session

from eldersafe_rectification.ledger import evidence
from eldersafe_rectification.ledger.models import Hazard
from eldersafe_rectification.main import app
from tests.conftest import COMMUNITY

from .support import FACILITY, new_hazard

Auth = Callable[..., dict[str, str]]


@pytest.fixture
def store(client: TestClient, tmp_path: Path) -> Iterator[evidence.EvidenceStore]:
    store = evidence.EvidenceStore(tmp_path / "evidence")
    app.dependency_overrides[evidence.get_evidence_store] = lambda: store
    yield store
    app.dependency_overrides.pop(evidence.get_evidence_store, None)


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 20)).save(out, format="JPEG")
    return out.getvalue()


def url(hazard: Hazard, action: str = "") -> str:
    return f"/api/rectification/hazards/{hazard.id}{'/' + action if action else ''}"


def manager(auth: Auth) -> dict[str, str]:
    return auth("facility", "manager", area=COMMUNITY, facility=FACILITY, subject="s-manager")


def in_progress(session: Session, client: TestClient, auth: Auth, **fields: object) -> Hazard:
    hazard = new_hazard(session, **fields)
    session.commit()
    assert client.post(url(hazard, "start"), headers=manager(auth)).status_code == 200
    return hazard


def upload(client: TestClient, hazard: Hazard, headers: dict[str, str]) -> None:
    response = client.post(url(hazard, "evidence"), files={"file": ("a.jpg", jpeg(), "image/jpeg")}, headers=headers)
    assert response.status_code == 201, response.text


def submit(client: TestClient, hazard: Hazard, headers: dict[str, str]) -> None:
    assert client.post(url(hazard, "submit"), json={}, headers=headers).status_code == 200


@pytest.mark.usefixtures("store")
def test_an_uploader_may_not_accept_what_someone_else_submitted(session: Session, client: TestClient,
                                                                  auth: Auth) -> None:
    hazard = in_progress(session, client, auth)
    fire_a = auth("fire", "staff", subject="s-fire-a")
    upload(client, hazard, fire_a)  # fire staff A gathers the photos on site
    submit(client, hazard, manager(auth))  # the manager presses submit
    for action, body in (("accept", {}), ("reject", {"reason": "不合格"})):
        response = client.post(url(hazard, action), json=body, headers=fire_a)
        assert response.status_code == 403 and response.json()["code"] == "acceptance_by_submitter"
    accepted = client.post(url(hazard, "accept"), json={}, headers=auth("fire", "staff", subject="s-fire-b"))
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"


@pytest.mark.usefixtures("store")
def test_an_earlier_submitter_may_not_accept_a_resubmission(session: Session, client: TestClient,
                                                             auth: Auth) -> None:
    hazard = in_progress(session, client, auth)
    fire_a, fire_b = auth("fire", "staff", subject="s-fire-a"), auth("fire", "staff", subject="s-fire-b")
    upload(client, hazard, manager(auth))
    submit(client, hazard, fire_a)
    assert client.post(url(hazard, "reject"), json={"reason": "照片不清"}, headers=fire_b).status_code == 200
    upload(client, hazard, manager(auth))
    submit(client, hazard, manager(auth))  # pressed last by the manager; fire A submitted the first round
    response = client.post(url(hazard, "accept"), json={}, headers=fire_a)
    assert response.status_code == 403 and response.json()["code"] == "acceptance_by_submitter"
    assert client.post(url(hazard, "accept"), json={}, headers=fire_b).status_code == 200


@pytest.mark.usefixtures("store")
def test_the_acceptor_may_not_sign_off(session: Session, client: TestClient, auth: Auth) -> None:
    hazard = in_progress(session, client, auth)
    upload(client, hazard, manager(auth))
    submit(client, hazard, manager(auth))
    head_a = auth("fire", "head", subject="s-fire-head-a")
    assert client.post(url(hazard, "accept"), json={}, headers=head_a).status_code == 200
    response = client.post(url(hazard, "sign-off"), headers=head_a)
    assert response.status_code == 403 and response.json()["code"] == "sign_off_by_acceptor"
    session.refresh(hazard)
    assert hazard.state == "accepted"
    signed = client.post(url(hazard, "sign-off"), headers=auth("civil_affairs", "head", subject="s-ca-head"))
    assert signed.status_code == 200 and signed.json()["state"] == "signed_off"


@pytest.mark.usefixtures("store")
def test_a_rectifier_may_not_sign_off(session: Session, client: TestClient, auth: Auth) -> None:
    hazard = in_progress(session, client, auth)
    head = auth("fire", "head", subject="s-fire-head")
    upload(client, hazard, head)
    submit(client, hazard, manager(auth))
    assert client.post(url(hazard, "accept"), json={}, headers=auth("fire", "staff", subject="s-x")).status_code == 200
    response = client.post(url(hazard, "sign-off"), headers=head)
    assert response.status_code == 403 and response.json()["code"] == "sign_off_by_rectifier"


@pytest.mark.usefixtures("store")
def test_a_joint_hazards_acceptors_may_not_sign_off(session: Session, client: TestClient, auth: Auth) -> None:
    hazard = in_progress(session, client, auth)
    hazard.departments = ["fire", "health"]
    session.add(hazard)
    session.commit()
    upload(client, hazard, manager(auth))
    submit(client, hazard, manager(auth))
    fire_head = auth("fire", "head", subject="s-fire-head")
    assert client.post(url(hazard, "accept"), json={}, headers=fire_head).status_code == 200
    health = auth("health", "staff", subject="s-h")
    assert client.post(url(hazard, "accept"), json={}, headers=health).status_code == 200
    response = client.post(url(hazard, "sign-off"), headers=fire_head)  # accepted for fire, not the last one
    assert response.status_code == 403 and response.json()["code"] == "sign_off_by_acceptor"


@pytest.mark.usefixtures("store")
def test_a_relapse_is_judged_afresh(session: Session, client: TestClient, auth: Auth) -> None:
    """After a follow-up reopens the hazard, last round's rectifiers may accept the new rectification."""
    hazard = in_progress(session, client, auth, item_code="FIRE-77")
    fire_a = auth("fire", "staff", subject="s-fire-a")
    upload(client, hazard, fire_a)
    submit(client, hazard, manager(auth))
    assert client.post(url(hazard, "accept"), json={}, headers=auth("fire", "staff", subject="s-b")).status_code == 200
    assert client.post(url(hazard, "sign-off"), headers=auth("fire", "head", subject="s-head")).status_code == 200
    new_hazard(session, item_code="FIRE-77", mode="follow_up")  # the follow-up visit finds it again
    session.refresh(hazard)
    assert hazard.state == "open" and hazard.relapse
    session.commit()
    assert client.post(url(hazard, "start"), headers=manager(auth)).status_code == 200
    upload(client, hazard, manager(auth))
    submit(client, hazard, manager(auth))
    assert client.post(url(hazard, "accept"), json={}, headers=fire_a).status_code == 200
