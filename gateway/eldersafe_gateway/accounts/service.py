"""Account administration rules: valid role/position/area combinations, password policy, lifecycle."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import POSITIONS, Position, Principal, Role
from eldersafe_common.errors import Conflict, FieldError, Invalid, NotFound

from ..models import Account
from ..passwords import hash_secret, password_policy_violation
from ..tokens import department_of
from . import repository
from .events import ACCOUNT_CREATED, ACCOUNT_UPDATED, announce
from .references import ReferenceCheck
from .schemas import AccountCreate, AccountPage, AccountPublic, AccountUpdate

# Which area level each role works at (digits of its area code).
_AREA_DIGITS: dict[Role, int] = {
    Role.subdistrict: 9,
    Role.community: 12,
    Role.facility: 12,
}
_DISTRICT_DIGITS = 6


def utcnow() -> datetime:
    """The business clock: when an account was made or changed, as the district's records show it."""
    return clock.now()


def to_public(account: Account) -> AccountPublic:
    """The account as callers may see it (never the hash or the lockout bookkeeping)."""
    return AccountPublic.model_validate(account, from_attributes=True)


def check_assignment(*, role: Role, position: Position, area: str, facility: str | None) -> None:
    """Refuse combinations the organisation does not have (see ARCHITECTURE.md, roles)."""
    errors: list[FieldError] = []
    if position not in POSITIONS[role]:
        allowed = ", ".join(sorted(p.value for p in POSITIONS[role]))
        errors.append(FieldError(field="body.position", reason=f"role {role.value} takes one of: {allowed}"))
    digits = _AREA_DIGITS.get(role, _DISTRICT_DIGITS)
    if len(area) != digits:
        errors.append(FieldError(field="body.area", reason=f"role {role.value} needs a {digits}-digit area code"))
    if role is Role.facility and not facility:
        errors.append(FieldError(field="body.facility", reason="a facility account must name its facility"))
    if role is not Role.facility and facility:
        errors.append(FieldError(field="body.facility", reason="only facility accounts name a facility"))
    if errors:
        raise Invalid("The account's role, position and area do not fit together.", code="invalid_assignment",
                      errors=errors)


def check_password(*, password: str, field: str = "body.password") -> None:
    """Enforce the password policy."""
    reason = password_policy_violation(password)
    if reason:
        raise Invalid("The password is too weak.", code="weak_password",
                      errors=[FieldError(field=field, reason=reason)])


def load(*, session: Session, account_id: str) -> Account:
    """The account, or NotFound."""
    account = repository.get(session, account_id)
    if account is None:
        raise NotFound("No such account.", code="account_not_found")
    return account


def list_accounts(
    *, session: Session, q: str | None, role: Role | None, disabled: bool | None, page: int, page_size: int
) -> AccountPage:
    """One page of accounts for the admin."""
    rows, total = repository.search(
        session, q=q, role=role.value if role else None, disabled=disabled,
        offset=(page - 1) * page_size, limit=page_size,
    )
    return AccountPage(items=[to_public(row) for row in rows], total=total, page=page, page_size=page_size)


def create_account(*, session: Session, data: AccountCreate, references: ReferenceCheck | None = None) -> Account:
    """Create an account after checking its assignment, that its area and facility exist (``references``: the
    registry; the seed, whose district file the registry is seeded from, passes none), password and username."""
    check_assignment(role=data.role, position=data.position, area=data.area, facility=data.facility)
    if references is not None:
        references(role=data.role, area=data.area, facility=data.facility)
    check_password(password=data.password)
    if repository.username_taken(session, data.username):
        raise Conflict("The username is already taken.", code="username_taken")
    now = utcnow()
    account = Account(
        id=str(uuid.uuid4()), username=data.username, name=data.name, password_hash=hash_secret(data.password),
        role=data.role.value, position=data.position.value, department=department_of(data.role.value),
        area=data.area, facility=data.facility, phone=data.phone, email=data.email,
        created_at=now, updated_at=now,
    )
    account = repository.add(session, account)
    announce(session, ACCOUNT_CREATED, account)
    return account


def update_account(*, session: Session, account_id: str, data: AccountUpdate, actor: Principal,
                   references: ReferenceCheck | None = None) -> Account:
    """Change an account's details; the resulting combination must still be valid and its codes exist."""
    account = load(session=session, account_id=account_id)
    changes: dict[str, Any] = data.changes()
    if changes.get("name", "") is None:
        raise Invalid("The name cannot be cleared.", code="validation_failed",
                      errors=[FieldError(field="body.name", reason="must not be null")])
    role = changes.get("role") or Role(account.role)
    position = changes.get("position") or Position(account.position)
    area = changes.get("area") or account.area
    facility = changes.get("facility", account.facility)
    if role is not Role.facility and "role" in changes and "facility" not in changes:
        facility = None  # leaving the facility role drops the facility link
    check_assignment(role=role, position=position, area=area, facility=facility)
    if references is not None and {"role", "area", "facility"} & set(changes):
        references(role=role, area=area, facility=facility)
    if account.id == actor.subject and role is not Role.admin:
        raise Conflict("Admins cannot take away their own admin role.", code="self_demotion")
    account.role, account.position, account.area, account.facility = role.value, position.value, area, facility
    account.department = department_of(role.value)
    for name in ("name", "phone", "email"):
        if name in changes:
            setattr(account, name, changes[name])
    account.updated_at = utcnow()
    session.add(account)
    session.flush()
    announce(session, ACCOUNT_UPDATED, account)
    return account


def set_disabled(*, session: Session, account_id: str, disabled: bool, actor: Principal) -> Account:
    """Disable (and sign out everywhere) or re-enable an account."""
    account = load(session=session, account_id=account_id)
    if disabled and account.id == actor.subject:
        raise Conflict("Admins cannot disable their own account.", code="self_disable")
    account.disabled = disabled
    if disabled:
        repository.revoke_refresh_tokens(session, account.id, at=utcnow())
    else:
        account.failed_logins, account.locked_until = 0, None
    account.updated_at = utcnow()
    session.add(account)
    session.flush()
    announce(session, ACCOUNT_UPDATED, account)
    return account


def reset_password(*, session: Session, account_id: str, new_password: str) -> Account:
    """Set a new password, lift any lockout and end the account's sessions."""
    account = load(session=session, account_id=account_id)
    check_password(password=new_password, field="body.new_password")
    account.password_hash = hash_secret(new_password)
    account.failed_logins, account.locked_until = 0, None
    account.updated_at = utcnow()
    repository.revoke_refresh_tokens(session, account.id, at=account.updated_at)
    session.add(account)
    session.flush()
    return account
