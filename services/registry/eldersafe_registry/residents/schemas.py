from datetime import date

from pydantic import BaseModel, Field, model_validator

from eldersafe_common.validation import Phone, StrictModel

from ..fields import Address, CareLevel, IdNumber, IsoDate, PersonName, Reason


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
    active: bool


class ResidentPage(BaseModel):
    items: list[ResidentPublic]
    total: int
    page: int
    page_size: int
