"""Areas (district → sub-district → community) and departments: the reference data of the registry."""

from sqlmodel import Session

from eldersafe_common.auth import Principal
from eldersafe_common.errors import Conflict, FieldError, Invalid, NotFound

from .. import access
from ..models import Area, Department
from . import repository
from .schemas import AreaCreate, AreaPublic, DepartmentPublic

# Each level below the district adds three digits to its parent's code.
PARENT_LEVEL = {"district": None, "subdistrict": "district", "community": "subdistrict"}


def area_public(area: Area) -> AreaPublic:
    return AreaPublic(code=area.code, name_zh=area.name_zh, name_en=area.name_en, level=area.level,
                      parent=area.parent_code)


def list_areas(session: Session, *, principal: Principal, level: str | None = None,
               parent: str | None = None) -> list[AreaPublic]:
    """List areas, optionally one level or the children of one parent."""
    access.require_reader(principal)
    return [area_public(a) for a in repository.list_areas(session, level=level, parent=parent)]


def get_area(session: Session, *, principal: Principal, code: str) -> AreaPublic:
    """One area by its code (any text that is no area's code: 404, after the role check)."""
    access.require_reader(principal)
    area = repository.get_area(session, code) if code.isascii() and code.isdigit() else None
    if area is None:
        raise NotFound("No such area.", code="area_not_found")
    return area_public(area)


def create_area(session: Session, *, principal: Principal, data: AreaCreate) -> AreaPublic:
    """Add an area whose code extends its parent's code by three digits."""
    access.require_base_data_writer(principal)
    return area_public(add_area(session, data=data))


def add_area(session: Session, *, data: AreaCreate) -> Area:
    """Validate the hierarchy and add the area (also used by the seed)."""
    expected_parent_level = PARENT_LEVEL[data.level]
    if expected_parent_level is None:
        if data.parent is not None:
            raise _invalid("body.parent", "a district has no parent")
        if len(data.code) != 6:
            raise _invalid("body.code", "a district code has 6 digits")
    else:
        parent = repository.get_area(session, data.parent) if data.parent else None
        if parent is None or parent.level != expected_parent_level:
            raise _invalid("body.parent", f"must be an existing {expected_parent_level}")
        if not (data.code.startswith(parent.code) and len(data.code) == len(parent.code) + 3):
            raise _invalid("body.code", "must be the parent's code followed by three digits")
    if repository.get_area(session, data.code) is not None:
        raise Conflict("An area with this code exists.", code="area_code_taken")
    area = Area(code=data.code, name_zh=data.name_zh, name_en=data.name_en, level=data.level,
                parent_code=data.parent)
    return repository.add_area(session, area)


def list_departments(session: Session, *, principal: Principal) -> list[DepartmentPublic]:
    """List the departments of the joint campaign."""
    access.require_reader(principal)
    return [DepartmentPublic(code=d.code, name_zh=d.name_zh, name_en=d.name_en)
            for d in repository.list_departments(session)]


def ensure_department(session: Session, *, code: str, name_zh: str, name_en: str | None) -> bool:
    """Add a department unless it exists; return whether it was added (the seed is idempotent)."""
    if repository.get_department(session, code) is not None:
        return False
    repository.add_department(session, Department(code=code, name_zh=name_zh, name_en=name_en))
    return True


def check_area_pair(session: Session, *, subdistrict_code: str, community_code: str,
                    prefix: str = "body.") -> list[FieldError]:
    """Errors unless the sub-district exists and the community exists inside it."""
    errors: list[FieldError] = []
    subdistrict = repository.get_area(session, subdistrict_code)
    if subdistrict is None or subdistrict.level != "subdistrict":
        errors.append(FieldError(field=f"{prefix}subdistrict_code", reason="unknown sub-district"))
    community = repository.get_area(session, community_code)
    if community is None or community.level != "community":
        errors.append(FieldError(field=f"{prefix}community_code", reason="unknown community"))
    elif subdistrict is not None and community.parent_code != subdistrict_code:
        errors.append(FieldError(field=f"{prefix}community_code",
                                 reason="the community does not belong to the sub-district"))
    return errors


def _invalid(field: str, reason: str) -> Invalid:
    return Invalid("The area is invalid.", code="validation_failed", errors=[FieldError(field=field, reason=reason)])
