from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_notification.consumers import consumers
from eldersafe_notification.contacts.models import NotificationFacility
from tests.conftest import COMMUNITY, SUBDISTRICT


class Snapshot(BaseModel):
    facility_id: str
    name: str
    area_code: str
    status: str
    manager_phone: str | None = None


REGISTERED = EventType("facility.registered", 1, Snapshot)


def test_registered_facility_becomes_a_contact(session: Session, client, auth) -> None:
    payload = Snapshot(facility_id="f-1", name="松鹤颐养院", area_code=COMMUNITY, status="operating",
                       manager_phone="13700000000")
    publish(session, REGISTERED, subject="facility:f-1", payload=payload, producer="test")
    consumer = consumers()[0]
    assert consumer.drain(session) == 1
    assert session.get(NotificationFacility, "f-1") is not None

    inside = client.get("/api/notification/contacts", headers=auth("community", "officer", area=COMMUNITY))
    assert [c["facility_id"] for c in inside.json()] == ["f-1"]
    other_subdistrict = SUBDISTRICT[:-1] + "2"
    outside = client.get("/api/notification/contacts", headers=auth("subdistrict", "officer", area=other_subdistrict))
    assert outside.json() == []


def test_contacts_need_a_token(client) -> None:
    response = client.get("/api/notification/contacts")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
