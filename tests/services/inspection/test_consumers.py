from sqlmodel import Session, select

from eldersafe_inspection.consumers import targets_consumer
from eldersafe_inspection.targets.models import InspectionTarget
from tests.conftest import SUBDISTRICT
from tests.support.registry_events import change_status, register, update


def test_registered_facility_becomes_a_target(session: Session) -> None:
    register(session, "f-1", "松鹤颐养院", ownership="public_private", licensed_beds=80, residents_count=51)
    consumer = targets_consumer()
    assert consumer.drain(session) == 1

    target = session.get(InspectionTarget, "f-1")
    assert target is not None
    assert (target.name, target.ownership, target.licensed_beds, target.residents_count, target.status) == (
        "松鹤颐养院", "public_private", 80, 51, "operating"
    )


def test_events_are_applied_once_and_snapshots_converge(session: Session) -> None:
    consumer = targets_consumer()
    register(session, "f-2", "福寿养老院")
    update(session, "f-2", "福寿康养中心", changed=["name", "residents_count"], residents_count=30)
    # A snapshot replayed (the registry re-publishing it) must leave exactly the same row.
    update(session, "f-2", "福寿康养中心", changed=["name", "residents_count"], residents_count=30)
    assert consumer.drain(session) == 3
    assert consumer.drain(session) == 0

    rows = session.exec(select(InspectionTarget).where(InspectionTarget.facility_id == "f-2")).all()
    assert [(r.name, r.residents_count) for r in rows] == [("福寿康养中心", 30)]


def test_status_change_is_followed(session: Session) -> None:
    consumer = targets_consumer()
    register(session, "f-3", "夕阳红公寓")
    change_status(session, "f-3", "operating", "suspended")
    consumer.drain(session)

    target = session.get(InspectionTarget, "f-3")
    assert target is not None and target.status == "suspended"


def test_status_change_for_an_unknown_facility_is_consumed_without_a_row(session: Session) -> None:
    consumer = targets_consumer()
    change_status(session, "f-unknown", "operating", "closed")
    assert consumer.drain(session) == 1
    assert session.get(InspectionTarget, "f-unknown") is None


def test_moving_to_another_area_follows_the_snapshot(session: Session) -> None:
    consumer = targets_consumer()
    register(session, "f-4", "康乐园")
    other = SUBDISTRICT + "002"
    update(session, "f-4", "康乐园", changed=["area_code"], area_code=other, community_code=other)
    consumer.drain(session)

    target = session.get(InspectionTarget, "f-4")
    assert target is not None and target.area_code == other
