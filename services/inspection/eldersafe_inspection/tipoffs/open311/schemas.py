"""Open311 GeoReport v2 request and response models, with the specification's field names.

Names carry the ``Open311`` prefix because the gateway merges every service's OpenAPI into one document.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eldersafe_common.validation import StrictModel

from .fields import ApiKey, FormAddress, FormDescription, FormText, FormUrl


class Open311RequestForm(StrictModel):
    """POST requests: the specification's form fields (application/x-www-form-urlencoded)."""

    model_config = ConfigDict(populate_by_name=True)

    api_key: ApiKey | None = Field(default=None, description=(
        "A city-platform access token with scope tips:write (or send it as a bearer token)"))
    jurisdiction_id: FormText | None = None
    service_code: FormText | None = Field(default=None, description="A service_code from services.json")
    lat: FormText | None = Field(default=None, description="WGS-84 latitude, with long")
    long: FormText | None = Field(default=None, description="WGS-84 longitude, with lat")
    address_string: FormAddress | None = Field(default=None, description="Where, in words")
    address_id: FormText | None = Field(default=None, description="A facility_id from the facility search")
    description: FormDescription | None = None
    email: FormText | None = Field(default=None, description="Kept (encrypted) only with contact_consent=true")
    phone: FormText | None = Field(default=None, description="Kept (encrypted) only with contact_consent=true")
    first_name: FormText | None = Field(default=None, description="Kept only with contact_consent=true")
    last_name: FormText | None = Field(default=None, description="Kept only with contact_consent=true")
    device_id: FormText | None = Field(default=None, description="Accepted and not stored")
    account_id: FormText | None = Field(default=None, description="Accepted and not stored")
    media_url: FormUrl | None = Field(default=None, description="Not fetched: photos go through the tip page")
    contact_consent: Literal["true", "false"] | None = Field(
        default=None, alias="attribute[contact_consent]",
        description="The service definition's attribute: may the reward custodian contact the reporter")

    @model_validator(mode="before")
    @classmethod
    def _reject_nul(cls, data: Any) -> Any:
        # Replaces StrictModel's model-wide check: each field type refuses NUL itself, so the error names it.
        return data


class Open311Service(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str
    group: str


class Open311AttributeValue(BaseModel):
    key: str
    name: str


class Open311Attribute(BaseModel):
    variable: bool
    code: str
    datatype: Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]
    required: bool
    datatype_description: str | None
    order: int
    description: str
    values: list[Open311AttributeValue]


class Open311ServiceDefinition(BaseModel):
    service_code: str
    attributes: list[Open311Attribute]


class Open311RequestCreated(BaseModel):
    service_request_id: str
    token: str | None
    service_notice: str
    account_id: str | None


class Open311Token(BaseModel):
    service_request_id: str
    token: str


class Open311Request(BaseModel):
    service_request_id: str
    status: Literal["open", "closed"]
    status_notes: str | None = Field(description="Only for an api_key with scope tips:read or tips:write")
    service_name: str
    service_code: str
    description: str | None = Field(description="Only for an api_key with scope tips:read or tips:write")
    agency_responsible: str | None
    service_notice: str | None
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str | None = Field(description="Only for an api_key with scope tips:read or tips:write")
    address_id: str | None = Field(description="Only for an api_key with scope tips:read or tips:write")
    zipcode: str | None
    lat: float | None = Field(description="Only for an api_key with scope tips:read or tips:write")
    long: float | None = Field(description="Only for an api_key with scope tips:read or tips:write")
    media_url: str | None


class Open311Endpoint(BaseModel):
    specification: str
    url: str
    changeset: str
    type: Literal["production", "test"]
    formats: list[str]


class Open311Discovery(BaseModel):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[Open311Endpoint]
