"""POST requests: a third-party client files a tip through Open311 with the city platform's api_key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord
from eldersafe_inspection.settings import get_settings
from eldersafe_inspection.tipoffs.tips import crypto, receipts
from eldersafe_inspection.tipoffs.tips.models import Tip
from tests.services.inspection.tipoffs.tips.public_support import add_target

from .support import BASE, DESCRIPTION, city_key, created, errors, post, receipt_in, xml


def tip(session: Session, number: str) -> Tip:
    row = session.exec(select(Tip).where(Tip.number == number)).one()
    session.refresh(row)
    return row


def count(session: Session) -> int:
    return len(session.exec(select(Tip.id)).all())


def test_a_request_with_api_key_and_lat_long_becomes_a_tip(session: Session, client: TestClient,
                                                           make_token) -> None:
    body = created(client, make_token)
    assert set(body) == {"service_request_id", "token", "service_notice", "account_id"}
    assert body["service_request_id"].startswith("JB-") and body["account_id"] is None
    stored = tip(session, body["service_request_id"])
    assert (stored.source, stored.category, stored.status, stored.client_id) == (
        "open311", "fire", "received", "city-platform-client-id")
    assert (stored.latitude, stored.longitude, stored.description) == (22.531234, 113.931234, DESCRIPTION)
    assert stored.location == "坐标 22.531234, 113.931234"  # coordinates alone still say where
    assert stored.open311_token == body["token"]
    # The notice carries the receipt, which only the reporter's hash matches; nothing else stores it.
    receipt = receipt_in(body["service_notice"])
    assert receipts.receipt_hash(receipt) == stored.receipt_hash
    [event] = session.exec(select(EventRecord).where(col(EventRecord.type) == "tip.received")).all()
    assert event.payload["source"] == "open311" and receipt not in str(event.payload)


def test_the_api_key_may_come_as_a_bearer_token_and_xml_answers_too(session: Session, client: TestClient,
                                                                    make_token) -> None:
    response = client.post(f"{BASE}/requests.xml", data={"service_code": "food", "description": DESCRIPTION,
                                                         "address_string": "福寿街道敬老院食堂"},
                           headers={"Authorization": f"Bearer {city_key(make_token)}"})
    assert response.status_code == 201, response.text
    root = xml(response)
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    number = request.findtext("service_request_id") or ""
    assert tip(session, number).location == "福寿街道敬老院食堂"
    assert request.findtext("token") and "受理回执码" in (request.findtext("service_notice") or "")


def test_address_id_names_the_facility(session: Session, client: TestClient, make_token) -> None:
    facility = add_target(session, name="松鹤颐养院")
    body = created(client, make_token, lat=None, long=None, address_id=facility)
    stored = tip(session, body["service_request_id"])
    assert (stored.facility_id, stored.facility_name, stored.location) == (facility, "松鹤颐养院", None)


def test_anonymous_posting_is_refused_unless_the_setting_allows_it(session: Session, client: TestClient,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    response = post(client)
    assert response.status_code == 403
    assert errors(response) == ["api_key is required to post a service request."]
    assert count(session) == 0
    monkeypatch.setattr(get_settings(), "open311_anonymous_post", True)
    response = post(client)
    assert response.status_code == 201, response.text
    assert tip(session, response.json()[0]["service_request_id"]).client_id is None


@pytest.mark.parametrize("case", ["garbage", "expired", "wrong_audience", "no_scope", "staff"])
def test_a_bad_api_key_is_403(session: Session, client: TestClient, make_token, case: str) -> None:
    key = {
        "garbage": "not-a-token",
        "expired": make_token("city_platform", "client", scopes=["tips:write"], ttl=-60),
        "wrong_audience": make_token("city_platform", "client", scopes=["tips:write"], aud="elsewhere"),
        "no_scope": city_key(make_token, "facilities:read", "tips:read"),
        "staff": make_token("civil_affairs", "head"),
    }[case]
    response = post(client, api_key=key)
    assert response.status_code == 403, response.text
    [description] = errors(response)
    assert ("tips:write" in description) if case in ("no_scope", "staff") else ("api_key" in description)
    assert count(session) == 0


def test_a_missing_location_is_400_naming_it(session: Session, client: TestClient, make_token) -> None:
    response = post(client, api_key=city_key(make_token), lat=None, long=None)
    assert response.status_code == 400
    [description] = errors(response)
    assert description.startswith("location:")
    assert count(session) == 0


@pytest.mark.parametrize(("fields", "status", "starts"), [
    ({"service_code": None}, 400, "service_code:"),
    ({"service_code": "parking"}, 404, "service_code"),
    ({"long": None}, 400, "long:"),
    ({"lat": "north"}, 400, "lat:"),
    ({"lat": "95"}, 400, "lat:"),
    ({"description": "太短"}, 400, "description:"),
    ({"description": None}, 400, "description:"),
    ({"address_id": "no-such-facility"}, 400, "address_id:"),
    ({"device_colour": "red"}, 400, "device_colour:"),
    ({"attribute[contact_consent]": "yes"}, 400, "attribute[contact_consent]:"),
    ({"description": "消防通道\x00被堵住了，很危险"}, 400, "description:"),
])
def test_bad_fields_are_400_in_the_open311_format_and_store_nothing(
        session: Session, client: TestClient, make_token, fields: dict, status: int, starts: str) -> None:
    response = post(client, api_key=city_key(make_token), **fields)
    assert response.status_code == status, response.text
    assert errors(response)[0].startswith(starts), response.text
    assert count(session) == 0


def test_a_foreign_jurisdiction_cannot_post(session: Session, client: TestClient, make_token) -> None:
    response = post(client, api_key=city_key(make_token), jurisdiction_id="cityofchicago.org")
    assert response.status_code == 404 and errors(response) == ["jurisdiction_id was not found."]
    assert created(client, make_token, jurisdiction_id=get_settings().open311_jurisdiction_id)


def test_a_contact_is_kept_only_with_consent(session: Session, client: TestClient, make_token) -> None:
    contact = {"email": "zhang@example.cn", "phone": "13800000000", "first_name": "三", "last_name": "张"}
    kept = created(client, make_token, **contact, **{"attribute[contact_consent]": "true"})
    stored = tip(session, kept["service_request_id"])
    assert stored.contact_consent is True and stored.contact_ciphertext
    assert crypto.decrypt_contact(stored.contact_ciphertext, tip_id=stored.id) == \
        "张 三 / 13800000000 / zhang@example.cn"
    assert "zhang@example.cn" not in stored.contact_ciphertext
    for consent in ({}, {"attribute[contact_consent]": "false"}):
        dropped = created(client, make_token, **contact, **consent)
        stored = tip(session, dropped["service_request_id"])
        assert stored.contact_ciphertext is None and stored.contact_consent is False
        assert "联系方式未保存" in dropped["service_notice"]


def test_media_url_is_not_fetched_and_the_notice_says_so(session: Session, client: TestClient,
                                                         make_token) -> None:
    body = created(client, make_token, media_url="http://169.254.169.254/latest/meta-data")
    assert "media_url 未采用" in body["service_notice"]


def test_tokens_resolve_to_the_service_request_id(client: TestClient, make_token) -> None:
    body = created(client, make_token)
    response = client.get(f"{BASE}/tokens/{body['token']}.json")
    assert response.status_code == 200
    assert response.json() == [{"service_request_id": body["service_request_id"], "token": body["token"]}]
    root = xml(client.get(f"{BASE}/tokens/{body['token']}.xml"))
    assert root.findtext("request/service_request_id") == body["service_request_id"]
    missing = client.get(f"{BASE}/tokens/unknown-token.json")
    assert missing.status_code == 404 and errors(missing) == ["token was not found."]
