"""Queries on contacts: accounts by post and area, and the facilities this service can alert."""

from __future__ import annotations

from sqlalchemy import false, func
from sqlmodel import Session, col, or_, select

from .models import NotificationContact, NotificationFacility

C = NotificationContact


def contact(session: Session, account_id: str) -> NotificationContact | None:
    return session.get(NotificationContact, account_id)


def facility(session: Session, facility_id: str) -> NotificationFacility | None:
    return session.get(NotificationFacility, facility_id)


def facilities_in(session: Session, *, area: str) -> list[NotificationFacility]:
    """Facilities whose area lies inside ``area`` (a prefix), by name."""
    return list(session.exec(select(NotificationFacility)
                             .where(col(NotificationFacility.area_code).startswith(area))
                             .order_by(col(NotificationFacility.name))))


def holders(session: Session, *, role: str, position: str, covering: str) -> list[NotificationContact]:
    """Enabled contacts holding the post whose area covers ``covering`` (a prefix test, as Principal.covers)."""
    return list(session.exec(select(C).where(
        col(C.role) == role, col(C.position) == position, col(C.disabled) == false(),
        func.substr(covering, 1, func.length(col(C.area))) == col(C.area)).order_by(col(C.account_id))))


def enabled_named(session: Session, name: str) -> list[NotificationContact]:
    """Enabled contacts called ``name`` (a supervision order names its supervisor, not an account)."""
    return list(session.exec(select(C).where(col(C.name) == name, col(C.disabled) == false())
                             .order_by(col(C.account_id))))


def facility_accounts(session: Session, facility_id: str) -> list[NotificationContact]:
    """Enabled facility accounts of ``facility_id``."""
    return list(session.exec(select(C).where(col(C.role) == "facility", col(C.facility) == facility_id,
                                             col(C.disabled) == false()).order_by(col(C.account_id))))


def admins(session: Session) -> list[NotificationContact]:
    """Every enabled admin account."""
    return list(session.exec(select(C).where(col(C.role) == "admin", col(C.disabled).is_(False))
                             .order_by(col(C.account_id))))


def admins_and_civil_affairs_heads(session: Session) -> list[NotificationContact]:
    """Every enabled admin and civil-affairs head."""
    return list(session.exec(select(C).where(
        col(C.disabled).is_(False),
        or_(col(C.role) == "admin", (col(C.role) == "civil_affairs") & (col(C.position) == "head")),
    ).order_by(col(C.account_id))))
