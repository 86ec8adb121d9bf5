"""Public tip-offs (举报): the tip, its photos, the thread with the reporter, and the hazards its check found.

Nothing here identifies the reporter unless they chose to leave a contact, which is stored encrypted and
read only by the reward custodian. The receipt code itself is never stored, only a slow hash of it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Column, ForeignKey, String, Text
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime, optimistic, version_column

from ...base import InspectionBase

# The database checks the version on every UPDATE (eldersafe_common.db.optimistic).
_TIP_VERSION = version_column()


class Tip(InspectionBase, table=True):
    """One tip-off from the public, from intake through triage to the outcome of its check."""

    __tablename__ = "tip"
    __mapper_args__: ClassVar[dict[str, Any]] = optimistic(_TIP_VERSION)

    id: str = Field(primary_key=True, max_length=36)
    # Public case number, e.g. JB-2026-000123; also the Open311 service_request_id.
    number: str = Field(max_length=20, unique=True)
    # scrypt of the 16-digit receipt code with a server-side pepper (deterministic, so it can be looked up).
    receipt_hash: str = Field(max_length=64, unique=True)
    # web / open311
    source: str = Field(max_length=20)
    # The city-platform client that posted it through Open311, when it did.
    client_id: str | None = Field(default=None, max_length=80)
    # fire / food / abuse_neglect / building / unlicensed / other
    category: str = Field(max_length=20, index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    facility_id: str | None = Field(default=None, max_length=36, index=True)
    facility_name: str | None = Field(default=None, max_length=200)
    # Where, in the reporter's words, when no facility was chosen (or as well).
    location: str | None = Field(default=None, max_length=300)
    latitude: float | None = None
    longitude: float | None = None
    # The facility's community; the district when the reporter only described where.
    area_code: str = Field(max_length=32, index=True)
    # received / assigned / duplicate / closed / verified / unfounded
    status: str = Field(default="received", max_length=20, index=True)
    # Found by duplicate detection at intake (same facility, similar text, short interval): a hint, not a verdict.
    possible_duplicate_of: str | None = Field(default=None, max_length=36)
    # Set when the triager marks it a duplicate.
    duplicate_of: str | None = Field(default=None, max_length=36)
    assigned_department: str | None = Field(default=None, max_length=20, index=True)
    campaign_id: str | None = Field(default=None, max_length=36)
    task_id: str | None = Field(default=None, max_length=36, index=True)
    inspection_id: str | None = Field(default=None, max_length=36)
    # What the reporter may read: the outcome of the check, or why the tip was closed.
    outcome_note: str | None = Field(default=None, max_length=1000)
    closed_reason: str | None = Field(default=None, max_length=1000)
    triaged_by: str | None = Field(default=None, max_length=64)
    triaged_by_name: str | None = Field(default=None, max_length=100)
    triaged_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    # AES-GCM ciphertext of the reporter's contact (only with consent); readable by the reward custodian alone.
    contact_ciphertext: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    contact_consent: bool = False
    # Open311 token returned with a posted request; resolves to the service_request_id.
    open311_token: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False, index=True))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    version: int = Field(default=1, sa_column=_TIP_VERSION)


class TipPhoto(InspectionBase, table=True):
    """A photo sent with a tip, re-encoded without its metadata (EXIF, GPS, camera serials)."""

    __tablename__ = "tip_photo"

    id: str = Field(primary_key=True, max_length=36)
    tip_id: str = Field(sa_column=Column(String(36), ForeignKey("tip.id"), nullable=False, index=True))
    storage_key: str = Field(max_length=200)
    content_type: str = Field(max_length=40)
    size: int
    width: int
    height: int
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class TipMessage(InspectionBase, table=True):
    """One message in the thread between the reporter (by receipt) and the handling department."""

    __tablename__ = "tip_message"

    id: str = Field(primary_key=True, max_length=36)
    tip_id: str = Field(sa_column=Column(String(36), ForeignKey("tip.id"), nullable=False, index=True))
    # reporter / department
    author: str = Field(max_length=20)
    # For department messages: which department and which staff member (never shown to the reporter).
    department: str | None = Field(default=None, max_length=20)
    author_subject: str | None = Field(default=None, max_length=64)
    author_name: str | None = Field(default=None, max_length=100)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class TipHazard(InspectionBase, table=True):
    """A hazard the tip's check found (the finding's hazard_key, as in ``hazard.found``)."""

    __tablename__ = "tip_hazard"

    tip_id: str = Field(sa_column=Column(String(36), ForeignKey("tip.id"), primary_key=True))
    hazard_key: str = Field(primary_key=True, max_length=100)
    title: str = Field(max_length=300)
    # ordinary / major (the finding's severity)
    severity: str = Field(max_length=20)
    linked_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
