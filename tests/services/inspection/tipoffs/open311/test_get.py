"""GET requests, requests/{id}: our states as open/closed with notes, the spec's filters and defaults, and what
an anonymous reader may not see."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.tipoffs.open311 import service as open311_service
from tests.services.inspection.campaigns.support import FA, on_survey_day  # noqa: F401
from tests.services.inspection.tipoffs.tips.triage_support import A, build_world, make_tip

from .support import BASE, DESCRIPTION, city_key, created, errors, xml

REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
DAY = 86_400


def by_id(response: Any) -> dict[str, dict[str, Any]]:
    assert response.status_code == 200, response.text
    return {row["service_request_id"]: row for row in response.json()}


def staff_id(client: TestClient, auth: Any, number: str) -> tuple[str, int]:
    page = client.get("/api/inspection/tips", params={"q": number}, headers=auth("civil_affairs", "staff"))
    [item] = page.json()["items"]
    detail = client.get(f"/api/inspection/tips/{item['id']}", headers=auth("civil_affairs", "staff")).json()
    return item["id"], detail["version"]


@pytest.mark.usefixtures("on_survey_day")
def test_our_states_map_to_open_and_closed_with_notes(session: Session, client: TestClient, auth,
                                                       make_token) -> None:
    build_world(session, client, auth)
    numbers = [created(client, make_token, address_id=FA)["service_request_id"] for _ in range(3)]
    assigned, closed, duplicate = numbers
    triager = auth("civil_affairs", "staff")
    tip_id, version = staff_id(client, auth, assigned)
    response = client.post(f"/api/inspection/tips/{tip_id}/assign", json={"department": "fire", "version": version},
                           headers=triager)
    assert response.status_code == 200, response.text
    tip_id, version = staff_id(client, auth, closed)
    client.post(f"/api/inspection/tips/{tip_id}/close", json={"reason": "不属于养老机构，已转交属地街道。",
                                                             "version": version}, headers=triager)
    tip_id, version = staff_id(client, auth, duplicate)
    client.post(f"/api/inspection/tips/{tip_id}/duplicate", json={"duplicate_of": assigned, "version": version},
                headers=triager)
    verified = make_tip(session, facility=A, status="verified", outcome_note="核查属实，已责令整改。").number

    # An anonymous reader sees that cases exist and whether they are open, never the facility they name.
    public = by_id(client.get(f"{BASE}/requests.json"))
    assert set(public) == {*numbers, verified}
    assert all(set(row) == REQUEST_FIELDS for row in public.values())
    assert {(row["description"], row["address"], row["address_id"], row["status_notes"], row["lat"])
            for row in public.values()} == {(None, None, None, None, None)}
    assert public[assigned]["status"] == "open" and public[closed]["status"] == "closed"

    rows = by_id(client.get(f"{BASE}/requests.json", params={"api_key": city_key(make_token, "tips:read")}))
    assert set(rows) == {*numbers, verified}
    assert rows[assigned]["status"] == "open" and rows[assigned]["agency_responsible"] == "消防"
    assert rows[assigned]["expected_datetime"] == "2026-03-10T23:59:59+08:00"
    assert (rows[assigned]["address"], rows[assigned]["address_id"]) == ("甲院", FA)
    assert (rows[closed]["status"], rows[closed]["status_notes"]) == ("closed", "不属于养老机构，已转交属地街道。")
    assert rows[duplicate]["status"] == "closed" and assigned in rows[duplicate]["status_notes"]
    assert (rows[verified]["status"], rows[verified]["status_notes"]) == ("closed", "核查属实，已责令整改。")
    assert rows[closed]["expected_datetime"] is None and rows[closed]["service_name"] == "消防安全"
    requested = datetime.fromisoformat(rows[closed]["requested_datetime"])
    assert rows[closed]["requested_datetime"].endswith("+08:00")  # China time, with its offset
    assert requested.tzinfo is not None and datetime.fromisoformat(rows[closed]["updated_datetime"]) >= requested

    assert set(by_id(client.get(f"{BASE}/requests.json", params={"status": "open"}))) == {assigned}
    assert set(by_id(client.get(f"{BASE}/requests.json", params={"status": "closed"}))) == {
        closed, duplicate, verified}
    assert len(by_id(client.get(f"{BASE}/requests.json", params={"status": "open,closed"}))) == 4
    # service_request_id overrides every other filter, and the comma list may name several.
    listed = by_id(client.get(f"{BASE}/requests.json",
                              params={"service_request_id": f"{assigned},{closed}", "status": "open"}))
    assert set(listed) == {assigned, closed}


def test_service_code_and_the_date_window_filter(session: Session, client: TestClient, make_token) -> None:
    fire = created(client, make_token)["service_request_id"]
    food = created(client, make_token, service_code="food")["service_request_id"]
    old = make_tip(session, created_offset=-100 * DAY).number
    assert set(by_id(client.get(f"{BASE}/requests.json"))) == {fire, food}  # the last 90 days by default
    assert set(by_id(client.get(f"{BASE}/requests.json", params={"service_code": "food"}))) == {food}
    assert set(by_id(client.get(f"{BASE}/requests.json", params={"service_code": "fire,food"}))) == {fire, food}
    now = clock.now()
    window = {"start_date": (now - timedelta(days=120)).isoformat(), "end_date": (now - timedelta(days=60))
              .astimezone().isoformat()}
    assert set(by_id(client.get(f"{BASE}/requests.json", params=window))) == {old}
    since = {"start_date": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    assert set(by_id(client.get(f"{BASE}/requests.json", params=since))) == {fire, food}


@pytest.mark.parametrize(("params", "starts"), [
    ({"start_date": "2026-11-01T00:00:00"}, "start_date:"),
    ({"end_date": "2026-11-01"}, "end_date:"),
    ({"start_date": "yesterday"}, "start_date:"),
    ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "end_date:"),
    ({"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-05-01T00:00:00Z"}, "end_date:"),
    ({"status": "pending"}, "status:"),
    ({"service_code": "fire,parking"}, "service_code:"),
    ({"service_request_id": ","}, "service_request_id:"),
    ({"page": "2"}, "page:"),
])
def test_bad_filters_are_400_naming_them(client: TestClient, params: dict[str, str], starts: str) -> None:
    response = client.get(f"{BASE}/requests.json", params=params)
    assert response.status_code == 400, response.text
    assert errors(response)[0].startswith(starts)


def test_at_most_the_newest_requests_are_listed(session: Session, client: TestClient,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = [make_tip(session, created_offset=-offset).number for offset in (30, 20, 10)]
    monkeypatch.setattr(open311_service, "MAX_RESULTS", 2)
    assert [row["service_request_id"] for row in client.get(f"{BASE}/requests.json").json()] == numbers[:0:-1]


def test_one_request_by_id_in_json_and_xml(session: Session, client: TestClient, make_token) -> None:
    number = created(client, make_token)["service_request_id"]
    [row] = client.get(f"{BASE}/requests/{number}.json").json()
    assert row["service_request_id"] == number and row["status"] == "open"
    root = xml(client.get(f"{BASE}/requests/{number}.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert {child.tag for child in request} == REQUEST_FIELDS
    assert request.findtext("service_request_id") == number and request.findtext("status") == "open"
    assert request.findtext("description") == ""  # anonymous: present and empty, as the spec writes absence
    missing = client.get(f"{BASE}/requests/JB-2026-999999.json")
    assert missing.status_code == 404 and errors(missing) == ["service_request_id 'JB-2026-999999' was not found."]


def test_only_a_keyed_reader_gets_the_reporters_words_and_the_place(session: Session, client: TestClient,
                                                                       make_token, auth) -> None:
    number = created(client, make_token)["service_request_id"]
    url = f"{BASE}/requests/{number}.json"
    [anonymous] = client.get(url).json()
    assert anonymous["description"] is None and anonymous["address"] is None
    assert (anonymous["lat"], anonymous["long"], anonymous["status_notes"]) == (None, None, None)
    for headers, params in (({}, {"api_key": city_key(make_token, "tips:read")}),
                            ({}, {"api_key": city_key(make_token, "tips:write")}),
                            (auth("admin"), {})):
        [keyed] = client.get(url, params=params, headers=headers).json()
        assert keyed["description"] == DESCRIPTION
        assert (keyed["lat"], keyed["long"]) == (22.531234, 113.931234)
        assert keyed["media_url"] is None
    for headers, params in ((auth("community", "officer"), {}), ({}, {"api_key": "forged"}),
                            ({}, {"api_key": city_key(make_token, "facilities:read")})):
        response = client.get(url, params=params, headers=headers)
        assert response.status_code == 403, response.text
        assert errors(response)


def test_xml_stays_well_formed_whatever_the_reporter_typed(session: Session, client: TestClient,
                                                           make_token) -> None:
    tip = make_tip(session, description="门口有\x07奇怪的字符 <b>&amp; 和引号\"")
    root = xml(client.get(f"{BASE}/requests/{tip.number}.xml", params={"api_key": city_key(make_token)}))
    assert root.findtext("request/description") == "门口有\ufffd奇怪的字符 <b>&amp; 和引号\""
