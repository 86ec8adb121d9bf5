"""Campaigns and survey coverage as this service knows them (from inspection's events), the hazards taken
into the ledger (for the digest's "new"), and the runs that make each phase message and digest go out once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime

from ..base import NotificationBase


class NotificationCampaign(NotificationBase, table=True):
    """A campaign's phases, departments, area and included target facilities, from campaign.created|updated."""

    __tablename__ = "notification_campaign"

    id: str = Field(primary_key=True, max_length=36)
    name: str = Field(max_length=200)
    area_code: str = Field(max_length=32)
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    survey_start: date
    survey_end: date
    rectification_start: date
    rectification_end: date
    review_start: date
    review_end: date = Field(index=True)
    targets: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The event this row reflects: a replayed older event never overwrites a newer one.
    event_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class NotificationCoverage(NotificationBase, table=True):
    """A (facility, department) pair a submitted official inspection of the campaign covered."""

    __tablename__ = "notification_coverage"

    campaign_id: str = Field(primary_key=True, max_length=36)
    facility_id: str = Field(primary_key=True, max_length=36)
    department: str = Field(primary_key=True, max_length=32)


class NotificationPhaseRun(NotificationBase, table=True):
    """One phase message (``phase_end_2d`` or ``phase_end``) sent for one phase end date: inserted first, so a
    second check, a replica or a caught-up run finds it and sends nothing."""

    __tablename__ = "notification_phase_run"

    campaign_id: str = Field(primary_key=True, max_length=36)
    phase: str = Field(primary_key=True, max_length=16)
    stage: str = Field(primary_key=True, max_length=16)
    # The phase's end date it was for: a moved end date is a new deadline, with its own messages.
    end_date: date = Field(primary_key=True)
    ran_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    enqueued: int = 0


class NotificationDigestRun(NotificationBase, table=True):
    """One department head's digest for one working day (sent or, with nothing to say, not): its ``cut`` is
    where the next digest's "new hazards" start."""

    __tablename__ = "notification_digest_run"
    __table_args__ = (Index("ix_notification_digest_run_head", "account_id", "cut"),)

    day: date = Field(primary_key=True)
    department: str = Field(primary_key=True, max_length=32)
    account_id: str = Field(primary_key=True, max_length=36)
    cut: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    enqueued: int = 0


class NotificationHazardIntake(NotificationBase, table=True):
    """A hazard the ledger took in (or reopened), per department, stamped when this service received it: the
    digest's "new since the last digest" reads it, without waiting for the hazard copy."""

    __tablename__ = "notification_hazard_intake"
    __table_args__ = (Index("ix_notification_hazard_intake_received", "department", "received_at"),)

    hazard_id: str = Field(primary_key=True, max_length=36)
    department: str = Field(primary_key=True, max_length=32)
    hazard_key: str = Field(max_length=200)
    facility_id: str = Field(max_length=36)
    area_code: str = Field(max_length=32)
    severity: str = Field(max_length=16)
    deadline: date
    received_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
