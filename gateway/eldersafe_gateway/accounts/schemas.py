"""Account inputs and outputs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from eldersafe_common.auth import Position, Role
from eldersafe_common.validation import Name, Phone, StrictModel

# JSON carries enums as strings; strict mode would demand enum instances.
RoleInput = Annotated[Role, Field(strict=False)]
PositionInput = Annotated[Position, Field(strict=False)]
Username = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{2,39}$")]
AreaCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}(?:[0-9]{3}){0,2}$")]
FacilityId = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F-]{36}$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s\x00]{1,64}@[^@\s\x00]{1,189}\.[A-Za-z]{2,24}$")]


Password = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class AccountPublic(BaseModel):
    id: str
    username: str
    name: str
    role: Role
    position: Position
    department: str | None
    area: str
    facility: str | None
    phone: str | None
    email: str | None
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None


class AccountCreate(StrictModel):
    username: Username = Field(description="Lower-case letters, digits, '_', '.', '-'; 3 to 40 characters")
    name: Name
    password: Password = Field(description="At least 10 characters with letters and digits")
    role: RoleInput
    position: PositionInput
    area: AreaCode = Field(description="District (6 digits), sub-district (9) or community (12) code")
    facility: FacilityId | None = Field(default=None, description="Required for, and only for, role facility")
    phone: Phone | None = None
    email: Email | None = None


class AccountUpdate(StrictModel):
    """Fields to change; omitted fields stay as they are (null clears an optional field)."""

    name: Name | None = None
    role: RoleInput | None = None
    position: PositionInput | None = None
    area: AreaCode | None = None
    facility: FacilityId | None = None
    phone: Phone | None = None
    email: Email | None = None

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class PasswordReset(StrictModel):
    new_password: Password


class AccountPage(BaseModel):
    items: list[AccountPublic]
    total: int
    page: int
    page_size: int
