"""Schemas of the public (no-login) tip endpoints: what a reporter sends and the little they get back.

Nothing here names a staff member: the reporter reads which department answered, never who.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import UploadFile
from pydantic import BaseModel, Field, model_validator

from eldersafe_common.validation import StrictModel

from .fields import Contact, Description, FacilityId, Location, MessageBody, Receipt, TipCategory, TipStatus

# A browser sends "" for a field left empty; for an optional field that means "not given".
_OPTIONAL = ("facility_id", "location", "latitude", "longitude", "contact")


class PublicModel(StrictModel):
    """A public request body whose every text field is a ``text()`` type."""

    @model_validator(mode="before")
    @classmethod
    def _reject_nul(cls, data: Any) -> Any:
        # Replaces the model-wide check so that a NUL byte is refused naming its field: every text field here
        # is a ``text()`` type, which refuses NUL itself, and the rest are numbers, flags and closed words.
        return data


class TipSubmission(PublicModel):
    """One tip as the public sends it (the web form, or Open311 mapped onto these fields)."""

    category: TipCategory
    description: Description = Field(description="What was seen, 10–2000 characters")
    facility_id: FacilityId | None = Field(default=None, description="From the facility search")
    location: Location | None = Field(default=None, description="Where, in the reporter's words")
    # Form fields arrive as text, so the numbers and the flag are parsed (lax) rather than refused.
    latitude: float | None = Field(default=None, ge=-90, le=90, strict=False, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, strict=False, allow_inf_nan=False)
    contact: Contact | None = Field(
        default=None, description="Phone or e-mail, only if the reporter wants to be reached (rewards)")
    contact_consent: bool = Field(default=False, strict=False,
                                  description="Must be true when a contact is given")

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: (None if key in _OPTIONAL and isinstance(value, str) and not value.strip() else value)
                    for key, value in data.items()}
        return data


class TipForm(TipSubmission):
    """The multipart form: the submission's fields plus up to five photos."""

    photos: list[UploadFile] = Field(default_factory=list, description="0–5 JPEG, PNG or WebP images, 5 MB each")


class TipReceipt(BaseModel):
    """The answer to a new tip; the receipt is shown this once and cannot be recovered."""

    number: str
    receipt: str = Field(description="16 digits; the only way back to the tip. Not stored in readable form.")
    status: TipStatus
    created_at: datetime


class ReceiptQuery(PublicModel):
    receipt: Receipt = Field(description="The 16-digit receipt (spaces or dashes between groups allowed)")


class ReporterMessageCreate(PublicModel):
    receipt: Receipt
    body: MessageBody


class FacilityMatch(BaseModel):
    facility_id: str
    name: str
    address: str


class ReceiptHazard(BaseModel):
    title: str
    severity: str


class ReceiptMessage(BaseModel):
    author: Literal["reporter", "department"]
    department: str | None
    body: str
    created_at: datetime


class TipReceiptView(BaseModel):
    """What the holder of a receipt may read about their tip."""

    number: str
    category: str
    facility_name: str | None
    location: str | None
    status: TipStatus
    created_at: datetime
    updated_at: datetime
    outcome_note: str | None
    closed_reason: str | None
    duplicate_of_number: str | None
    hazards: list[ReceiptHazard]
    messages: list[ReceiptMessage]
    reward_status: str | None
