"""Whether an area code exists: the registry owns the areas, and inspection asks it over HTTP."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from eldersafe_common.errors import FieldError, Invalid, Unavailable
from eldersafe_common.http import ServiceClient


class RegistryArea(BaseModel):
    """The registry's AreaPublic as far as this check needs it (a tolerant reader)."""

    model_config = ConfigDict(extra="ignore")

    code: str


_AREAS = TypeAdapter(list[RegistryArea])


def require_known_area(client: ServiceClient, *, token: str, code: str, field: str) -> None:
    """Refuse (422 naming ``field``) an area code the registry does not know."""
    response = client.request("GET", "/api/registry/areas", token=token)
    if response.status_code != 200:
        raise Unavailable(f"The registry answered {response.status_code} for its areas.", code="upstream_error")
    try:
        codes = {area.code for area in _AREAS.validate_json(response.content)}
    except ValidationError as exc:
        raise Unavailable("The registry's answer was not understood.", code="upstream_error") from exc
    if code not in codes:
        raise Invalid("The area code does not exist.", code="area_not_found",
                      errors=[FieldError(field=field, reason="not an area of the registry")])
