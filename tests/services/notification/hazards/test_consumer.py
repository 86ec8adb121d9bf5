from datetime import date

from sqlmodel import Session, col, select

from eldersafe_notification.hazards.models import CLOSED, NOT_STARTED, NotificationHazard, NotificationHazardDepartment
from tests.services.notification.ladder import hazard


def test_hazard_events_keep_the_copy_and_its_departments(session: Session) -> None:
    hazard(session, "h-1", deadline=date(2026, 5, 20), departments=("fire", "health"))
    row = session.get(NotificationHazard, "h-1")
    assert row is not None and row.fired_offset == NOT_STARTED
    departments = session.exec(select(NotificationHazardDepartment.department)
                               .where(col(NotificationHazardDepartment.hazard_id) == "h-1")).all()
    assert sorted(departments) == ["fire", "health"]
    hazard(session, "h-1", deadline=date(2026, 5, 20), state="signed_off", kind="hazard.signed_off",
           departments=("fire",))
    session.refresh(row)
    assert row.state == "signed_off" and row.fired_offset == CLOSED
    assert session.exec(select(NotificationHazardDepartment.department)
                        .where(col(NotificationHazardDepartment.hazard_id) == "h-1")).all() == ["fire"]
