"""Queries on accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from ..models import Account, RefreshToken


def get(session: Session, account_id: str) -> Account | None:
    return session.get(Account, account_id)


def get_by_username(session: Session, username: str) -> Account | None:
    return session.exec(select(Account).where(Account.username == username)).first()


def username_taken(session: Session, username: str) -> bool:
    return session.exec(select(Account.id).where(Account.username == username)).first() is not None


def search(
    session: Session, *, q: str | None, role: str | None, disabled: bool | None, offset: int, limit: int
) -> tuple[list[Account], int]:
    """One page of accounts matching the filters, and the total number that match."""
    query = select(Account)
    if q:
        needle = q.lower()
        query = query.where(
            or_(
                func.lower(col(Account.username)).contains(needle, autoescape=True),
                func.lower(col(Account.name)).contains(needle, autoescape=True),
            )
        )
    if role:
        query = query.where(Account.role == role)
    if disabled is not None:
        query = query.where(Account.disabled == disabled)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(Account.username)).offset(offset).limit(limit)).all()
    return list(rows), int(total)


def add(session: Session, account: Account) -> Account:
    session.add(account)
    session.flush()
    return account


def revoke_refresh_tokens(session: Session, account_id: str, *, at: datetime) -> None:
    """End every session of the account (disabled, or its password reset): login rotates tokens, this ends them."""
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.account_id) == account_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    session.flush()
