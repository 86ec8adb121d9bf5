"""Gateway-specific domain errors.

A *durable* rejection still commits the request's bookkeeping (a failed-login count, a revoked token
family): otherwise the transaction would roll the evidence back along with the refusal.
"""

from __future__ import annotations

from eldersafe_common.errors import DomainError, Unauthorized


class DurableRejection(DomainError):
    """Marker base: the request is refused, but the changes flushed so far must commit."""


class CredentialsRejected(Unauthorized, DurableRejection):
    status = 401
    code = "invalid_credentials"


class RefreshRejected(Unauthorized, DurableRejection):
    status = 401
    code = "refresh_token_invalid"


class AccountLocked(DurableRejection):
    status = 423
    code = "account_locked"

    def __init__(self, detail: str, *, retry_after: int):
        super().__init__(detail, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class BadRequest(DomainError):
    status = 400
    code = "bad_request"
