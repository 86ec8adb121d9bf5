from datetime import date

from sqlmodel import Session, col, select

from eldersafe_notification.hazards.models import CLOSED, NOT_STARTED, NotificationHazard, NotificationHazardDepartment
from tests.conftest import COMMUNITY, DISTRICT
from tests.services.notification.ladder import account, event, hazard, rows


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


def test_a_withdrawn_hazard_leaves_the_ladder_and_its_inspector_is_told(session: Session) -> None:
    account(session, "sup-1", role="fire", position="staff", area=DISTRICT, name="督办人")
    event(session, "hazard.found", "facility:fac-1", hazard_key="key-h-w", item_code="XF-01",
          item_text="疏散通道畅通", description="二楼疏散通道堆放杂物")
    hazard(session, "h-w", deadline=date(2026, 5, 20))
    event(session, "hazard.withdrawn", "hazard:h-w", hazard_id="h-w", hazard_key="key-h-w", campaign_id="camp-1",
          facility_id="fac-1", area_code=COMMUNITY, departments=["fire"], severity="ordinary", state="withdrawn",
          deadline="2026-05-20", supervisor_subject="sup-1", supervisor_name="督办人",
          reason="复核照片，疏散通道畅通，原记录有误")
    row = session.get(NotificationHazard, "h-w")
    assert row is not None and row.state == "withdrawn" and row.fired_offset == CLOSED  # no more reminders
    (notice,) = rows(session, rule_key="hazard.withdrawn")
    assert (notice.recipient, notice.channel, notice.link) == ("account:sup-1", "inbox", "/hazards/h-w")
    # It names what was found, with the check item as context (never only the item's compliant wording).
    assert notice.title == "隐患已撤销：二楼疏散通道堆放杂物"
    assert "检查项：XF-01 疏散通道畅通" in notice.body and "原记录有误" in notice.body
    # The event delivered again tells nobody twice (the consumption row, and the notification's unique key).
    event(session, "hazard.withdrawn", "hazard:h-w", hazard_id="h-w", hazard_key="key-h-w", campaign_id="camp-1",
          facility_id="fac-1", area_code=COMMUNITY, departments=["fire"], severity="ordinary", state="withdrawn",
          deadline="2026-05-20", supervisor_subject="sup-1", supervisor_name="督办人", reason="重复")
    assert len(rows(session, rule_key="hazard.withdrawn")) == 1
