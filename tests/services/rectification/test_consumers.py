from sqlmodel import Session, select

from eldersafe_rectification.consumers import consumers
from eldersafe_rectification.models import RectificationFacility
from tests.conftest import SUBDISTRICT
from tests.support.registry_events import change_status, register, update


def test_registered_facility_is_kept_with_its_manager(session: Session) -> None:
    register(session, "f-1", "松鹤颐养院", manager="王五", manager_phone="13700000000")
    consumer = consumers()[0]
    assert consumer.drain(session) == 1

    row = session.get(RectificationFacility, "f-1")
    assert row is not None
    assert (row.name, row.manager, row.manager_phone, row.status) == ("松鹤颐养院", "王五", "13700000000", "operating")


def test_events_are_applied_once_and_snapshots_converge(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-2", "福寿养老院")
    update(session, "f-2", "福寿养老院", changed=["manager", "manager_phone"], manager="赵六", manager_phone=None)
    # A snapshot replayed (the registry re-publishing it) must leave exactly the same row.
    update(session, "f-2", "福寿养老院", changed=["manager", "manager_phone"], manager="赵六", manager_phone=None)
    assert consumer.drain(session) == 3
    assert consumer.drain(session) == 0

    rows = session.exec(select(RectificationFacility).where(RectificationFacility.facility_id == "f-2")).all()
    assert [(r.manager, r.manager_phone) for r in rows] == [("赵六", None)]


def test_status_change_is_followed(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-3", "夕阳红公寓")
    change_status(session, "f-3", "operating", "suspended")
    change_status(session, "f-3", "suspended", "closed")
    consumer.drain(session)

    row = session.get(RectificationFacility, "f-3")
    assert row is not None and row.status == "closed"


def test_status_change_for_an_unknown_facility_is_consumed_without_a_row(session: Session) -> None:
    consumer = consumers()[0]
    change_status(session, "f-unknown", "operating", "closed")
    assert consumer.drain(session) == 1
    assert session.get(RectificationFacility, "f-unknown") is None


def test_moving_to_another_area_follows_the_snapshot(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-4", "康乐园")
    other = SUBDISTRICT + "002"
    update(session, "f-4", "康乐园", changed=["area_code"], area_code=other, community_code=other)
    consumer.drain(session)

    row = session.get(RectificationFacility, "f-4")
    assert row is not None and row.area_code == other
