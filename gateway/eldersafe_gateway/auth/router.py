"""Sign-in, token refresh, sign-out, the caller's account, and client-credential tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from eldersafe_common.errors import problem_responses

from ..accounts.schemas import AccountPublic
from ..accounts.service import to_public
from ..deps import CurrentPrincipal, SessionDep
from ..settings import GatewaySettings, get_settings
from . import service
from .schemas import ClientToken, LoginRequest, LogoutRequest, RefreshRequest, TokenPair

router = APIRouter(prefix="/api/auth", tags=["auth"])
NO_NUL = r"^[^\x00]*$"
SettingsDep = Annotated[GatewaySettings, Depends(get_settings)]


@router.post("/login", response_model=TokenPair, responses=problem_responses(401, 403, 423))
def login(data: LoginRequest, request: Request, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Sign in with username and password; repeated failures lock the account for a while."""
    # The audit trail names who tried to sign in; there is no token yet to name them.
    request.state.audit_actor_name = data.username
    pair = service.login(session=session, settings=settings, username=data.username, password=data.password)
    request.state.audit_actor = pair.account.id
    return pair


@router.post("/refresh", response_model=TokenPair, responses=problem_responses(401))
def refresh(data: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Exchange a refresh token for a new pair; the old refresh token stops working."""
    return service.refresh(session=session, settings=settings, refresh_token=data.refresh_token)


@router.post("/logout", status_code=204, response_class=Response)
def logout(data: LogoutRequest, session: SessionDep) -> Response:
    """Sign out: the refresh token and every token rotated from it stop working."""
    service.logout(session=session, refresh_token=data.refresh_token)
    return Response(status_code=204)


@router.get("/me", response_model=AccountPublic, responses=problem_responses(401, 404))
def me(session: SessionDep, principal: CurrentPrincipal) -> AccountPublic:
    """The signed-in account."""
    return to_public(service.me(session=session, principal=principal))


@router.post("/token", response_model=ClientToken, responses=problem_responses(400, 401))
def client_token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    grant_type: Annotated[str, Form(max_length=40, pattern=NO_NUL)],
    client_id: Annotated[str, Form(max_length=80, pattern=NO_NUL)],
    client_secret: Annotated[str, Form(max_length=200, pattern=NO_NUL)],
    scope: Annotated[str | None, Form(max_length=1000, pattern=NO_NUL)] = None,
) -> ClientToken:
    """OAuth2 client credentials for the city platform (form-encoded)."""
    request.state.audit_actor_name = client_id
    return service.client_token(
        session=session, settings=settings, grant_type=grant_type, client_id=client_id,
        client_secret=client_secret, scope=scope,
    )
