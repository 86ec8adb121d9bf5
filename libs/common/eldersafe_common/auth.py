"""Token verification and the caller's identity, shared by every service.

The gateway alone signs tokens (ES256). Every service verifies them here, with the public key, and then
applies its own role and area rules. Area codes are hierarchical (district ``999001``, sub-district
``999001001``, community ``999001001001``), so "inside the caller's area" is a prefix test that a
service can make without asking anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jose import JWTError, jwt
from jose.exceptions import ExpiredSignatureError

from .errors import Forbidden, Unauthorized

ALGORITHM = "ES256"


class Role(StrEnum):
    civil_affairs = "civil_affairs"
    fire = "fire"
    emergency = "emergency"
    police = "police"
    health = "health"
    housing = "housing"
    market = "market"
    subdistrict = "subdistrict"
    community = "community"
    task_force = "task_force"
    facility = "facility"
    admin = "admin"
    city_platform = "city_platform"
    # 奖励资金保管人: pays approved tip rewards and alone reads a reporter's contact. A role of its own, not a
    # civil-affairs position, so that it holds none of civil affairs' powers (least privilege).
    reward_custodian = "reward_custodian"


class Position(StrEnum):
    staff = "staff"
    head = "head"
    officer = "officer"
    leader = "leader"
    deputy = "deputy"
    member = "member"
    manager = "manager"
    client = "client"
    custodian = "custodian"


DEPARTMENTS: frozenset[Role] = frozenset(
    {Role.civil_affairs, Role.fire, Role.emergency, Role.police, Role.health, Role.housing, Role.market}
)

# The people who work the campaign, facility managers included: every role but the city platform (a machine client
# with its own open API) and the reward custodian (who sees nothing but the rewards it pays). The usual readers.
CAMPAIGN_ROLES: tuple[Role, ...] = tuple(role for role in Role if role not in (Role.city_platform,
                                                                               Role.reward_custodian))

# Which positions each role may hold; the gateway validates accounts against this.
POSITIONS: dict[Role, frozenset[Position]] = {
    **{dept: frozenset({Position.staff, Position.head}) for dept in DEPARTMENTS},
    Role.subdistrict: frozenset({Position.officer, Position.head}),
    Role.community: frozenset({Position.officer, Position.head}),
    Role.task_force: frozenset({Position.leader, Position.deputy, Position.member}),
    Role.facility: frozenset({Position.manager}),
    Role.admin: frozenset({Position.staff}),
    Role.city_platform: frozenset({Position.client}),
    Role.reward_custodian: frozenset({Position.custodian}),
}


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the gateway vouched for it."""

    subject: str
    name: str
    role: Role
    position: Position
    area: str
    department: str | None = None
    facility: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    token_id: str = ""

    def covers(self, area_code: str | None) -> bool:
        """True when a record in ``area_code`` lies inside the caller's area."""
        return area_code is not None and area_code.startswith(self.area)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def is_department(self) -> bool:
        return self.role in DEPARTMENTS

    @property
    def is_head(self) -> bool:
        return self.position in (Position.head, Position.leader)

    def require(self, *roles: Role, positions: tuple[Position, ...] = ()) -> None:
        """Raise Forbidden unless the caller has one of ``roles`` (and, if given, one of ``positions``)."""
        if self.role not in roles or (positions and self.position not in positions):
            raise Forbidden("Your role may not perform this action.", code="role_forbidden")

    def require_scope(self, scope: str) -> None:
        if scope not in self.scopes:
            raise Forbidden(f"The token lacks the scope '{scope}'.", code="scope_missing")


@lru_cache(maxsize=8)
def _load_key(path: str, mtime: float) -> str:
    return Path(path).read_text()


def load_public_key(path: Path) -> str:
    """Read the gateway's public key (re-read when the file changes, for key rotation)."""
    try:
        return _load_key(str(path), path.stat().st_mtime)
    except FileNotFoundError as exc:  # configuration error, not the caller's fault
        raise RuntimeError(f"JWT public key not found at {path}") from exc


def decode_token(token: str, *, public_key: str, issuer: str, audience: str) -> dict[str, Any]:
    """Verify signature, algorithm, expiry, issuer and audience; return the claims."""
    try:
        header = jwt.get_unverified_header(token)
    except JWTError as exc:
        raise Unauthorized("The token is malformed.", code="token_invalid") from exc
    if header.get("alg") != ALGORITHM:
        raise Unauthorized("The token's algorithm is not accepted.", code="token_invalid")
    try:
        return jwt.decode(token, public_key, algorithms=[ALGORITHM], audience=audience, issuer=issuer)
    except ExpiredSignatureError as exc:
        raise Unauthorized("The token has expired.", code="token_expired") from exc
    except JWTError as exc:
        raise Unauthorized("The token is invalid.", code="token_invalid") from exc


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    """Turn verified claims into a Principal; reject tokens that are not access tokens."""
    if claims.get("typ") != "access":
        raise Unauthorized("Not an access token.", code="token_invalid")
    try:
        role = Role(claims["role"])
        position = Position(claims["position"])
        return Principal(
            subject=str(claims["sub"]),
            name=str(claims.get("name", "")),
            role=role,
            position=position,
            area=str(claims["area"]),
            department=claims.get("department"),
            facility=claims.get("facility"),
            scopes=frozenset(claims.get("scopes") or ()),
            token_id=str(claims.get("jti", "")),
        )
    except (KeyError, ValueError) as exc:
        raise Unauthorized("The token's claims are incomplete.", code="token_invalid") from exc


_bearer = HTTPBearer(auto_error=False, description="Access token issued by the gateway (/api/auth/login)")


def principal_dependency(get_settings: Any) -> Any:
    """Build the ``CurrentPrincipal`` dependency for a service, bound to its settings."""

    def current_principal(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthorized("A bearer token is required.", code="token_missing")
        settings = get_settings()
        claims = decode_token(
            credentials.credentials,
            public_key=load_public_key(settings.jwt_public_key_path),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )
        principal = principal_from_claims(claims)
        request.state.principal = principal
        return principal

    return current_principal
