from datetime import date

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from eldersafe_common.validation import Phone, StrictModel

from ..fields import Address, CareLevel, DestinationKind, IdNumber, IsoDate, PersonName, Reason, Uuid


class ResidentCreate(StrictModel):
    name: PersonName
    id_number: IdNumber
    care_level: CareLevel
    guardian_name: PersonName | None = None
    guardian_phone: Phone | None = None
    admitted_on: IsoDate
    over_capacity_reason: Reason | None = Field(
        default=None, description="Required when the facility has no free licensed bed")


class ResidentUpdate(StrictModel):
    name: PersonName | None = None
    id_number: IdNumber | None = None
    care_level: CareLevel | None = None
    guardian_name: PersonName | None = None
    guardian_phone: Phone | None = None
    admitted_on: IsoDate | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> "ResidentUpdate":
        nulls = [name for name in ("name", "id_number", "care_level", "admitted_on")
                 if name in self.model_fields_set and getattr(self, name) is None]
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self


class MoveOut(StrictModel):
    destination: Address = Field(description="Where the resident went (another facility, home, hospital)")
    moved_out_on: IsoDate | None = Field(default=None, description="Defaults to today")


class Relocate(StrictModel):
    destination_kind: DestinationKind
    receiving_facility_id: Uuid | None = Field(
        default=None, validate_default=True, description="The receiving facility; required iff the kind is facility")
    destination: Address | None = Field(
        default=None, validate_default=True,
        description="Where the resident went; required unless the kind is facility (defaults to its name)")
    moved_on: IsoDate = Field(description="Not in the future, not before the admission")
    confirmed_by_name: PersonName = Field(description="Who confirmed the move")

    @field_validator("receiving_facility_id")
    @classmethod
    def _receiving_iff_facility(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("destination_kind")
        if kind == "facility" and value is None:
            raise ValueError("required when destination_kind is facility")
        if kind is not None and kind != "facility" and value is not None:
            raise ValueError("allowed only when destination_kind is facility")
        return value

    @field_validator("destination")
    @classmethod
    def _destination_unless_facility(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("destination_kind")
        if kind is not None and kind != "facility" and value is None:
            raise ValueError(f"required when destination_kind is {kind}")
        return value


class ResidentPublic(BaseModel):
    id: str
    facility_id: str
    name: str
    id_number: str = Field(description="Masked: region prefix and last four characters only")
    care_level: str
    guardian_name: str | None
    guardian_phone: str | None
    admitted_on: date
    over_capacity_reason: str | None
    moved_out_on: date | None
    move_out_destination: str | None
    move_out_kind: str | None = Field(description="facility, family, hospital or other; null for a plain move-out")
    receiving_facility_id: str | None
    confirmed_by_name: str | None = Field(description="Who confirmed the relocation")
    relocated_by: str | None = Field(description="The account that recorded the relocation")
    active: bool


class ResidentPage(BaseModel):
    items: list[ResidentPublic]
    total: int
    page: int
    page_size: int
