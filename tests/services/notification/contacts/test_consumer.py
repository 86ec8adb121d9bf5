from sqlmodel import Session

from eldersafe_notification.contacts.models import NotificationContact
from tests.conftest import DISTRICT
from tests.services.notification.ladder import account


def test_account_events_keep_the_contact_current(session: Session) -> None:
    account(session, "a-1", role="fire", position="head", area=DISTRICT, phone="13800000001")
    account(session, "a-1", role="fire", position="head", area=DISTRICT, phone=None, email="a@x.cn",
            disabled=True, created=False)
    contact = session.get(NotificationContact, "a-1")
    assert contact is not None
    assert (contact.phone, contact.email, contact.disabled, contact.department) == (None, "a@x.cn", True, "fire")
