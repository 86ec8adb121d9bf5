"""An account's area and facility must exist: asked of the registry over HTTP (the gateway keeps no copy of areas
or facilities), with the admin's own token. A registry that does not answer refuses the change (503 problem):
an account is never saved with a code nobody could check."""

from __future__ import annotations

from typing import Any, Protocol

from eldersafe_common.auth import Role
from eldersafe_common.errors import FieldError, Invalid, Unavailable
from eldersafe_common.http import ServiceClient


class ReferenceCheck(Protocol):
    def __call__(self, *, role: Role, area: str, facility: str | None) -> None: ...


def _get(client: ServiceClient, path: str, token: str) -> dict[str, Any] | None:
    """The registry's answer, None for no such record (404, or 422 for an id no record could have); any other
    answer is the registry failing (503)."""
    response = client.request("GET", path, token=token)
    if response.status_code in (404, 422):
        return None
    if response.status_code != 200:
        raise Unavailable(f"The registry answered {response.status_code}.", code="upstream_unavailable")
    body: dict[str, Any] = response.json()
    return body


def registry_check(client: ServiceClient, *, token: str) -> ReferenceCheck:
    """The check for one request: the area exists, and a facility account's facility exists in that community."""

    def check(*, role: Role, area: str, facility: str | None) -> None:
        refusals: list[tuple[str, FieldError]] = []  # (problem code, error); the first names the problem
        if _get(client, f"/api/registry/areas/{area}", token) is None:
            refusals.append(("area_not_found", FieldError(field="body.area", reason="unknown area")))
        if role is Role.facility and facility:
            found = _get(client, f"/api/registry/facilities/{facility}", token)
            if found is None:
                refusals.append(("facility_not_found", FieldError(field="body.facility", reason="unknown facility")))
            elif not refusals and found.get("area_code") != area:
                refusals.append(("invalid_assignment", FieldError(
                    field="body.area", reason=f"must be the facility's community {found.get('area_code')}")))
        if refusals:
            raise Invalid("The account names an area or facility that does not exist.", code=refusals[0][0],
                          errors=[error for _, error in refusals])

    return check
