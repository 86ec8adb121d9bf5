"""Sign-in rules: credentials, lockout, refresh-token rotation with reuse detection, client credentials."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import Forbidden, NotFound, Unauthorized

from ..accounts import repository as accounts
from ..accounts.service import to_public
from ..errors import AccountLocked, BadRequest, CredentialsRejected, RefreshRejected
from ..models import Account, RefreshToken
from ..passwords import burn_verification_time, verify_secret
from ..settings import GatewaySettings
from ..tokens import new_refresh_token, refresh_token_hash, sign_access_token
from . import repository
from .schemas import ClientToken, TokenPair

# One answer for an unknown user and a wrong password, so the endpoint does not reveal who exists.
WRONG_CREDENTIALS = "The username or password is incorrect."
_SCOPE = re.compile(r"^[a-z_]{1,40}:[a-z_]{1,40}$")


def utcnow() -> datetime:
    """Real time: token lifetimes and lockouts protect accounts; a moved demo clock must not touch them."""
    return clock.wall_now()



def _issue_pair(session: Session, settings: GatewaySettings, account: Account, *, family_id: str,
                now: datetime) -> tuple[TokenPair, RefreshToken]:
    refresh = new_refresh_token()
    row = repository.add_refresh(session, RefreshToken(
        id=str(uuid.uuid4()), token_hash=refresh_token_hash(refresh), account_id=account.id, family_id=family_id,
        issued_at=now, expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
    ))
    access = sign_access_token(
        settings, subject=account.id, name=account.name, role=account.role, position=account.position,
        area=account.area, facility=account.facility,
    )
    pair = TokenPair(access_token=access, refresh_token=refresh, expires_in=settings.access_token_ttl_seconds,
                     account=to_public(account))
    return pair, row


def login(*, session: Session, settings: GatewaySettings, username: str, password: str) -> TokenPair:
    """Check credentials, count failures toward a lockout, and issue a token pair."""
    now = utcnow()
    account = accounts.get_by_username(session, username.strip().lower())
    if account is None:
        burn_verification_time(password)
        raise CredentialsRejected(WRONG_CREDENTIALS)
    if account.locked_until is not None and account.locked_until > now:
        # Checked before the password so that a locked account cannot be brute-forced meanwhile.
        retry_after = max(1, int((account.locked_until - now).total_seconds()))
        raise AccountLocked("Too many failed sign-ins; the account is locked for now.", retry_after=retry_after)
    if not verify_secret(password, account.password_hash):
        account.failed_logins += 1
        if account.failed_logins >= settings.lockout_threshold:
            account.failed_logins = 0
            account.locked_until = now + timedelta(seconds=settings.lockout_seconds)
            session.add(account)
            session.flush()
            raise AccountLocked("Too many failed sign-ins; the account is now locked.",
                                retry_after=settings.lockout_seconds)
        session.add(account)
        session.flush()
        raise CredentialsRejected(WRONG_CREDENTIALS)
    if account.disabled:
        raise Forbidden("This account is disabled.", code="account_disabled")
    account.failed_logins, account.locked_until, account.last_login_at = 0, None, now
    session.add(account)
    pair, _ = _issue_pair(session, settings, account, family_id=str(uuid.uuid4()), now=now)
    return pair


def refresh(*, session: Session, settings: GatewaySettings, refresh_token: str) -> TokenPair:
    """Rotate a refresh token; presenting a revoked one revokes its whole family (theft signal)."""
    now = utcnow()
    row = repository.get_refresh_for_update(session, refresh_token_hash(refresh_token))
    if row is None:
        raise RefreshRejected("The refresh token is invalid.")
    if row.revoked_at is not None:
        repository.revoke_family(session, row.family_id, at=now)
        raise RefreshRejected("The refresh token was already used; sign in again.", code="refresh_token_reused")
    if row.expires_at <= now:
        raise RefreshRejected("The refresh token has expired; sign in again.", code="refresh_token_expired")
    account = accounts.get(session, row.account_id)
    if account is None or account.disabled:
        repository.revoke_family(session, row.family_id, at=now)
        raise RefreshRejected("This account is disabled.", code="account_disabled")
    pair, new_row = _issue_pair(session, settings, account, family_id=row.family_id, now=now)
    row.revoked_at, row.replaced_by = now, new_row.id
    session.add(row)
    session.flush()
    return pair


def logout(*, session: Session, refresh_token: str) -> None:
    """End the session the refresh token belongs to; unknown tokens are ignored (nothing to end)."""
    row = repository.get_refresh_for_update(session, refresh_token_hash(refresh_token))
    if row is not None:
        repository.revoke_family(session, row.family_id, at=utcnow())


def me(*, session: Session, principal: Principal) -> Account:
    """The caller's own account."""
    account = accounts.get(session, principal.subject)
    if account is None:
        raise NotFound("The token does not belong to an account.", code="account_not_found")
    return account


def client_token(
    *, session: Session, settings: GatewaySettings, grant_type: str, client_id: str, client_secret: str,
    scope: str | None,
) -> ClientToken:
    """OAuth2 client credentials: a token for the city platform with a subset of its scopes."""
    if grant_type != "client_credentials":
        raise BadRequest("Only grant_type=client_credentials is supported.", code="unsupported_grant_type")
    client = repository.get_client(session, client_id)
    if client is None:
        burn_verification_time(client_secret)
        raise Unauthorized("The client credentials are incorrect.", code="invalid_client")
    if not verify_secret(client_secret, client.secret_hash) or client.disabled:
        raise Unauthorized("The client credentials are incorrect.", code="invalid_client")
    requested = scope.split() if scope else list(client.scopes)
    if any(not _SCOPE.match(item) for item in requested) or not set(requested) <= set(client.scopes):
        raise BadRequest("The requested scope exceeds the client's scopes.", code="invalid_scope")
    granted = sorted(set(requested))
    token = sign_access_token(
        settings, subject=client.id, name=client.name, role=Role.city_platform, position=Position.client,
        area=client.area, scopes=granted,
    )
    return ClientToken(access_token=token, expires_in=settings.access_token_ttl_seconds, scope=" ".join(granted))
