"""The major-hazard criteria: read by all but the city platform, edited by the civil-affairs head and admin."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import COMMUNITY

from .helpers import BASE, add_criterion

URL = f"{BASE}/major-hazard-criteria"
NEW = {"code": "LOCAL-6.1", "clause": "《养老机构重大事故隐患判定标准》第六条第（一）项", "category": "management",
       "text_zh": "未落实值班制度", "text_en": "No duty roster kept", "lead_departments": ["civil_affairs"]}


def test_everyone_reads_the_criteria(session: Session, client: TestClient, auth) -> None:
    add_criterion(session, "MZ-2023-4.1", fixable=False)
    add_criterion(session, "MZ-2023-4.3")
    body = client.get(URL, headers=auth("facility", "manager", area=COMMUNITY, facility="f-1")).json()
    assert [c["code"] for c in body["items"]] == ["MZ-2023-4.1", "MZ-2023-4.3"]
    assert body["items"][0]["fixable"] is False and body["total"] == 2
    assert set(body["items"][0]) == {"id", "code", "clause", "category", "text_zh", "text_en", "lead_departments",
                                     "fixable", "active", "updated_at"}


def test_civil_affairs_head_creates_and_edits(client: TestClient, auth) -> None:
    head = auth("civil_affairs", "head")
    created = client.post(URL, json=NEW, headers=head)
    assert created.status_code == 201, created.text
    criterion = created.json()
    assert criterion["fixable"] is True and criterion["active"] is True
    patched = client.patch(f"{URL}/{criterion['id']}", json={"fixable": False, "text_en": None}, headers=head)
    assert patched.status_code == 200
    assert (patched.json()["fixable"], patched.json()["text_en"], patched.json()["code"]) == (False, None, "LOCAL-6.1")
    again = client.post(URL, json=NEW, headers=head)
    assert again.status_code == 409 and again.json()["code"] == "criterion_code_taken"


def test_admin_edits(session: Session, client: TestClient, auth) -> None:
    criterion = add_criterion(session)
    response = client.patch(f"{URL}/{criterion.id}", json={"active": False}, headers=auth("admin", "staff"))
    assert response.status_code == 200 and response.json()["active"] is False
    inactive = client.get(URL, params={"active": "false"}, headers=auth("fire", "staff")).json()
    assert [c["code"] for c in inactive["items"]] == [criterion.code]


@pytest.mark.parametrize(("role", "position"), [("civil_affairs", "staff"), ("fire", "head"), ("housing", "head"),
                                                ("task_force", "leader")])
def test_others_may_not_edit(session: Session, client: TestClient, auth, role: str, position: str) -> None:
    criterion = add_criterion(session)
    headers = auth(role, position)
    assert client.post(URL, json=NEW, headers=headers).status_code == 403
    assert client.patch(f"{URL}/{criterion.id}", json={"fixable": False}, headers=headers).status_code == 403
    session.refresh(criterion)
    assert criterion.fixable is True


def test_criterion_input_is_checked(session: Session, client: TestClient, auth) -> None:
    head = auth("civil_affairs", "head")
    criterion = add_criterion(session)
    for body, field in [({**NEW, "lead_departments": []}, "body.lead_departments"),
                        ({**NEW, "lead_departments": ["army"]}, "body.lead_departments.0"),
                        ({**NEW, "category": "fire"}, "body.category"),
                        ({**NEW, "fixable": "no"}, "body.fixable"),
                        ({**NEW, "text_zh": "a\x00"}, "body")]:
        response = client.post(URL, json=body, headers=head)
        assert response.status_code == 422, body
        assert field in [e["field"] for e in response.json()["errors"]], response.json()
    nulled = client.patch(f"{URL}/{criterion.id}", json={"text_zh": None}, headers=head)
    assert nulled.status_code == 422 and nulled.json()["errors"][0]["field"] == "body.text_zh"
    code_change = client.patch(f"{URL}/{criterion.id}", json={"code": "X"}, headers=head)
    assert code_change.status_code == 422
    missing = client.patch(f"{URL}/00000000-0000-4000-8000-000000000000", json={"active": False}, headers=head)
    assert missing.status_code == 404


def test_lead_departments_are_deduplicated(client: TestClient, auth) -> None:
    body = {**NEW, "lead_departments": ["housing", "fire", "housing"]}
    created = client.post(URL, json=body, headers=auth("admin", "staff")).json()
    assert created["lead_departments"] == ["housing", "fire"]
