"""Tables owned by the gateway (its own metadata and Alembic history)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from eldersafe_common.db import UtcDateTime

gateway_registry = registry()


class GatewayBase(SQLModel, registry=gateway_registry):
    pass


def _timestamp(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UtcDateTime, nullable=nullable, index=index)


class Account(GatewayBase, table=True):
    """A person who signs in: a department, area, task-force, facility or admin account."""

    __tablename__ = "account"

    id: str = Field(primary_key=True, max_length=36)
    username: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=20, index=True)
    position: str = Field(max_length=20)
    department: str | None = Field(default=None, max_length=20)
    area: str = Field(max_length=12)
    facility: str | None = Field(default=None, max_length=36)
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    disabled: bool = Field(default=False)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    created_at: datetime = Field(sa_column=_timestamp())
    updated_at: datetime = Field(sa_column=_timestamp())
    last_login_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))


class RefreshToken(GatewayBase, table=True):
    """One issued refresh token, by hash; rotation links tokens of one login into a family."""

    __tablename__ = "refresh_token"

    id: str = Field(primary_key=True, max_length=36)
    token_hash: str = Field(max_length=64, unique=True)
    account_id: str = Field(foreign_key="account.id", max_length=36, index=True)
    family_id: str = Field(max_length=36, index=True)
    issued_at: datetime = Field(sa_column=_timestamp())
    expires_at: datetime = Field(sa_column=_timestamp())
    revoked_at: datetime | None = Field(default=None, sa_column=_timestamp(nullable=True))
    replaced_by: str | None = Field(default=None, max_length=36)


class ApiClient(GatewayBase, table=True):
    """A machine caller (the city platform) using OAuth2 client credentials."""

    __tablename__ = "api_client"

    id: str = Field(primary_key=True, max_length=36)
    client_id: str = Field(max_length=80, unique=True)
    name: str = Field(max_length=200)
    secret_hash: str = Field(max_length=255)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    area: str = Field(max_length=12)
    disabled: bool = Field(default=False)
    created_at: datetime = Field(sa_column=_timestamp())


class AuditEntry(GatewayBase, table=True):
    """One write that passed through the gateway, with who made it and how it ended."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_actor_occurred", "actor", "occurred_at"),)

    id: str = Field(primary_key=True, max_length=36)
    occurred_at: datetime = Field(sa_column=_timestamp(index=True))
    actor: str = Field(max_length=80)
    actor_name: str | None = Field(default=None, max_length=200)
    method: str = Field(max_length=10)
    path: str = Field(max_length=500)
    status: int
    request_id: str | None = Field(default=None, max_length=64, index=True)
    client_ip: str | None = Field(default=None, max_length=64)
    duration_ms: int = Field(default=0)
