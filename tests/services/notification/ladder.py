"""Test helpers: publish the producers' events (with local payload models, as a third party would) and
drain this service's consumers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from eldersafe_common.events import EventType, publish
from eldersafe_notification.consumers import consumers
from eldersafe_notification.delivery.models import Notification
from tests.conftest import COMMUNITY, DISTRICT, SUBDISTRICT


class Payload(BaseModel):
    model_config = {"extra": "allow"}


def event(session: Session, event_type: str, subject: str, **payload: Any) -> None:
    publish(session, EventType(event_type, 1, Payload), subject=subject, payload=Payload(**payload), producer="test")
    for consumer in consumers():
        consumer.drain(session)


def account(session: Session, account_id: str, *, role: str, position: str, area: str,
            phone: str | None = "13800000000", email: str | None = None, name: str | None = None,
            facility: str | None = None, disabled: bool = False, created: bool = True) -> None:
    event(session, "account.created" if created else "account.updated", f"account:{account_id}",
          account_id=account_id, username=account_id, name=name or account_id, role=role, position=position,
          department=role if role in {"fire", "civil_affairs", "health"} else None, area=area, facility=facility,
          phone=phone, email=email, disabled=disabled)


def district_contacts(session: Session) -> None:
    """Who holds each post in the test district (the fire head has no phone)."""
    account(session, "sup-1", role="fire", position="staff", area=DISTRICT, name="督办人")
    account(session, "fire-head", role="fire", position="head", area=DISTRICT, phone=None, email="f@x.cn")
    account(session, "health-head", role="health", position="head", area=DISTRICT)
    account(session, "co-1", role="community", position="officer", area=COMMUNITY)
    account(session, "co-other", role="community", position="officer", area=COMMUNITY[:-1] + "2")
    account(session, "sd-head", role="subdistrict", position="head", area=SUBDISTRICT)
    account(session, "tf-leader", role="task_force", position="leader", area=DISTRICT, email="tf@x.cn")


def hazard(session: Session, hazard_id: str, *, deadline: date, state: str = "open", kind: str = "hazard.assigned",
           severity: str = "ordinary", campaign_id: str = "camp-1", departments: tuple[str, ...] = ("fire",),
           responsible_phone: str | None = "13900000000", **words: str) -> None:
    event(session, kind, f"hazard:{hazard_id}", hazard_id=hazard_id, hazard_key=f"key-{hazard_id}",
          campaign_id=campaign_id, facility_id="fac-1", area_code=COMMUNITY, departments=list(departments),
          severity=severity, state=state, deadline=deadline.isoformat(), responsible_name="张三",
          responsible_phone=responsible_phone, supervisor_subject="sup-1", supervisor_name="督办人", **words)


def china(day: date, hour: int = 9) -> datetime:
    """``hour`` o'clock China time on ``day``, as the aware UTC instant the tick takes."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


def rows(session: Session, **where: str) -> list[Notification]:
    stmt = select(Notification)
    for name, value in where.items():
        stmt = stmt.where(col(getattr(Notification, name)) == value)
    return list(session.exec(stmt.order_by(col(Notification.stage), col(Notification.recipient),
                                           col(Notification.channel))))


def told(session: Session, stage: str) -> set[tuple[str, str]]:
    return {(row.recipient, row.channel) for row in rows(session, stage=stage)}
