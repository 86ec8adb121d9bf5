"""Reward rule and reward inputs and answers; amounts are whole fen (分)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from eldersafe_common.validation import StrictModel

from ...campaigns.fields import IsoDate
from .fields import BasisPoints, Fen, Note, PayoutReference, RewardBasis, RewardStatus, Version


class RewardRuleUpdate(StrictModel):
    percent_basis_points: BasisPoints = Field(description="Share of the fine in basis points (1500 = 15 %)")
    minimum_fen: Fen
    maximum_fen: Fen
    first_valid_only: bool


class RewardRulePublic(BaseModel):
    area_code: str
    percent_basis_points: int
    minimum_fen: int
    maximum_fen: int
    first_valid_only: bool
    updated_by_name: str | None
    updated_at: datetime | None = Field(description="Null while the district keeps the defaults")


class RewardCreate(StrictModel):
    basis: RewardBasis
    fine_fen: Fen = Field(description="The fine imposed on the facility, in fen")
    note: Note | None = None


class RewardApprove(StrictModel):
    approved_fen: Fen | None = Field(default=None, description="Defaults to the proposed amount")
    note: Note | None = None
    version: Version


class RewardReject(StrictModel):
    note: Note
    version: Version


class RewardPayout(StrictModel):
    paid_on: IsoDate
    payout_reference: PayoutReference = Field(description="The transfer's reference in the books")
    version: Version


class RewardContact(BaseModel):
    contact: str


class RewardPublic(BaseModel):
    id: str
    tip_id: str
    tip_number: str
    facility_name: str | None
    department: str
    basis: RewardBasis
    fine_fen: int
    proposed_fen: int
    approved_fen: int | None
    status: RewardStatus
    proposed_by_name: str
    proposed_at: datetime
    proposal_note: str | None
    decided_by_name: str | None
    decided_at: datetime | None
    decision_note: str | None
    paid_on: date | None
    payout_reference: str | None
    paid_by_name: str | None
    paid_at: datetime | None
    version: int


class RewardPage(BaseModel):
    items: list[RewardPublic]
    total: int
    page: int
    page_size: int


class RewardEventPayload(BaseModel):
    """``reward.proposed`` / ``.approved`` / ``.rejected`` / ``.paid`` v1 (never the reporter's contact)."""

    reward_id: str
    tip_id: str
    tip_number: str
    department: str
    amount_fen: int
    status: str
