"""finding.withdrawn from inspection: an amendment found the item passed after all, and the ledger closes the
hazard it opened as withdrawn, with the amendment's reason, and says so (hazard.withdrawn)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from eldersafe_common.events import EventRecord, publish
from eldersafe_inspection.inspections.events import FINDING_WITHDRAWN, FindingWithdrawnPayload, HazardInspector
from eldersafe_rectification.ledger import overdue as service
from eldersafe_rectification.ledger import words
from eldersafe_rectification.ledger.consumer import ledger_consumer
from eldersafe_rectification.ledger.models import Hazard, HazardHistory
from tests.conftest import COMMUNITY

from .support import FACILITY, events_of, new_hazard

REASON = "复核现场照片，疏散通道实际畅通，原记录有误"


def withdraw(session: Session, hazard_key: str) -> None:
    """inspection's finding.withdrawn v1 (its own payload model), then the ledger's consumer."""
    publish(session, FINDING_WITHDRAWN, subject=f"facility:{FACILITY}", producer="inspection",
            payload=FindingWithdrawnPayload(
                hazard_key=hazard_key, inspection_id=str(uuid.uuid4()), amendment_id="a-1",
                campaign_id="22222222-2222-2222-2222-222222222222", facility_id=FACILITY, area_code=COMMUNITY,
                department="fire", item_code="FIRE-01", reason=REASON,
                withdrawn_by=HazardInspector(subject="test-fire-staff", name="王消防"),
                withdrawn_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC), self_check=False))
    ledger_consumer().drain(session)


def withdrawn_events(session: Session, hazard: Hazard) -> list[EventRecord]:
    return list(session.exec(select(EventRecord).where(
        col(EventRecord.subject) == f"hazard:{hazard.id}", col(EventRecord.type) == "hazard.withdrawn")))


def test_a_withdrawn_finding_closes_its_hazard_with_the_amendments_reason(session: Session) -> None:
    hazard = new_hazard(session, hazard_key="w-1")
    withdraw(session, "w-1")
    session.refresh(hazard)
    assert hazard.state == "withdrawn"
    history = session.exec(select(HazardHistory).where(col(HazardHistory.hazard_id) == hazard.id)
                           .order_by(col(HazardHistory.at), col(HazardHistory.id))).all()
    last = history[-1]
    assert (last.action, last.from_state, last.to_state, last.actor_name) == (
        "withdrawn", "open", "withdrawn", "王消防")
    assert last.detail["reason"] == REASON and last.detail["amendment_id"] == "a-1"
    (event,) = withdrawn_events(session, hazard)
    assert event.producer == "rectification" and event.payload["state"] == "withdrawn"
    assert event.payload["reason"] == REASON and event.payload["hazard_key"] == "w-1"
    assert events_of(session, hazard) == ["hazard.assigned", "hazard.withdrawn"]
    # Delivered again: nothing more happens.
    withdraw(session, "w-1")
    assert len(withdrawn_events(session, hazard)) == 1


def test_any_state_can_be_withdrawn_and_nothing_is_overdue_afterwards(session: Session) -> None:
    for state in ("in_progress", "submitted", "accepted", "signed_off"):
        hazard = new_hazard(session, hazard_key=f"w-{state}", item_code=f"W-{state}")
        hazard.state = state
        session.add(hazard)
        withdraw(session, f"w-{state}")
        session.refresh(hazard)
        assert hazard.state == "withdrawn", state
    open_one = new_hazard(session, hazard_key="w-late", item_code="W-late")
    withdraw(session, "w-late")
    assert service.check_overdue(session, today=date(2027, 1, 1)) >= 0
    assert "hazard.overdue" not in events_of(session, open_one)
    session.refresh(open_one)
    assert not service.is_overdue(open_one, date(2027, 1, 1))


def test_a_withdrawn_relapse_closes_the_entry_it_reopened(session: Session) -> None:
    hazard = new_hazard(session, item_code="REL-W", hazard_key="first")
    hazard.state = "signed_off"
    session.add(hazard)
    new_hazard(session, item_code="REL-W", mode="follow_up", hazard_key="relapse")
    session.refresh(hazard)
    assert hazard.state == "open" and hazard.relapse
    reopened = session.exec(select(EventRecord).where(col(EventRecord.type) == "hazard.reopened")).one()
    assert reopened.payload["last_relapse_key"] == "relapse"  # findings know the entry by the relapse's key too
    withdraw(session, "relapse")
    session.refresh(hazard)
    assert hazard.state == "withdrawn"


def test_an_unknown_key_changes_nothing(session: Session) -> None:
    before = session.exec(select(EventRecord).where(col(EventRecord.type) == "hazard.withdrawn")).all()
    withdraw(session, "never-found")
    after = session.exec(select(EventRecord).where(col(EventRecord.type) == "hazard.withdrawn")).all()
    assert len(after) == len(before)


def test_the_export_words_the_state() -> None:
    assert words.state("withdrawn") == "已撤销"
