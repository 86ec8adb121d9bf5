"""Two relocations racing for a receiving facility's last free bed, each in its own committed transaction.

SQLite serialises writers (BEGIN IMMEDIATE); PostgreSQL needs the receiving facility's row lock, which is
what this test is for. The bed count is slowed down so that, without the lock, both moves would count the
same free bed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.db import transaction
from eldersafe_common.errors import Conflict
from eldersafe_common.events import EventRecord
from eldersafe_registry import deps
from eldersafe_registry.models import Area, Facility, FacilityStatusChange, Resident
from eldersafe_registry.residents import repository, service
from eldersafe_registry.residents.schemas import Relocate
from tests.services.registry.helpers import add_facility

DISTRICT, SUBDISTRICT, COMMUNITY = "999077", "999077001", "999077001001"
CIVIL = Principal(subject="race-civil", name="民政科员", role=Role.civil_affairs, position=Position.staff,
                  area=DISTRICT)


@pytest.fixture
def engine(migrated: str) -> Iterator[Engine]:
    """The run's database with an area of its own; everything committed here is removed afterwards."""
    engine = deps.get_engine()
    with transaction(engine) as session:
        session.add(Area(code=DISTRICT, name_zh="竞争区", level="district"))
        session.add(Area(code=SUBDISTRICT, name_zh="竞争街道", level="subdistrict", parent_code=DISTRICT))
        session.add(Area(code=COMMUNITY, name_zh="竞争社区", level="community", parent_code=SUBDISTRICT))
    yield engine
    with transaction(engine) as session:
        ids = list(session.exec(select(Facility.id).where(Facility.area_code == COMMUNITY)))
        session.execute(delete(EventRecord).where(col(EventRecord.subject).in_([f"facility:{i}" for i in ids])))
        session.execute(delete(Resident).where(col(Resident.facility_id).in_(ids)))
        session.execute(delete(FacilityStatusChange).where(col(FacilityStatusChange.facility_id).in_(ids)))
        session.execute(delete(Facility).where(col(Facility.id).in_(ids)))
        for code in (COMMUNITY, SUBDISTRICT, DISTRICT):
            session.execute(delete(Area).where(col(Area.code) == code))


def test_two_moves_cannot_both_take_the_last_bed(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with transaction(engine) as session:
        receiving = add_facility(session, community=COMMUNITY, name="接收养老院", residents=1, licensed_beds=2)
        sources = [add_facility(session, community=COMMUNITY, name=f"迁出养老院{i}", residents=1) for i in (1, 2)]
        movers = [(s.id, session.exec(select(Resident.id).where(Resident.facility_id == s.id)).one())
                  for s in sources]

    counted = repository.count_active

    def slow_count(session: Session, *, facility_id: str) -> int:
        count = counted(session, facility_id=facility_id)
        if facility_id == receiving.id:
            time.sleep(0.5)  # the window in which an unlocked second move would count the same free bed
        return count

    monkeypatch.setattr(repository, "count_active", slow_count)
    start = threading.Barrier(len(movers))
    outcomes: dict[str, str] = {}

    def move(facility_id: str, resident_id: str) -> None:
        start.wait()
        body = Relocate.model_validate({"destination_kind": "facility", "receiving_facility_id": receiving.id,
                                        "moved_on": clock.china_today().isoformat(), "confirmed_by_name": "王社工"})
        try:
            with transaction(engine) as session:
                service.relocate(session, principal=CIVIL, facility_id=facility_id, resident_id=resident_id,
                                 data=body)
            outcomes[resident_id] = "moved"
        except Conflict as exc:
            outcomes[resident_id] = exc.code or "conflict"

    threads = [threading.Thread(target=move, args=mover) for mover in movers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["moved", "no_free_beds"]
    with transaction(engine, readonly=True) as session:
        stored = session.get(Facility, receiving.id)
        assert stored is not None and stored.residents_count == 2
        assert repository.count_active(session, facility_id=receiving.id) == 2
        refused = next(r for r, outcome in outcomes.items() if outcome == "no_free_beds")
        left = session.get(Resident, refused)
        assert left is not None and left.moved_out_on is None  # the refused move changed nothing
