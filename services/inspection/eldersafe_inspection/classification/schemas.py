"""Classification answers, the decision input and the ``facility.classified`` payload."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from eldersafe_common.validation import StrictModel

from ..campaigns.fields import FacilityClass, Reason, SuggestedClass


class ClassificationReason(BaseModel):
    condition: str = Field(description="The rule's condition code, e.g. open_major_unfixable")
    text_zh: str
    text_en: str
    item_codes: list[str]
    departments: list[str] = Field(default_factory=list,
                                   description="The campaign's departments that have not yet inspected (not_inspected)")


class ClassificationPublic(BaseModel):
    facility_id: str
    name: str | None
    area_code: str | None
    suggested_class: SuggestedClass | None = Field(description=(
        "shutdown / suspend / pass from the findings and the ledger's current state of their hazards; "
        "not_inspected while a department of the campaign has not submitted an inspection of the facility"))
    reasons: list[ClassificationReason]
    decided_class: FacilityClass | None = None
    decided_by: str | None = None
    decided_by_name: str | None = None
    decision_reason: str | None = None
    decided_at: datetime | None = None


class ClassificationDecision(StrictModel):
    klass: FacilityClass = Field(alias="class")
    reason: Reason


class FacilityClassified(BaseModel):
    """``facility.classified`` v1 (its ``class`` key is a Python keyword, hence the alias)."""

    model_config = ConfigDict(serialize_by_alias=True, populate_by_name=True)

    campaign_id: str
    facility_id: str
    area_code: str
    klass: str = Field(alias="class")
    suggested_class: str | None
    reason: str
    decided_by: str
    decided_at: datetime
