from pydantic import BaseModel

from eldersafe_common.validation import Phone, StrictModel

from ..fields import LongName, PersonName, TaskForcePosition


class TaskForceMemberCreate(StrictModel):
    name: PersonName
    title: LongName
    position: TaskForcePosition
    department: LongName | None = None
    phone: Phone | None = None


class TaskForceMemberUpdate(StrictModel):
    name: PersonName | None = None
    title: LongName | None = None
    position: TaskForcePosition | None = None
    department: LongName | None = None
    phone: Phone | None = None


class TaskForceMemberPublic(BaseModel):
    id: str
    name: str
    title: str
    position: str
    department: str | None
    phone: str | None
