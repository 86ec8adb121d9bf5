"""Webhook subscriptions: admins manage all, a city-platform client only its own; URLs must be http(s) and,
where settings forbid it, not private, loopback or link-local; the secret is shown once."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_notification.delivery.models import Notification

Auth = Callable[..., dict[str, str]]
PLATFORM = {"subject": "city-platform-1"}
BODY = {"client_name": "市城运平台", "url": "http://127.0.0.1:9/hooks/eldersafe",
        "event_types": ["facility.classified", "hazard.overdue"]}


def create(client: TestClient, headers: dict[str, str], **changes: object) -> dict[str, object]:
    answer = client.post("/api/notification/webhooks", json={**BODY, **changes}, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_a_city_platform_client_manages_only_its_own_subscriptions(client: TestClient, session: Session,
                                                                   auth: Auth) -> None:
    platform = auth("city_platform", "client", **PLATFORM)
    admin = auth("admin", "staff")
    own = create(client, platform)
    assert own["secret"] and own["owner"] == "city-platform-1" and own["active"] is True
    other = create(client, admin, client_name="演练接收端")
    listed = client.get("/api/notification/webhooks", headers=platform).json()
    assert [item["id"] for item in listed["items"]] == [own["id"]]
    assert "secret" not in listed["items"][0]  # shown once, at creation
    assert client.get("/api/notification/webhooks", headers=admin).json()["total"] == 2
    assert client.delete(f"/api/notification/webhooks/{other['id']}", headers=platform).status_code == 404
    assert client.post(f"/api/notification/webhooks/{other['id']}/ping", headers=platform).status_code == 404
    assert client.delete(f"/api/notification/webhooks/{own['id']}", headers=platform).status_code == 204
    assert client.get("/api/notification/webhooks", headers=platform).json()["total"] == 0
    assert client.delete(f"/api/notification/webhooks/{uuid.uuid4()}", headers=admin).status_code == 404


def test_other_roles_may_not_manage_webhooks(client: TestClient, session: Session, auth: Auth) -> None:
    for role, position in (("civil_affairs", "head"), ("task_force", "leader"), ("facility", "manager")):
        headers = auth(role, position)
        assert client.post("/api/notification/webhooks", json=BODY, headers=headers).status_code == 403
        assert client.get("/api/notification/webhooks", headers=headers).status_code == 403


def test_ping_queues_a_signed_test_delivery(client: TestClient, session: Session, auth: Auth) -> None:
    platform = auth("city_platform", "client", **PLATFORM)
    own = create(client, platform)
    answer = client.post(f"/api/notification/webhooks/{own['id']}/ping", headers=platform)
    assert answer.status_code == 202, answer.text
    row = session.exec(select(Notification).where(Notification.id == answer.json()["delivery_id"])).one()
    assert (row.rule_key, row.stage, row.channel, row.recipient, row.address) == (
        "webhook", "webhook.ping", "webhook", f"webhook:{own['id']}", BODY["url"])


@pytest.mark.parametrize(("changes", "field"), [
    ({"url": "ftp://example.com/hook"}, "body.url"),
    ({"url": "http:///nohost"}, "body.url"),
    ({"url": "http://user:pw@127.0.0.1/hook"}, "body.url"),
    ({"url": "http://127.0.0.1:99999/hook"}, "body.url"),
    ({"url": "x" * 301}, "body.url"),
    ({"event_types": []}, "body.event_types"),
    ({"event_types": ["facility.registered"]}, "body.event_types.0"),
    ({"event_types": ["hazard.overdue", "hazard.overdue"]}, "body.event_types"),
    ({"client_name": ""}, "body.client_name"),
    ({"client_name": "a\x00b"}, "body"),
    ({"secret": "mine"}, "body.secret"),
])
def test_bad_subscriptions_are_refused_naming_the_field(client: TestClient, session: Session, auth: Auth,
                                                        changes: dict[str, object], field: str) -> None:
    answer = client.post("/api/notification/webhooks", json={**BODY, **changes}, headers=auth("admin", "staff"))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert any(error["field"].startswith(field) for error in answer.json()["errors"]), answer.json()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8104/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data",
    "http://10.0.0.8/hook", "http://192.168.1.10/hook", "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook", "http://nothing.invalid/hook",
])
def test_private_loopback_and_link_local_addresses_are_refused_when_settings_forbid_them(
        client: TestClient, session: Session, auth: Auth, configure: Callable[..., None], url: str) -> None:
    configure(NOTIFICATION_WEBHOOK_ALLOW_PRIVATE="false")
    answer = client.post("/api/notification/webhooks", json={**BODY, "url": url}, headers=auth("admin", "staff"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "webhook_url_refused"
    assert answer.json()["errors"][0]["field"] == "body.url"


def test_a_public_address_is_accepted_when_private_ones_are_forbidden(
        client: TestClient, session: Session, auth: Auth, configure: Callable[..., None]) -> None:
    configure(NOTIFICATION_WEBHOOK_ALLOW_PRIVATE="false")
    create(client, auth("admin", "staff"), url="https://93.184.216.34/hooks")


def test_private_addresses_are_forbidden_by_default_only_in_production() -> None:
    from eldersafe_notification.settings import NotificationSettings

    assert NotificationSettings(environment="test").allows_private_webhooks is True
    assert NotificationSettings(environment="test", webhook_allow_private=False).allows_private_webhooks is False
    assert NotificationSettings.model_construct(environment="production").allows_private_webhooks is False
