"""Request dependencies: one transaction per request, and the verified caller."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common.auth import Principal, Role, principal_dependency
from eldersafe_common.db import SAFE_METHODS, make_engine
from eldersafe_common.http import ServiceClient

from .errors import DurableRejection
from .settings import get_settings


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, schema=settings.schema_name)


def run_in_transaction(session: Session) -> Iterator[Session]:
    """Commit on success and on a durable rejection; roll back on any other error."""
    try:
        yield session
    except DurableRejection:
        session.commit()
        raise
    except BaseException:
        session.rollback()
        raise
    else:
        session.commit()


def get_session(request: Request) -> Iterator[Session]:
    # Not eldersafe_common.db.session_dependency: that one rolls back on every error, which would
    # forget failed logins and revoked token families (see errors.DurableRejection).
    engine = get_engine()
    bind = engine.execution_options(readonly=True) if request.method in SAFE_METHODS else engine
    with Session(bind, expire_on_commit=False) as session:
        yield from run_in_transaction(session)


get_principal = principal_dependency(get_settings)

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require_admin(principal: CurrentPrincipal) -> Principal:
    principal.require(Role.admin)
    return principal


AdminPrincipal = Annotated[Principal, Depends(require_admin)]


def get_registry(request: Request) -> ServiceClient:
    """The process's one client for the registry (accounts check their area and facility there)."""
    client: ServiceClient = request.app.state.registry
    return client


def get_bearer_token(request: Request, principal: CurrentPrincipal) -> str:
    """The caller's bearer token (verified through ``principal``), to ask another service on their behalf."""
    _scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip()


RegistryClient = Annotated[ServiceClient, Depends(get_registry)]
BearerToken = Annotated[str, Depends(get_bearer_token)]
