"""``python -m eldersafe_registry.seed``: load the fictional demo district (idempotent; refused in production).

Areas, departments, the task force and the 20 facilities come from ``deploy/demo/district.json``, the
facilities with their given ids so that the other services' demo data can point at them. Each facility
gets a generated roster of fictional residents matching its ``residents_count``; the identity numbers use
the fictional region prefix 999001 and carry correct check characters.
"""

from __future__ import annotations

import json
import logging
import random
import sys
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.db import transaction
from eldersafe_common.settings import REPO_ROOT

from .areas import repository as area_repository
from .areas import service as areas
from .areas.schemas import AreaCreate
from .deps import get_engine
from .facilities import repository as facility_repository
from .facilities import service as facilities
from .facilities.schemas import FacilityCreate, ReadinessUpdate
from .identifiers import id_check_char
from .models import Resident
from .settings import get_settings
from .task_force import repository as task_force_repository
from .task_force import service as task_force
from .task_force.schemas import TaskForceMemberCreate

log = logging.getLogger("eldersafe.registry.seed")

DISTRICT_FILE = REPO_ROOT / "deploy/demo/district.json"
# Stable ids for rows the demo file gives without one, so that a second run finds them again.
SEED_NAMESPACE = uuid.UUID("5d1f0f7e-2b7c-4f35-9a59-7f2f3c1d9e01")
DEPARTMENT_NAMES_EN = {
    "civil_affairs": "Civil Affairs", "fire": "Fire and Rescue", "emergency": "Emergency Management",
    "police": "Public Security", "health": "Health Commission", "housing": "Housing and Construction",
    "market": "Market Regulation",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ["秀英", "桂兰", "玉兰", "淑珍", "凤英", "国华", "建国", "德明", "志刚", "文华", "淑兰", "桂珍",
         "永福", "长生", "素芬", "金凤", "宝山", "春生", "玉珍", "树林", "福海", "荣华", "秀珍", "德胜"]
CARE_LEVELS = ("self_care", "semi_dependent", "dependent")
SEED_PRINCIPAL = Principal(subject="seed", name="demo seed", role=Role.admin, position=Position.staff, area="")


@dataclass
class SeedReport:
    areas: int = 0
    departments: int = 0
    task_force: int = 0
    facilities: int = 0
    residents: int = 0


def load_district(path: Path = DISTRICT_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def seed(session: Session, district: dict[str, Any] | None = None, *, residents: bool = True) -> SeedReport:
    """Add whatever of the demo district is missing; a second run adds nothing."""
    district = district or load_district()
    report = SeedReport()
    for item in district["areas"]:
        if area_repository.get_area(session, item["code"]) is None:
            areas.add_area(session, data=AreaCreate.model_validate(
                {k: v for k, v in item.items() if k in AreaCreate.model_fields}))
            report.areas += 1
    for item in district["departments"]:
        report.departments += areas.ensure_department(
            session, code=item["code"], name_zh=item["name_zh"],
            name_en=item.get("name_en") or DEPARTMENT_NAMES_EN.get(item["code"]))
    for item in district["task_force"]:
        member_id = str(uuid.uuid5(SEED_NAMESPACE, f"task_force:{item['name']}"))
        if task_force_repository.get_member(session, member_id) is None:
            task_force.create_member(session, principal=SEED_PRINCIPAL, member_id=member_id,
                                     data=TaskForceMemberCreate.model_validate(item))
            report.task_force += 1
    taken: set[str] = set()
    for item in district["facilities"]:
        if facility_repository.get_facility(session, item["id"]) is not None:
            continue
        report.residents += _seed_facility(session, item, taken, with_residents=residents)
        report.facilities += 1
    return report


def _seed_facility(session: Session, item: dict[str, Any], taken: set[str], *, with_residents: bool) -> int:
    fields = {k: v for k, v in item.items() if k in FacilityCreate.model_fields}
    data = FacilityCreate.model_validate(fields)
    count = int(item.get("residents_count", 0)) if with_residents else 0
    facility = facilities.register(session, data=data, principal=SEED_PRINCIPAL, facility_id=item["id"],
                                   status=item.get("status", "operating"),
                                   roster=_roster(item["id"], count, taken))
    if item.get("readiness"):
        readiness = ReadinessUpdate.model_validate({**item["readiness"], "notes": item["readiness"].get("notes")})
        facilities.apply_readiness(facility, readiness, by=SEED_PRINCIPAL.name)
        facility_repository.save(session, facility)
    return facility.residents_count


def _roster(facility_id: str, count: int, taken: set[str]) -> list[Resident]:
    rng = random.Random(facility_id)  # noqa: S311 - deterministic fictional data, not security
    today = clock.china_today()
    now = clock.now()
    residents: list[Resident] = []
    while len(residents) < count:
        born = today - timedelta(days=rng.randint(60 * 365, 98 * 365))
        first17 = f"999001{born:%Y%m%d}{rng.randint(0, 999):03d}"
        number = first17 + id_check_char(first17)
        if number in taken:
            continue
        taken.add(number)
        residents.append(Resident(
            id=str(uuid.uuid5(SEED_NAMESPACE, f"resident:{number}")), facility_id=facility_id,
            name=rng.choice(SURNAMES) + rng.choice(GIVEN), id_number=number,
            care_level=rng.choice(CARE_LEVELS), guardian_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            guardian_phone=f"1360000{rng.randint(0, 9999):04d}",
            admitted_on=today - timedelta(days=rng.randint(30, 5 * 365)), created_at=now, updated_at=now,
        ))
    return residents


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if settings.environment == "production":
        log.error("refusing to load the fictional demo district into production")
        sys.exit(2)
    with transaction(get_engine()) as session:
        report = seed(session)
    log.info("seeded %s", report)


if __name__ == "__main__":
    main()
