"""Set-up for the phase and digest tests: a district campaign over three facilities, inspection and hazard
events as their producers publish them, and the intake's clock set by the test."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from eldersafe_notification.campaigns.models import NotificationHazardIntake
from tests.conftest import COMMUNITY, DISTRICT
from tests.services.notification.ladder import account, event

CAMPAIGN = "camp-1"
FACILITIES = {"fac-1": "甲院", "fac-2": "乙院", "fac-3": "丙院"}
PHASES = {"survey_start": "2026-09-01", "survey_end": "2026-09-30", "rectification_start": "2026-10-01",
          "rectification_end": "2026-11-30", "review_start": "2026-12-01", "review_end": "2026-12-31"}


def facilities(session: Session) -> None:
    for facility_id, name in FACILITIES.items():
        event(session, "facility.registered", f"facility:{facility_id}", facility_id=facility_id, name=name,
              area_code=COMMUNITY, manager="李四", manager_phone="13900000000", status="operating")


def campaign(session: Session, *, kind: str = "campaign.created", campaign_id: str = CAMPAIGN,
             departments: tuple[str, ...] = ("fire", "health"), targets: tuple[str, ...] = tuple(FACILITIES),
             area_code: str = DISTRICT, **phases: str) -> None:
    event(session, kind, f"campaign:{campaign_id}", campaign_id=campaign_id, name="养老机构安全专项整治",
          area_code=area_code, departments=list(departments), targets=list(targets), **{**PHASES, **phases})


def inspected(session: Session, facility_id: str, *departments: str, self_check: bool = False,
              inspection_id: str | None = None) -> None:
    inspection_id = inspection_id or f"insp-{facility_id}-{'-'.join(departments)}-{self_check}"
    event(session, "inspection.submitted", f"inspection:{inspection_id}", inspection_id=inspection_id,
          campaign_id=CAMPAIGN, facility_id=facility_id, area_code=COMMUNITY,
          mode="self_check" if self_check else "announced", departments=list(departments), inspectors=[],
          submitted_by="insp", submitted_at="2026-09-10T02:00:00+00:00", self_check=self_check,
          findings_count=0)


def heads(session: Session) -> None:
    """The fire and health heads, the task-force leader and a fire head of another district."""
    account(session, "fire-head", role="fire", position="head", area=DISTRICT, email="fire@x.cn")
    account(session, "health-head", role="health", position="head", area=DISTRICT, email=None)
    account(session, "tf-leader", role="task_force", position="leader", area=DISTRICT, email="tf@x.cn")
    account(session, "fire-head-elsewhere", role="fire", position="head", area="999002", email="f2@x.cn")


def item(session: Session, hazard_id: str, text: str, description: str | None = None) -> None:
    event(session, "hazard.found", "facility:fac-1", hazard_key=f"key-{hazard_id}", item_code=f"I-{hazard_id}",
          item_text=text, description=description)


def received(session: Session, hazard_id: str, at: datetime) -> None:
    """Say when this service took the hazard in (the consumer stamps its own clock)."""
    session.execute(update(NotificationHazardIntake).where(col(NotificationHazardIntake.hazard_id) == hazard_id)
                    .values(received_at=at))


def hazard_payload(hazard_id: str, *, deadline: date, facility_id: str = "fac-1", state: str = "open",
                   departments: tuple[str, ...] = ("fire",), severity: str = "ordinary",
                   campaign_id: str = CAMPAIGN) -> dict[str, Any]:
    return {"hazard_id": hazard_id, "hazard_key": f"key-{hazard_id}", "campaign_id": campaign_id,
            "facility_id": facility_id, "area_code": COMMUNITY, "departments": list(departments),
            "severity": severity, "state": state, "deadline": deadline.isoformat(), "responsible_name": "张三",
            "responsible_phone": "13900000000", "supervisor_subject": "sup-1", "supervisor_name": "督办人"}


def hazard(session: Session, hazard_id: str, *, kind: str = "hazard.assigned", **fields: Any) -> None:
    event(session, kind, f"hazard:{hazard_id}", **hazard_payload(hazard_id, **fields))
