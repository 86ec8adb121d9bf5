"""Request dependencies: one transaction per request, and the verified caller."""

from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from sqlalchemy.engine import Engine
from sqlmodel import Session

from eldersafe_common.auth import Principal, principal_dependency
from eldersafe_common.db import make_engine, session_dependency

from .settings import get_settings


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    return make_engine(settings.database_url, schema=settings.schema_name)


get_session = session_dependency(get_engine)
get_principal = principal_dependency(get_settings)

SessionDep = Annotated[Session, Depends(get_session, scope="function")]
CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
