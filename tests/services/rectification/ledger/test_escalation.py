"""notification's hazard.escalated flags a ledger entry for a supervision order (挂牌督办), once per stage;
a closed entry or a new deadline makes the flag stale."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Session

from eldersafe_common.events import EventType, publish
from eldersafe_rectification.ledger.consumer import ledger_consumer
from eldersafe_rectification.ledger.models import Hazard, HazardHistory
from eldersafe_rectification.ledger.overdue import today_china

from .support import new_hazard

URL = "/api/rectification/hazards"


class Escalated(BaseModel):
    hazard_id: str
    facility_id: str
    area_code: str
    severity: str
    deadline: date
    stage: str = "overdue_7wd"
    days_overdue: int = 9


ESCALATED = EventType("hazard.escalated", 1, Escalated)


def escalate(session: Session, hazard: Hazard, **fields: object) -> None:
    payload = Escalated(hazard_id=hazard.id, facility_id=hazard.facility_id, area_code=hazard.area_code,
                        severity=hazard.severity, **{"deadline": hazard.deadline, **fields})  # type: ignore[arg-type]
    publish(session, ESCALATED, subject=f"hazard:{hazard.id}", payload=payload, producer="notification")
    ledger_consumer().drain(session)


def overdue_hazard(session: Session) -> Hazard:
    hazard = new_hazard(session)
    hazard.deadline = today_china() - timedelta(days=12)
    session.add(hazard)
    session.flush()
    return hazard


def escalation_rows(session: Session, hazard: Hazard) -> list[HazardHistory]:
    from sqlmodel import col, select

    return list(session.exec(select(HazardHistory).where(col(HazardHistory.hazard_id) == hazard.id,
                                                         col(HazardHistory.action) == "escalated")))


def test_escalation_flags_the_entry_once(session: Session, client: TestClient, auth) -> None:
    hazard = overdue_hazard(session)
    version = hazard.version
    escalate(session, hazard)
    escalate(session, hazard)  # the same stage again (a replayed tick): nothing more
    session.refresh(hazard)
    assert hazard.escalated_stage == "overdue_7wd" and hazard.escalated_at is not None
    assert hazard.version == version + 1
    [row] = escalation_rows(session, hazard)
    assert row.detail == {"stage": "overdue_7wd", "days_overdue": 9} and row.actor_subject is None
    detail = client.get(f"{URL}/{hazard.id}", headers=auth("admin")).json()
    assert detail["escalated_stage"] == "overdue_7wd"
    flagged = client.get(URL, params={"escalated": "true"}, headers=auth("admin")).json()
    assert [item["id"] for item in flagged["items"]] == [hazard.id]
    others = client.get(URL, params={"escalated": "false"}, headers=auth("admin")).json()
    assert hazard.id not in {item["id"] for item in others["items"]}
    assert client.get(URL, params={"escalated": "maybe"}, headers=auth("admin")).status_code == 422


def test_stale_escalations_are_ignored(session: Session) -> None:
    moved = overdue_hazard(session)
    escalate(session, moved, deadline=moved.deadline - timedelta(days=3))  # the ladder saw an older deadline
    closed = overdue_hazard(session)
    closed.state = "signed_off"
    session.add(closed)
    escalate(session, closed)
    unknown = Hazard.model_validate({**moved.model_dump(), "id": "not-in-the-ledger"})
    escalate(session, unknown)
    for hazard in (moved, closed):
        session.refresh(hazard)
        assert hazard.escalated_at is None and escalation_rows(session, hazard) == []


def test_an_approved_extension_starts_a_new_ladder(session: Session, client: TestClient, auth) -> None:
    hazard = overdue_hazard(session)
    escalate(session, hazard)
    session.commit()
    new_deadline = (today_china() + timedelta(days=20)).isoformat()
    extension = client.post(f"{URL}/{hazard.id}/extensions", json={"new_deadline": new_deadline, "reason": "材料未到"},
                            headers=auth("fire", "staff")).json()
    approved = client.post(f"{URL}/{hazard.id}/extensions/{extension['id']}/approve", json={},
                           headers=auth("fire", "head"))
    assert approved.status_code == 200, approved.text
    session.refresh(hazard)
    assert hazard.escalated_at is None and hazard.escalated_stage is None
