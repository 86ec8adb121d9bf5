"""The checklists API: who authors what, drafts, publishing immutable versions, and the versions list."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import COMMUNITY

from .helpers import BASE, add_criterion, item

URL = f"{BASE}/checklists"


def create(client: TestClient, headers: dict[str, str], *, department: str = "fire", code: str = "FIRE-BASE",
           items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body = {"department": department, "code": code, "title_zh": "消防检查表", "title_en": "Fire checklist",
            "items": items if items is not None else [item("F-1"), item("F-2")]}
    response = client.post(URL, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


# Roles


def test_department_creates_its_own_checklist_with_a_draft(client: TestClient, auth) -> None:
    body = create(client, auth("fire", "staff"))
    assert body["department"] == "fire" and body["code"] == "FIRE-BASE"
    assert body["current_version"] is None and body["versions"] == []
    assert [i["code"] for i in body["draft"]] == ["F-1", "F-2"]
    assert body["draft_updated_by"] == "test-fire-staff"


def test_a_department_cannot_author_another_departments_checklist(client: TestClient, auth) -> None:
    response = client.post(URL, json={"department": "market", "code": "MARKET-BASE", "title_zh": "食品"},
                           headers=auth("fire", "staff"))
    assert response.status_code == 403
    assert response.json()["code"] == "department_forbidden"

    market = create(client, auth("market", "staff"), department="market", code="MARKET-BASE")
    draft = {"title_zh": "改过的", "items": [item("M-1", category="food")]}
    fire_edit = client.put(f"{URL}/{market['id']}/draft", json=draft, headers=auth("fire", "head"))
    assert fire_edit.status_code == 403
    fire_publish = client.post(f"{URL}/{market['id']}/publish", json={}, headers=auth("fire", "head"))
    assert fire_publish.status_code == 403
    # Nothing changed.
    unchanged = client.get(f"{URL}/{market['id']}", headers=auth("market", "staff")).json()
    assert unchanged["title_zh"] == "消防检查表" and unchanged["current_version"] is None


def test_admin_may_author_for_any_department(client: TestClient, auth) -> None:
    market = create(client, auth("admin", "staff"), department="market", code="MARKET-BASE")
    draft = {"title_zh": "食品安全", "items": [item("M-1", category="food")]}
    edited = client.put(f"{URL}/{market['id']}/draft", json=draft, headers=auth("admin", "staff"))
    assert edited.status_code == 200 and edited.json()["title_zh"] == "食品安全"
    published = client.post(f"{URL}/{market['id']}/publish", json={}, headers=auth("admin", "staff"))
    assert published.status_code == 201 and published.json()["version"] == 1


@pytest.mark.parametrize(("role", "position", "extra"), [
    ("subdistrict", "officer", {}), ("community", "officer", {"area": COMMUNITY}), ("task_force", "member", {}),
    ("facility", "manager", {"area": COMMUNITY, "facility": "f-1"}),
])
def test_non_departments_read_but_do_not_author(client: TestClient, auth, role: str, position: str,
                                                extra: dict[str, str]) -> None:
    checklist = create(client, auth("fire", "staff"))
    headers = auth(role, position, **extra)
    assert client.get(URL, headers=headers).status_code == 200
    assert client.get(f"{URL}/{checklist['id']}", headers=headers).status_code == 200
    response = client.post(URL, json={"department": "fire", "code": "X", "title_zh": "x"}, headers=headers)
    assert response.status_code == 403


def test_city_platform_is_refused(client: TestClient, auth) -> None:
    headers = auth("city_platform", "client", scopes=["reports:read"])
    for path in (URL, f"{BASE}/checklist-versions", f"{BASE}/major-hazard-criteria"):
        assert client.get(path, headers=headers).status_code == 403, path


def test_a_token_is_required(client: TestClient) -> None:
    assert client.get(URL).status_code == 401


def test_duplicate_code_in_a_department_conflicts(client: TestClient, auth) -> None:
    create(client, auth("fire", "staff"))
    again = client.post(URL, json={"department": "fire", "code": "FIRE-BASE", "title_zh": "x"},
                        headers=auth("fire", "head"))
    assert again.status_code == 409 and again.json()["code"] == "checklist_code_taken"
    # Another department may use the same code.
    create(client, auth("police", "staff"), department="police", code="FIRE-BASE")


# Publishing and versions


def test_publish_creates_version_one_then_two_and_the_old_one_stays(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    checklist = create(client, headers)
    first = client.post(f"{URL}/{checklist['id']}/publish", json={"note": "首版"}, headers=headers)
    assert first.status_code == 201
    v1 = first.json()
    assert (v1["version"], v1["department"], v1["note"], v1["published_by"]) == (1, "fire", "首版", "test-fire-staff")
    assert [(i["code"], i["position"]) for i in v1["items"]] == [("F-1", 1), ("F-2", 2)]
    assert datetime.fromisoformat(v1["published_at"]).utcoffset() == timedelta(0)

    draft = {"title_zh": "消防检查表（修订）", "items": [item("F-2", text_zh="改写的检查项"), item("F-3")]}
    assert client.put(f"{URL}/{checklist['id']}/draft", json=draft, headers=headers).status_code == 200
    # Editing the draft leaves the published version alone.
    assert client.get(f"{BASE}/checklist-versions/{v1['id']}", headers=headers).json() == v1

    second = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers)
    assert second.status_code == 201
    v2 = second.json()
    assert v2["version"] == 2 and v2["title_zh"] == "消防检查表（修订）"
    assert [i["code"] for i in v2["items"]] == ["F-2", "F-3"]
    assert {i["id"] for i in v2["items"]}.isdisjoint({i["id"] for i in v1["items"]})

    old = client.get(f"{BASE}/checklist-versions/{v1['id']}", headers=auth("community", "officer", area=COMMUNITY))
    assert old.status_code == 200 and old.json() == v1

    detail = client.get(f"{URL}/{checklist['id']}", headers=headers).json()
    assert detail["current_version"] == 2
    assert [v["version"] for v in detail["versions"]] == [2, 1]


def test_publishing_an_unchanged_draft_conflicts(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    checklist = create(client, headers)
    assert client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers).status_code == 201
    again = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "draft_unchanged"


def test_publish_refuses_an_empty_draft(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    checklist = create(client, headers, items=[])
    assert fields(client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers)) == ["body.items"]


def test_publish_refuses_an_item_without_basis_and_names_it(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    items = [item("F-1"), item("F-2"), item("F-3"), item("F-4", basis="")]
    checklist = create(client, headers, items=items)  # a draft may be incomplete
    response = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers)
    assert fields(response) == ["body.items.3.basis"]
    assert client.get(f"{URL}/{checklist['id']}", headers=headers).json()["current_version"] is None


def test_number_items_keep_their_limits(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    lane = item("F-LANE", answer_type="number", number_min=4, unit="m")
    checklist = create(client, headers, items=[lane])
    version = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers).json()
    (published,) = version["items"]
    assert (published["answer_type"], published["number_min"], published["number_max"], published["unit"]) == (
        "number", 4.0, None, "m")


def test_major_items_cite_an_existing_criterion(session: Session, client: TestClient, auth) -> None:
    add_criterion(session, "MZ-2023-4.3")
    headers = auth("fire", "staff")
    major = item("F-PANEL", major_hazard=True, criterion_code="MZ-2023-4.3", photo_required=True)
    checklist = create(client, headers, items=[major])
    version = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers).json()
    assert version["items"][0]["major_hazard"] is True
    assert version["items"][0]["criterion_code"] == "MZ-2023-4.3"


def test_publish_rechecks_criteria_that_were_deactivated_since(session: Session, client: TestClient, auth) -> None:
    criterion = add_criterion(session, "MZ-2023-4.3")
    headers = auth("fire", "staff")
    checklist = create(client, headers, items=[item("F-1", major_hazard=True, criterion_code="MZ-2023-4.3")])
    criterion.active = False
    session.add(criterion)
    session.flush()
    response = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=headers)
    assert fields(response) == ["body.items.0.criterion_code"]


# Draft validation


@pytest.mark.parametrize(("items", "expected"), [
    ([item("A"), item("A")], ["body.items.1.code"]),
    ([item("A", number_min=1)], ["body.items.0.number_min"]),
    ([item("A", unit="m")], ["body.items.0.unit"]),
    ([item("A", answer_type="number", number_min=5, number_max=4)], ["body.items.0.number_min"]),
    ([item("A", criterion_code="MZ-2023-4.3")], ["body.items.0.criterion_code"]),
    ([item("A"), item("B", major_hazard=True, criterion_code="NO-SUCH")], ["body.items.1.criterion_code"]),
    ([item("A", category="kitchen")], ["body.items.0.category"]),
    ([item("A", answer_type="yes_no")], ["body.items.0.answer_type"]),
    ([item("A", text_zh="")], ["body.items.0.text_zh"]),
    ([item("A", text_zh="x" * 1001)], ["body.items.0.text_zh"]),
    ([item("A", basis="x" * 501)], ["body.items.0.basis"]),
    ([item("A", number_min=True, answer_type="number")], ["body.items.0.number_min"]),
    ([item("A", answer_type="number", number_min=1e12)], ["body.items.0.number_min"]),
    ([item("A", photo_required="yes")], ["body.items.0.photo_required"]),
    ([item("A", extra="x")], ["body.items.0.extra"]),
    ([item("bad code!")], ["body.items.0.code"]),
])
def test_draft_validation_names_the_field(client: TestClient, auth, items: list[dict[str, Any]],
                                          expected: list[str]) -> None:
    headers = auth("fire", "staff")
    checklist = create(client, headers)
    response = client.put(f"{URL}/{checklist['id']}/draft", json={"title_zh": "x", "items": items}, headers=headers)
    assert fields(response) == expected
    # The stored draft is untouched.
    detail = client.get(f"{URL}/{checklist['id']}", headers=headers).json()
    assert [i["code"] for i in detail["draft"]] == ["F-1", "F-2"]


def test_create_validates_items_too(client: TestClient, auth) -> None:
    body = {"department": "fire", "code": "FIRE-X", "title_zh": "x", "items": [item("A"), item("A")]}
    assert fields(client.post(URL, json=body, headers=auth("fire", "staff"))) == ["body.items.1.code"]


def test_nul_bytes_oversize_and_too_many_items_are_refused(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    checklist = create(client, headers)
    path = f"{URL}/{checklist['id']}/draft"
    nul = client.put(path, json={"title_zh": "a\x00b", "items": []}, headers=headers)
    assert nul.status_code == 422
    long_title = client.put(path, json={"title_zh": "x" * 201, "items": []}, headers=headers)
    assert fields(long_title) == ["body.title_zh"]
    many = client.put(path, json={"title_zh": "x", "items": [item(f"I-{n}") for n in range(201)]}, headers=headers)
    assert fields(many) == ["body.items"]
    most = client.put(path, json={"title_zh": "x", "items": [item(f"I-{n}") for n in range(200)]}, headers=headers)
    assert most.status_code == 200 and len(most.json()["draft"]) == 200


def test_unknown_department_and_ids(client: TestClient, auth) -> None:
    headers = auth("admin", "staff")
    bad = client.post(URL, json={"department": "army", "code": "A", "title_zh": "x"}, headers=headers)
    assert fields(bad) == ["body.department"]
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"{URL}/{missing}", headers=headers).status_code == 404
    assert client.post(f"{URL}/{missing}/publish", json={}, headers=headers).status_code == 404
    assert client.get(f"{BASE}/checklist-versions/{missing}", headers=headers).status_code == 404
    assert client.get(f"{URL}/not-a-uuid", headers=headers).status_code == 422


# Lists


def test_list_filters_by_department_and_text(client: TestClient, auth) -> None:
    create(client, auth("fire", "staff"))
    create(client, auth("market", "staff"), department="market", code="MARKET-BASE")
    headers = auth("task_force", "leader")
    everything = client.get(URL, headers=headers).json()
    assert [c["code"] for c in everything["items"]] == ["FIRE-BASE", "MARKET-BASE"]
    assert (everything["total"], everything["page"], everything["page_size"]) == (2, 1, 20)
    market = client.get(URL, params={"department": "market"}, headers=headers).json()
    assert [c["code"] for c in market["items"]] == ["MARKET-BASE"] and market["total"] == 1
    found = client.get(URL, params={"q": "MARKET"}, headers=headers).json()
    assert [c["code"] for c in found["items"]] == ["MARKET-BASE"]
    assert set(found["items"][0]) == {"id", "department", "code", "title_zh", "title_en", "current_version",
                                      "draft_updated_at", "archived"}


def test_list_refuses_unknown_parameters_and_bad_pages(client: TestClient, auth) -> None:
    headers = auth("fire", "staff")
    assert fields(client.get(URL, params={"departmnt": "fire"}, headers=headers)) == ["query.departmnt"]
    assert client.get(URL, params={"page": 0}, headers=headers).status_code == 422
    assert client.get(URL, params={"page_size": 101}, headers=headers).status_code == 422
    assert client.get(URL, params={"department": "army"}, headers=headers).status_code == 422


def test_current_versions_per_department(client: TestClient, auth) -> None:
    fire = auth("fire", "staff")
    checklist = create(client, fire)
    client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=fire)
    client.put(f"{URL}/{checklist['id']}/draft", json={"title_zh": "v2", "items": [item("F-9")]}, headers=fire)
    v2 = client.post(f"{URL}/{checklist['id']}/publish", json={}, headers=fire).json()
    create(client, fire, code="FIRE-DRAFT-ONLY")  # never published: not listed
    market = auth("market", "staff")
    other = create(client, market, department="market", code="MARKET-BASE")
    client.post(f"{URL}/{other['id']}/publish", json={}, headers=market)

    reader = auth("facility", "manager", area=COMMUNITY, facility="f-1")
    versions = f"{BASE}/checklist-versions"
    current = client.get(versions, params={"department": "fire", "current": "true"}, headers=reader).json()
    assert [(v["id"], v["version"]) for v in current["items"]] == [(v2["id"], 2)] and current["total"] == 1
    assert [i["code"] for i in current["items"][0]["items"]] == ["F-9"]
    every_current = client.get(versions, params={"current": "true"}, headers=reader).json()
    assert sorted(v["department"] for v in every_current["items"]) == ["fire", "market"]
    all_fire = client.get(versions, params={"department": "fire"}, headers=reader).json()
    assert [v["version"] for v in all_fire["items"]] == [2, 1]
    assert fields(client.get(versions, params={"latest": "1"}, headers=reader)) == ["query.latest"]


def test_openapi_declares_the_problem_answers(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    publish = paths[f"{URL}/{{checklist_id}}/publish"]["post"]["responses"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(publish)
    assert "application/problem+json" in publish["403"]["content"]
    assert {"200", "401", "403", "404", "422"} <= set(paths[f"{URL}/{{checklist_id}}/draft"]["put"]["responses"])
