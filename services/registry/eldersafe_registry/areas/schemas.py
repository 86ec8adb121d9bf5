from pydantic import BaseModel

from eldersafe_common.validation import StrictModel

from ..fields import AreaCode, AreaLevel, LongName, ShortName


class AreaCreate(StrictModel):
    code: AreaCode
    name_zh: ShortName
    name_en: LongName | None = None
    level: AreaLevel
    parent: AreaCode | None = None


class AreaPublic(BaseModel):
    code: str
    name_zh: str
    name_en: str | None
    level: str
    parent: str | None


class DepartmentPublic(BaseModel):
    code: str
    name_zh: str
    name_en: str | None
