"""Request dependencies: one transaction per request, the verified caller, and the registry client."""

from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common.auth import Principal, principal_dependency
from eldersafe_common.db import make_engine, session_dependency
from eldersafe_common.http import ServiceClient

from .settings import get_settings


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, schema=settings.schema_name)


get_session = session_dependency(get_engine)
get_principal = principal_dependency(get_settings)

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


@lru_cache
def get_registry_client() -> ServiceClient:
    """One client per process: its connection pool is shared by every request."""
    return ServiceClient(get_settings().registry_url)


def get_bearer_token(request: Request, principal: CurrentPrincipal) -> str:
    """The caller's bearer token (already verified through ``principal``), to forward to another service."""
    _scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip()


RegistryClient = Annotated[ServiceClient, Depends(get_registry_client)]
BearerToken = Annotated[str, Depends(get_bearer_token)]
