from types import SimpleNamespace

import pytest
from sqlmodel import Session, col, func, select

from eldersafe_registry import seed as seed_module
from eldersafe_registry.identifiers import normalize_id_number
from eldersafe_registry.models import Area, Facility, Resident, TaskForceMember
from eldersafe_registry.seed import load_district, seed
from tests.services.registry.helpers import events


def test_seed_loads_the_demo_district_once(session: Session) -> None:
    district = load_district()
    first = seed(session, district)
    assert (first.areas, first.departments, first.task_force, first.facilities) == (10, 7, 9, 20)
    for item in district["facilities"]:
        facility = session.get(Facility, item["id"])
        assert facility is not None and facility.uscc == item["uscc"]
        assert facility.residents_count == item["residents_count"]
        active = session.exec(select(func.count()).select_from(Resident).where(
            Resident.facility_id == item["id"], col(Resident.moved_out_on).is_(None))).one()
        assert active == item["residents_count"]
        (event,) = events(session, subject=f"facility:{item['id']}")
        assert event.type == "facility.registered"
        assert event.payload["residents_count"] == item["residents_count"]
    numbers = session.exec(select(Resident.id_number)).all()
    assert len(numbers) == len(set(numbers)) == sum(f["residents_count"] for f in district["facilities"])
    assert all(n.startswith("999001") and normalize_id_number(n) == n for n in numbers)

    second = seed(session, district)
    assert (second.areas, second.departments, second.task_force, second.facilities, second.residents) == (0,) * 5
    assert session.exec(select(func.count()).select_from(Area)).one() == 10
    assert session.exec(select(func.count()).select_from(TaskForceMember)).one() == 9
    assert len(events(session)) == 20


def test_seed_is_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seed_module, "get_settings", lambda: SimpleNamespace(environment="production"))
    with pytest.raises(SystemExit) as stopped:
        seed_module.main()
    assert stopped.value.code == 2
