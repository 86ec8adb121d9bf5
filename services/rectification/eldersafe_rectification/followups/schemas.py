"""Follow-up policy and follow-up list schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from eldersafe_common.validation import StrictModel

FollowUpReason = Literal["all_signed_off", "monthly_sample"]


class FollowUpPolicyUpdate(StrictModel):
    delay_days: Annotated[int, Field(ge=1, le=365, description="Days after the last sign-off")]
    monthly_sample_percent: Annotated[int, Field(
        ge=0, le=100, description="Share of fully signed-off facilities drawn at random each month (0: none)")]


class FollowUpPolicyPublic(BaseModel):
    campaign_id: str
    delay_days: int
    monthly_sample_percent: int
    updated_at: datetime | None


class FollowUpPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    campaign_id: str
    facility_id: str
    facility_name: str | None
    area_code: str
    departments: list[str]
    reason: FollowUpReason
    due_date: date
    sample_month: str | None
    requested_at: datetime


class FollowUpPage(BaseModel):
    items: list[FollowUpPublic]
    total: int
    page: int
    page_size: int
