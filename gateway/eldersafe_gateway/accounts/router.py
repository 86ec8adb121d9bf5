"""Account administration (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from eldersafe_common.errors import problem_responses

from ..deps import AdminPrincipal, BearerToken, RegistryClient, SessionDep
from . import service
from .references import registry_check
from .schemas import AccountCreate, AccountPage, AccountPublic, AccountUpdate, PasswordReset, RoleInput

router = APIRouter(prefix="/api/accounts", tags=["accounts"])

AccountId = Annotated[str, Path(pattern=r"^[0-9a-fA-F-]{36}$", description="Account id (UUID)")]


@router.get("", response_model=AccountPage, responses=problem_responses(401, 403))
def list_accounts(
    session: SessionDep,
    _admin: AdminPrincipal,
    q: Annotated[str | None, Query(max_length=100, pattern=r"^[^\x00]*$")] = None,
    role: Annotated[RoleInput | None, Query()] = None,
    disabled: bool | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> AccountPage:
    """Accounts, filtered by text (username or name), role and state."""
    return service.list_accounts(session=session, q=q, role=role, disabled=disabled, page=page, page_size=page_size)


@router.post("", status_code=201, response_model=AccountPublic,
             responses=problem_responses(401, 403, 409, 422, 503))
def create_account(data: AccountCreate, session: SessionDep, _admin: AdminPrincipal, registry: RegistryClient,
                   token: BearerToken) -> AccountPublic:
    """Create an account; its area (and a facility account's facility) must exist in the registry (422
    ``area_not_found`` / ``facility_not_found``; 503 while the registry does not answer)."""
    account = service.create_account(session=session, data=data, references=registry_check(registry, token=token))
    return service.to_public(account)


@router.get("/{account_id}", response_model=AccountPublic, responses=problem_responses(401, 403, 404))
def get_account(account_id: AccountId, session: SessionDep, _admin: AdminPrincipal) -> AccountPublic:
    """One account."""
    return service.to_public(service.load(session=session, account_id=account_id))


@router.patch("/{account_id}", response_model=AccountPublic,
              responses=problem_responses(401, 403, 404, 409, 422, 503))
def update_account(
    account_id: AccountId, data: AccountUpdate, session: SessionDep, admin: AdminPrincipal, registry: RegistryClient,
    token: BearerToken,
) -> AccountPublic:
    """Change an account's details, role or area (a new area or facility must exist in the registry)."""
    account = service.update_account(session=session, account_id=account_id, data=data, actor=admin,
                                     references=registry_check(registry, token=token))
    return service.to_public(account)


@router.post("/{account_id}/disable", response_model=AccountPublic, responses=problem_responses(401, 403, 404, 409))
def disable_account(account_id: AccountId, session: SessionDep, admin: AdminPrincipal) -> AccountPublic:
    """Disable an account and revoke its refresh tokens."""
    account = service.set_disabled(session=session, account_id=account_id, disabled=True, actor=admin)
    return service.to_public(account)


@router.post("/{account_id}/enable", response_model=AccountPublic, responses=problem_responses(401, 403, 404))
def enable_account(account_id: AccountId, session: SessionDep, admin: AdminPrincipal) -> AccountPublic:
    """Re-enable an account (and lift a lockout)."""
    account = service.set_disabled(session=session, account_id=account_id, disabled=False, actor=admin)
    return service.to_public(account)


@router.post("/{account_id}/reset-password", response_model=AccountPublic,
             responses=problem_responses(401, 403, 404))
def reset_password(
    account_id: AccountId, data: PasswordReset, session: SessionDep, _admin: AdminPrincipal
) -> AccountPublic:
    """Set a new password; the account's sessions end."""
    account = service.reset_password(session=session, account_id=account_id, new_password=data.new_password)
    return service.to_public(account)
