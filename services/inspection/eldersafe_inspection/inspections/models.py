"""Inspection tables: the inspection, its sections (one per department), answers, findings and amendments.

Answers and findings are never overwritten after submission: an amendment adds new rows and marks the ones
it replaces as no longer current, so the original record stays readable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import InspectionBase


class Inspection(InspectionBase, table=True):
    """One visit to one facility in one campaign, by one or several departments (joint inspection)."""

    __tablename__ = "inspection"

    id: str = Field(primary_key=True, max_length=36)
    campaign_id: str = Field(sa_column=Column(String(36), ForeignKey("campaign.id"), nullable=False, index=True))
    facility_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection_target.facility_id"),
                                              nullable=False, index=True))
    # Copied from the target when the inspection is created: the area rule applies to the record as made.
    area_code: str = Field(max_length=32, index=True)
    # announced / covert / surprise / tip_check / follow_up / self_check
    mode: str = Field(max_length=20)
    self_check: bool = False
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # [{name, department, subject}]
    inspectors: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    task_id: str | None = Field(default=None, sa_column=Column(String(36), ForeignKey("inspection_task.id"),
                                                               nullable=True, index=True))
    # draft / submitted
    status: str = Field(default="draft", max_length=20, index=True)
    started_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    latitude: float | None = None
    longitude: float | None = None
    acknowledged_name: str | None = Field(default=None, max_length=100)
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    acknowledged_by: str | None = Field(default=None, max_length=64)
    # When answers or findings changed after an acknowledgement, which was then cleared (it must be given again).
    acknowledgement_cleared_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    submitted_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    submitted_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_by: str = Field(max_length=64)
    created_by_name: str = Field(max_length=200)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class InspectionSection(InspectionBase, table=True):
    """A department's part of an inspection, pinned to the checklist version current when it was created."""

    __tablename__ = "inspection_section"
    __table_args__ = (UniqueConstraint("inspection_id", "department", name="uq_inspection_section_department"),)

    id: str = Field(primary_key=True, max_length=36)
    inspection_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection.id"), nullable=False, index=True))
    position: int
    department: str = Field(max_length=20, index=True)
    checklist_version_id: str = Field(sa_column=Column(String(36), ForeignKey("checklist_version.id"),
                                                       nullable=False))


class InspectionAmendment(InspectionBase, table=True):
    """A change after submission: who, when and why (the changed answers point here)."""

    __tablename__ = "inspection_amendment"

    id: str = Field(primary_key=True, max_length=36)
    inspection_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection.id"), nullable=False, index=True))
    reason: str = Field(max_length=1000)
    amended_by: str = Field(max_length=64)
    amended_by_name: str = Field(max_length=200)
    amended_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class InspectionAnswer(InspectionBase, table=True):
    """The answer to one check item; ``current`` is false once an amendment replaced it."""

    __tablename__ = "inspection_answer"

    id: str = Field(primary_key=True, max_length=36)
    inspection_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection.id"), nullable=False, index=True))
    section_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection_section.id"), nullable=False))
    item_id: str = Field(sa_column=Column(String(36), ForeignKey("checklist_item.id"), nullable=False, index=True))
    # pass / fail / not_applicable
    result: str = Field(max_length=20)
    number: float | None = None
    text: str | None = Field(default=None, max_length=4000)
    photo_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    answered_by: str = Field(max_length=64)
    answered_by_name: str = Field(max_length=200)
    answered_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    amendment_id: str | None = Field(default=None, sa_column=Column(
        String(36), ForeignKey("inspection_amendment.id"), nullable=True, index=True))
    replaces_id: str | None = Field(default=None, max_length=36)
    current: bool = True


class Finding(InspectionBase, table=True):
    """A failed item as a hazard. ``hazard_key`` stays the same when an amendment restates a failure."""

    __tablename__ = "finding"

    id: str = Field(primary_key=True, max_length=36)
    hazard_key: str = Field(max_length=36, index=True)
    inspection_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection.id"), nullable=False, index=True))
    answer_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection_answer.id"), nullable=False,
                                            index=True))
    item_id: str = Field(sa_column=Column(String(36), ForeignKey("checklist_item.id"), nullable=False))
    department: str = Field(max_length=20)
    item_code: str = Field(max_length=40)
    category: str = Field(max_length=20)
    criterion_code: str | None = Field(default=None, max_length=40)
    description: str = Field(max_length=4000)
    # ordinary / major
    severity: str = Field(max_length=20)
    measures: str | None = Field(default=None, max_length=4000)
    fixed_on_spot: bool = False
    photo_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    found_by: str = Field(max_length=64)
    found_by_name: str = Field(max_length=200)
    found_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    amendment_id: str | None = Field(default=None, sa_column=Column(
        String(36), ForeignKey("inspection_amendment.id"), nullable=True))
    current: bool = True


class InspectionIdempotency(InspectionBase, table=True):
    """A request made with an ``Idempotency-Key``: the same key from the same caller replays its result."""

    __tablename__ = "inspection_idempotency"

    subject: str = Field(primary_key=True, max_length=64)
    operation: str = Field(primary_key=True, max_length=20)  # create / submit
    key: str = Field(primary_key=True, max_length=200)
    fingerprint: str = Field(max_length=64)
    inspection_id: str = Field(sa_column=Column(String(36), ForeignKey("inspection.id"), nullable=False))
    response: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
