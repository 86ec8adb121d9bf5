"""Issue 11 (10): the facility manager's account hears its own facility's deadline reminders (inbox and SMS) by
default, not only the registry's manager phone; one phone gets one SMS per stage."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from eldersafe_notification.escalation.tick import tick
from eldersafe_notification.rules.repository import rule
from tests.conftest import COMMUNITY
from tests.services.notification.ladder import account, china, district_contacts, hazard, rows, told

DEADLINE = date(2026, 5, 20)


def test_the_default_ladder_tells_the_facility_manager_of_every_reminder(session: Session) -> None:
    default = rule(session, rule_key="hazard.deadline", severity="", campaign_id="")
    assert default is not None
    with_manager = [stage["stage"] for stage in default.stages if "facility_manager" in stage["recipients"]]
    assert with_manager == ["remind_3d", "remind_1d", "due_day"]


def test_the_managers_inbox_and_phone_get_the_reminders_of_its_facility_only(session: Session) -> None:
    district_contacts(session)
    account(session, "mgr-1", role="facility", position="manager", area=COMMUNITY, facility="fac-1",
            phone="13700000001", name="王经理")
    account(session, "mgr-other", role="facility", position="manager", area=COMMUNITY, facility="fac-2",
            phone="13700000002")
    hazard(session, "h-1", deadline=DEADLINE)
    for day in (date(2026, 5, 17), date(2026, 5, 19), date(2026, 5, 20)):
        tick(session, now=china(day))
    for stage in ("remind_3d", "remind_1d", "due_day"):
        mine = {(r, channel) for r, channel in told(session, stage) if r.startswith("account:mgr")}
        assert mine == {("account:mgr-1", "inbox"), ("account:mgr-1", "sms")}, stage
    [inbox] = [row for row in rows(session, stage="remind_1d", channel="inbox") if row.recipient == "account:mgr-1"]
    assert inbox.address == "account:mgr-1" and inbox.link == "/hazards/h-1"


def test_one_sms_when_the_managers_account_has_the_responsible_persons_phone(session: Session) -> None:
    district_contacts(session)
    # The ledger's responsible person is the registry's manager (13900000000); the account has the same phone.
    account(session, "mgr-1", role="facility", position="manager", area=COMMUNITY, facility="fac-1",
            phone="13900000000")
    hazard(session, "h-1", deadline=DEADLINE)
    tick(session, now=china(date(2026, 5, 17)))
    sms_to_phone = [row for row in rows(session, stage="remind_3d", channel="sms") if row.address == "13900000000"]
    assert [row.recipient for row in sms_to_phone] == ["account:mgr-1"]
