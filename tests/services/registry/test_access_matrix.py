"""Every role and position against every registry operation, inside and outside the caller's area.

The expected answers are written out from the rules (not computed from the code under test): reads for every
role but the city platform and the reward custodian (it reads tip rewards only: 403 here, before any 404); writes
per the table in the brief; a facility outside the caller's area is 404 before any 403; a refused request
publishes no event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.auth import POSITIONS, Position, Role
from eldersafe_registry.models import Facility, TaskForceMember
from tests.services.registry.helpers import (
    COMMUNITY,
    SUBDISTRICT,
    World,
    approval_row,
    events,
    facility_body,
    resident_body,
    row,
    vacate,
    workbook,
)

DISTRICT = "999001"
F = "/api/registry/facilities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

READ = "read"
ALL_ROLES = frozenset(Role) - {Role.city_platform, Role.reward_custodian}
BASE = frozenset({Role.civil_affairs, Role.admin})
READINESS = frozenset({Role.civil_affairs, Role.emergency, Role.fire, Role.admin, Role.facility})
RESIDENTS = frozenset({Role.civil_affairs, Role.admin, Role.facility})
# Relocation: the resident writers, the territorial officers and heads, the task force's leader and deputy.
RELOCATORS = RESIDENTS | {Role.subdistrict, Role.community, Role.task_force}


@dataclass(frozen=True)
class Op:
    call: Callable[[TestClient, dict[str, str], Session, World, Facility], Any]
    success: int
    roles: frozenset[Role]
    facility_scoped: bool = True
    positions: frozenset[Position] | None = None  # task force members only in these positions


def _resident(session: Session, world: World, target: Facility) -> str:
    return world.resident_of(session, target).id


def _ready_to_suspend(session: Session, target: Facility) -> bool:
    """An approved suspension plan and an empty roster, written directly so that no event is published."""
    approval_row(session, target, "suspend")
    vacate(session, target)
    return True


def _member(session: Session) -> str:
    return session.exec(select(TaskForceMember.id).order_by(col(TaskForceMember.id))).first()  # type: ignore[return-value]


OPS: dict[str, Op] = {
    "get": Op(lambda c, h, s, w, t: c.get(f"{F}/{t.id}", headers=h), 200, ALL_ROLES),
    "status_history": Op(lambda c, h, s, w, t: c.get(f"{F}/{t.id}/status-history", headers=h), 200, ALL_ROLES),
    "residents_list": Op(lambda c, h, s, w, t: c.get(f"{F}/{t.id}/residents", headers=h), 200, ALL_ROLES),
    "update": Op(lambda c, h, s, w, t: c.patch(f"{F}/{t.id}", headers=h, json={"manager_phone": "13700000000"}),
                 200, BASE),
    "status": Op(lambda c, h, s, w, t: _ready_to_suspend(s, t) and c.post(
        f"{F}/{t.id}/status", headers=h, json={"status": "suspended", "reason": "重大火灾隐患"}),
                 200, BASE | {Role.task_force},
                 positions=frozenset({Position.leader, Position.deputy})),
    "readiness": Op(lambda c, h, s, w, t: c.put(f"{F}/{t.id}/readiness", headers=h, json={
        "micro_fire_station": True, "extinguishers": 12, "evacuation_tools": True}), 200, READINESS),
    "resident_admit": Op(lambda c, h, s, w, t: c.post(f"{F}/{t.id}/residents", headers=h, json=resident_body()),
                         201, RESIDENTS),
    "resident_update": Op(lambda c, h, s, w, t: c.patch(f"{F}/{t.id}/residents/{_resident(s, w, t)}", headers=h,
                                                        json={"care_level": "dependent"}), 200, RESIDENTS),
    "resident_relocate": Op(lambda c, h, s, w, t: c.post(
        f"{F}/{t.id}/residents/{_resident(s, w, t)}/relocate", headers=h, json={
            "destination_kind": "family", "destination": "女儿家", "moved_on": clock.china_today().isoformat(),
            "confirmed_by_name": "监护人"}),
        200, RELOCATORS, positions=frozenset({Position.leader, Position.deputy})),
    "resident_move_out": Op(lambda c, h, s, w, t: c.request(
        "DELETE", f"{F}/{t.id}/residents/{_resident(s, w, t)}", headers=h, json={"destination": "家中"}),
        200, RESIDENTS),
    "list": Op(lambda c, h, s, w, t: c.get(F, headers=h), 200, ALL_ROLES, facility_scoped=False),
    "create": Op(lambda c, h, s, w, t: c.post(F, headers=h, json=facility_body()), 201, BASE, facility_scoped=False),
    "import": Op(lambda c, h, s, w, t: c.post(f"{F}/import", headers=h,
                                              files={"file": ("f.xlsx", workbook(row()), XLSX)}),
                 200, BASE, facility_scoped=False),
    "import_template": Op(lambda c, h, s, w, t: c.get(f"{F}/import-template", headers=h), 200, BASE,
                          facility_scoped=False),
    "export": Op(lambda c, h, s, w, t: c.get(f"{F}/export", headers=h), 200, BASE, facility_scoped=False),
    "areas_list": Op(lambda c, h, s, w, t: c.get("/api/registry/areas", headers=h), 200, ALL_ROLES,
                     facility_scoped=False),
    "area_create": Op(lambda c, h, s, w, t: c.post("/api/registry/areas", headers=h, json={
        "code": "999001001009", "name_zh": "新社区", "level": "community", "parent": SUBDISTRICT}), 201, BASE,
        facility_scoped=False),
    "departments": Op(lambda c, h, s, w, t: c.get("/api/registry/departments", headers=h), 200, ALL_ROLES,
                      facility_scoped=False),
    "task_force_list": Op(lambda c, h, s, w, t: c.get("/api/registry/task-force", headers=h), 200, ALL_ROLES,
                          facility_scoped=False),
    "task_force_create": Op(lambda c, h, s, w, t: c.post("/api/registry/task-force", headers=h, json={
        "name": "新成员", "title": "联络员", "position": "member"}), 201, BASE, facility_scoped=False),
    "task_force_update": Op(lambda c, h, s, w, t: c.patch(f"/api/registry/task-force/{_member(s)}", headers=h,
                                                          json={"phone": "13800009999"}), 200, BASE,
                            facility_scoped=False),
    "task_force_delete": Op(lambda c, h, s, w, t: c.delete(f"/api/registry/task-force/{_member(s)}", headers=h),
                            204, BASE, facility_scoped=False),
}

PRINCIPALS = sorted((role, position) for role, positions in POSITIONS.items() for position in positions)


def area_of(role: Role) -> str:
    return {Role.subdistrict: SUBDISTRICT, Role.community: COMMUNITY, Role.facility: COMMUNITY}.get(role, DISTRICT)


def outside_target(role: Role, world: World) -> Facility:
    """The nearest facility outside the caller's area (or, for a manager, not the caller's facility)."""
    if role == Role.facility:
        return world.sibling
    if role in (Role.subdistrict, Role.community):
        return world.other_subdistrict
    return world.other_district


def expected(role: Role, position: Position, name: str, where: str) -> int:
    op = OPS[name]
    if role in (Role.city_platform, Role.reward_custodian):  # no registry right at all: 403 before any 404
        return 403
    if op.facility_scoped and where == "outside":
        return 404
    allowed = role in op.roles and (op.positions is None or role != Role.task_force or position in op.positions)
    return op.success if allowed else 403


CASES = [
    pytest.param(role, position, name, where, id=f"{role}-{position}-{name}-{where}")
    for role, position in PRINCIPALS
    for name, op in OPS.items()
    for where in (("inside", "outside") if op.facility_scoped else ("inside",))
]


@pytest.mark.parametrize("role, position, name, where", CASES)
def test_access(client: TestClient, session: Session, world: World, auth: Any,
                role: Role, position: Position, name: str, where: str) -> None:
    facility = world.own.id if role == Role.facility else None
    headers = auth(role.value, position.value, area=area_of(role), facility=facility)
    target = world.own if where == "inside" else outside_target(role, world)
    before = len(events(session))
    response = OPS[name].call(client, headers, session, world, target)
    want = expected(role, position, name, where)
    assert response.status_code == want, response.text
    if want >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert len(events(session)) == before


def test_every_position_is_covered() -> None:
    assert {(r, p) for r, p, *_ in (c.values for c in CASES)} == {(r, p) for r, ps in POSITIONS.items() for p in ps}
