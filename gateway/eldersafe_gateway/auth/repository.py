"""Queries on refresh tokens and API clients."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from ..models import ApiClient, RefreshToken


def get_refresh_for_update(session: Session, token_hash: str) -> RefreshToken | None:
    """The token row, locked so that two concurrent refreshes cannot both rotate it (PostgreSQL)."""
    query = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    return session.exec(query).first()


def add_refresh(session: Session, token: RefreshToken) -> RefreshToken:
    session.add(token)
    session.flush()
    return token


def revoke_family(session: Session, family_id: str, *, at: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=at)
    )
    session.flush()


def get_client(session: Session, client_id: str) -> ApiClient | None:
    return session.exec(select(ApiClient).where(ApiClient.client_id == client_id)).first()


def add_client(session: Session, client: ApiClient) -> ApiClient:
    session.add(client)
    session.flush()
    return client
